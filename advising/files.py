"""The file of an advisor's material: checked by size and by what it really is (core/files.py reads its bytes),
stored under a name of our own (the original name is kept for the download)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import files
from core.files import DOCX, JPEG, PDF, PNG, PPTX, TEXT, WEBP, XLSX

MAX_SIZE = 20 * 1024 * 1024  # 20 MB

# content type → the extension a stored file gets
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", WEBP: "webp", DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", TEXT: "txt"}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.pptx,.txt"


def material_file_check(upload) -> str:
    """The file's content type, or a ValidationError with a message the advisor reads."""
    if upload.size > MAX_SIZE:
        raise ValidationError(_("The file is too large: at most 20 MB."), code="too_large")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = files.sniff(upload)
    if content_type not in EXTENSIONS:
        raise ValidationError(
            _("This type of file cannot be attached: PDF, images (PNG, JPEG, WebP), Word, Excel, PowerPoint or text."),
            code="type",
        )
    return content_type

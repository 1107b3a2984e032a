"""Attachments of messages: checked by size and by what the file really is (core/files.py reads its bytes)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import files
from core.files import DOCX, JPEG, PDF, PNG, PPTX, TEXT, WEBP, XLSX

MAX_SIZE = 10 * 1024 * 1024  # 10 MB

# content type → the extension a stored file gets
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", WEBP: "webp", DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", TEXT: "txt"}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.pptx,.txt"


def attachment_check(upload) -> str:
    """The file's content type, or a ValidationError with a message the sender reads."""
    if upload.size > MAX_SIZE:
        raise ValidationError(_("The file is too large: at most 10 MB."), code="too_large")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = files.sniff(upload)
    if content_type not in EXTENSIONS:
        raise ValidationError(
            _("This type of file cannot be attached: PDF, images (PNG, JPEG, WebP), Word, Excel, PowerPoint or text."),
            code="type",
        )
    return content_type

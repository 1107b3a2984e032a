"""Attachments of messages: checked by size and by what the file really is (its first bytes), not its name."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 10 * 1024 * 1024  # 10 MB

# content type → the extension a stored file gets
PDF, PNG, JPEG, WEBP, DOCX, XLSX, PPTX, TEXT = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "text/plain",
)
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", WEBP: "webp", DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", TEXT: "txt"}
OFFICE = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.pptx,.txt"


def sniff(upload) -> str | None:
    """The content type the file's bytes show, or None for anything not accepted."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, content_type in OFFICE.items():
                if any(name.startswith(prefix) for name in names):
                    return content_type
        return None
    sample = upload.read(8192)
    upload.seek(0)
    if b"\x00" in sample:
        return None
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # a multi-byte character cut at the end of the sample is fine
            return None
    return TEXT


def attachment_check(upload) -> str:
    """The file's content type, or a ValidationError with a message the sender reads."""
    if upload.size > MAX_SIZE:
        raise ValidationError(_("The file is too large: at most 10 MB."), code="too_large")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(
            _("This type of file cannot be attached: PDF, images (PNG, JPEG, WebP), Word, Excel, PowerPoint or text."),
            code="type",
        )
    return content_type

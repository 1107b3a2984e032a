"""Lesson files: checked by size and by their content (not their name or the browser's word), stored under our name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sniff_content_type(upload) -> str:
    """The content type the file's bytes show: PDF, PNG, JPEG, DOCX/PPTX/XLSX or UTF-8 text; else ValidationError."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            names = []
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, content_type in OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return content_type
    elif head and b"\x00" not in head:
        try:
            upload.seek(0)
            upload.read().decode("utf-8")
            return "text/plain"
        except UnicodeDecodeError:
            pass
        finally:
            upload.seek(0)
    raise ValidationError(
        _("This type of file is not accepted: upload a PDF, a Word, PowerPoint or Excel file, an image or text."),
        code="format",
    )


def max_bytes() -> int:
    return getattr(settings, "LESSON_FILE_MAX_BYTES", DEFAULT_MAX_BYTES)


def validate_lesson_file(upload) -> str:
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(limit)}, code="too_large"
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    return sniff_content_type(upload)

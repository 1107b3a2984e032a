"""Lesson files: checked by size and by their content (not their name or the browser's word), stored under our name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core import files

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ACCEPTED = frozenset({files.PDF, files.PNG, files.JPEG, files.DOCX, files.PPTX, files.XLSX, files.TEXT})


def sniff_content_type(upload) -> str:
    """The content type the file's bytes show: PDF, PNG, JPEG, DOCX/PPTX/XLSX or UTF-8 text; else ValidationError."""
    content_type = files.sniff(upload)
    if content_type not in ACCEPTED:
        raise ValidationError(
            _("This type of file is not accepted: upload a PDF, a Word, PowerPoint or Excel file, an image or text."),
            code="format",
        )
    return content_type


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

"""Uploaded files of assignments (materials and answers): checked by their size and their content, never by the
name or the type the browser claims (core/files.py reads what a file is), and stored under a random name
(docs/architecture.md#files-and-documents). A file whose name says .pdf but whose bytes say HTML is refused: it would
be served to the teacher from our origin.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core import files

MAX_BYTES = getattr(settings, "ASSIGNMENT_FILE_MAX_BYTES", 10 * 1024 * 1024)
MAX_FILES = 5

ACCEPTED = frozenset(
    {files.PDF, files.PNG, files.JPEG, files.TEXT, files.DOCX, files.XLSX, files.PPTX, files.ODT, files.ZIP}
)


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    size: int
    token: str


def accepted_formats_text() -> str:
    return "PDF, DOCX, XLSX, PPTX, ODT, PNG, JPEG, TXT, ZIP"


def check_upload(upload) -> CheckedFile:
    """Validate one uploaded file; a ValidationError (translated) names what is wrong."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large: at most %(size)s.") % {"name": upload.name, "size": filesizeformat(MAX_BYTES)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name}, code="empty")
    kind = files.sniff(upload)
    if kind not in ACCEPTED:
        raise ValidationError(
            _("%(name)s is not a file we accept. Upload one of: %(formats)s.")
            % {"name": upload.name, "formats": accepted_formats_text()},
            code="format",
        )
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    return CheckedFile(upload=upload, name=name, content_type=kind, size=upload.size, token=secrets.token_hex(16))


def check_uploads(uploads) -> list[CheckedFile]:
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_FILES}, code="too_many")
    return [check_upload(upload) for upload in uploads]

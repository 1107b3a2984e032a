"""Uploaded files of assignments (materials and answers): checked by their size and their content, never by the
name or the type the browser claims, and stored under a random name (docs/architecture.md#files-and-documents).

What a file is, is read from its first bytes: a PDF starts with `%PDF-`, a PNG and a JPEG with their signatures,
an Office or OpenDocument file is a ZIP holding the part its format names, plain text decodes as UTF-8 without
control characters. A file whose name says .pdf but whose bytes say HTML is refused: it would be served to the
teacher from our origin.
"""

import io
import secrets
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = getattr(settings, "ASSIGNMENT_FILE_MAX_BYTES", 10 * 1024 * 1024)
MAX_FILES = 5
SNIFF_BYTES = 8192

# content type -> the extension the stored name keeps (for the download's name)
ACCEPTED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "text/plain": "txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/zip": "zip",
}
OOXML_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    size: int
    token: str


def accepted_formats_text() -> str:
    return "PDF, DOCX, XLSX, PPTX, ODT, PNG, JPEG, TXT, ZIP"


def sniff(data: bytes, whole) -> str | None:
    """The content type the bytes show, or None for anything not accepted."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(whole)
    if data and b"\x00" not in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            # only the first SNIFF_BYTES were read: they may end inside a character, and only there
            if len(data) < SNIFF_BYTES or error.start < len(data) - 3:
                return None
            text = data[: error.start].decode("utf-8")
        head = text.lstrip().lower()
        if head.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script")):
            return None  # markup a browser would run
        if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
            return "text/plain"
    return None


def _zip_kind(whole) -> str | None:
    try:
        whole.seek(0)
        with zipfile.ZipFile(whole) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype") == b"application/vnd.oasis.opendocument.text":
                return "application/vnd.oasis.opendocument.text"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    for part, kind in OOXML_PARTS.items():
        if part in names:
            return kind
    return "application/zip"


def check_upload(upload) -> CheckedFile:
    """Validate one uploaded file; a ValidationError (translated) names what is wrong."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large: at most %(size)s.") % {"name": upload.name, "size": filesizeformat(MAX_BYTES)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    data = io.BytesIO(upload.read() if head.startswith(b"PK") else b"")
    if head.startswith(b"PK"):
        data = io.BytesIO(head + data.getvalue())
    kind = sniff(head, data)
    upload.seek(0)
    if kind is None:
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

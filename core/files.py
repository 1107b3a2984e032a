"""Files people upload for others to open: what a file is, read from its bytes, and how a protected one is served.

A file is what its first bytes say, never its name or the type the browser claims (docs/architecture.md#files-and-
documents): a PDF starts with `%PDF-`, PNG, JPEG and WebP with their signatures, an Office or OpenDocument file is
a ZIP holding the part its format names, plain text decodes as UTF-8 without control characters. Text that opens
like markup (HTML, SVG, XML, a script) is told apart, so no module accepts it as text: it would run when served from
our origin. Each module keeps its own list of accepted types, size limit and messages; `sniff` is the one reader,
and `upload_check` the one size-and-type check for modules whose refusals say no more than that.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ZIP = "application/zip"
TEXT = "text/plain"
MARKUP = "text/html"  # text that a browser would render or run: never accepted

SNIFF_BYTES = 8192
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
OOXML_FOLDERS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
MARKUP_STARTS = ("<!doctype", "<html", "<svg", "<?xml", "<script")

# What a person may attach for another to open (a message, an advisor's material): content type → stored extension
DOCUMENT_EXTENSIONS = {
    PDF: "pdf",
    PNG: "png",
    JPEG: "jpg",
    WEBP: "webp",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    TEXT: "txt",
}
DOCUMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.pptx,.txt"
DOCUMENT_REFUSED = _(
    "This type of file cannot be attached: PDF, images (PNG, JPEG, WebP), Word, Excel, PowerPoint or text."
)


def upload_check(upload, *, accepted, max_bytes: int, refused=DOCUMENT_REFUSED) -> str:
    """The content type of an upload of at most `max_bytes`, not empty, whose bytes show one of `accepted`;
    otherwise a ValidationError (codes too_large, empty, type) the person who chose the file reads."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes)}, code="too_large"
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = sniff(upload)
    if content_type not in accepted:
        raise ValidationError(refused, code="type")
    return content_type


def sniff(upload) -> str | None:
    """The content type the file's bytes show (one of the names above), or None for anything else."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return _text_kind(head)


def _zip_kind(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.read("mimetype") == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        upload.seek(0)
    for part, content_type in OOXML_PARTS.items():
        if part in names:
            return content_type
    if "[Content_Types].xml" in names:
        for folder, content_type in OOXML_FOLDERS.items():
            if any(name.startswith(folder) for name in names):
                return content_type
    return ZIP


def _text_kind(head: bytes) -> str | None:
    if not head or b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # only the first SNIFF_BYTES were read: they may end inside a character, and only there
        if len(head) < SNIFF_BYTES or error.start < len(head) - 3:
            return None
        text = head[: error.start].decode("utf-8")
    if text.lstrip().lower().startswith(MARKUP_STARTS):
        return MARKUP
    if all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        return TEXT
    return None


def protected_file_response(field_file, *, content_type: str, filename: str, as_attachment: bool = True):
    """A stored file for a person a view has already let in: never cached by a shared cache, never sniffed by the
    browser, and 404 when the file is gone from storage."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

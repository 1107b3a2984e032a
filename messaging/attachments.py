"""Attachments of messages: checked by size and by what the file really is (core/files.py reads its bytes)."""

from core import files

MAX_SIZE = 10 * 1024 * 1024  # 10 MB

EXTENSIONS = files.DOCUMENT_EXTENSIONS  # content type → the extension a stored file gets
ACCEPT = files.DOCUMENT_ACCEPT


def attachment_check(upload) -> str:
    """The file's content type, or a ValidationError with a message the sender reads."""
    return files.upload_check(upload, accepted=EXTENSIONS, max_bytes=MAX_SIZE)

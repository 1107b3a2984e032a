"""The file of an advisor's material: checked by size and by what it really is (core/files.py reads its bytes),
stored under a name of our own (the original name is kept for the download)."""

from core import files

MAX_SIZE = 20 * 1024 * 1024  # 20 MB

EXTENSIONS = files.DOCUMENT_EXTENSIONS  # content type → the extension a stored file gets
ACCEPT = files.DOCUMENT_ACCEPT


def material_file_check(upload) -> str:
    """The file's content type, or a ValidationError with a message the advisor reads."""
    return files.upload_check(upload, accepted=EXTENSIONS, max_bytes=MAX_SIZE)

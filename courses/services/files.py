"""Checks of the files an author uploads to a course: lesson videos (MP4 or WebM, read from their bytes) and
materials (the attachable document types of core.files)."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core import files as core_files

MP4, WEBM = "video/mp4", "video/webm"
VIDEO_MAX_BYTES = 500 * 1024 * 1024
MATERIAL_MAX_BYTES = 25 * 1024 * 1024


def video_check(upload) -> str:
    """The content type of an MP4 (an ISO box "ftyp" first) or WebM (EBML header) video, or a refusal."""
    if upload.size > VIDEO_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(VIDEO_MAX_BYTES)}, code="too_large"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    raise ValidationError(_("A lesson's video is an MP4 or WebM file."), code="type")


def material_check(upload) -> str:
    return core_files.upload_check(upload, accepted=set(core_files.DOCUMENT_EXTENSIONS), max_bytes=MATERIAL_MAX_BYTES)

"""A lesson's video and materials, for the course's learners and author only (404 for anyone else).

The video answers HTTP Range requests (206 Partial Content) so that the player can seek and resume: Django's
FileResponse (behind core.files.protected_file_response) always sends the whole file."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from core.files import DOCUMENT_EXTENSIONS, protected_file_response

from ..permissions import lesson_get_for_user_or_404, material_get_for_user_or_404

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(handle, length: int):
    try:
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def _private(response, filename: str):
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def ranged_file_response(request, field_file, *, content_type: str, filename: str):
    """The stored file, or the one byte range a `Range: bytes=a-b` (or `a-`, or `-n`) header asks for; an
    unsatisfiable range is 416. Several ranges in one header are answered with the whole file."""
    try:
        size = field_file.size
    except (FileNotFoundError, ValueError, OSError) as error:
        raise Http404 from error
    match = RANGE.match(request.headers.get("Range", "").strip())
    if not match or not (match[1] or match[2]):
        response = protected_file_response(
            field_file, content_type=content_type, filename=filename, as_attachment=False
        )
        return _private(response, filename)
    if match[1]:
        start, end = int(match[1]), min(int(match[2]) if match[2] else size - 1, size - 1)
    else:
        start, end = max(0, size - int(match[2])), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _private(response, filename)
    handle = field_file.open("rb")
    handle.seek(start)
    length = end - start + 1
    response = StreamingHttpResponse(_chunks(handle, length), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    return _private(response, filename)


@login_required
@require_GET
def lesson_video(request, pk):
    lesson, _enrolment = lesson_get_for_user_or_404(request.user, pk)
    if not lesson.video_file:
        raise Http404
    content_type = lesson.video_type or "video/mp4"
    suffix = "webm" if content_type == "video/webm" else "mp4"
    return ranged_file_response(request, lesson.video_file, content_type=content_type, filename=f"lesson-{pk}.{suffix}")


@login_required
@require_GET
def material(request, pk):
    item = material_get_for_user_or_404(request.user, pk)
    if not item.file:
        return redirect(item.url)
    content_type = item.content_type or "application/octet-stream"
    suffix = DOCUMENT_EXTENSIONS.get(content_type, "bin")
    inline = request.GET.get("view") == "1" and content_type in {"application/pdf", "image/png", "image/jpeg"}
    name = f"{item.name[:80]}.{suffix}" if not item.name.lower().endswith(f".{suffix}") else item.name
    return protected_file_response(item.file, content_type=content_type, filename=name, as_attachment=not inline)

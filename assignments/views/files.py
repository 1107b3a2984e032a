"""Assignment files, served only through these access-checked views (never a public /media/ URL)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from ..permissions import answer_file_for_user_or_404, material_file_for_user_or_404


def _serve(row):
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # the type the content showed when it was checked (assignments/files.py), always as a download
    response = FileResponse(handle, content_type=row.content_type, as_attachment=True, filename=row.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def material_file(request, pk):
    """A material file: the students of the assignment's stream and its teacher."""
    return _serve(material_file_for_user_or_404(request.user, pk))


@login_required
@require_GET
def answer_file(request, pk):
    """An answer file: its student and the teacher of the stream."""
    return _serve(answer_file_for_user_or_404(request.user, pk))

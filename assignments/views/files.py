"""Assignment files, served only through these access-checked views (never a public /media/ URL)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from core.files import protected_file_response

from ..permissions import answer_file_for_user_or_404, material_file_for_user_or_404


def _serve(row):
    # the type the content showed when it was checked (assignments/files.py), always as a download
    return protected_file_response(row.file, content_type=row.content_type, filename=row.name)


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

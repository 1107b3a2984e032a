"""A question's images, served only through this access-checked view (never a public /media/ URL)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from core.files import protected_file_response

from ..permissions import question_file_get_for_user_or_404


@login_required
@require_GET
def question_file(request, pk, name):
    row = question_file_get_for_user_or_404(request.user, pk, name)
    # shown inline in the question (an image whose type its content showed when it was stored)
    return protected_file_response(row.file, content_type=row.content_type, filename=row.name, as_attachment=False)

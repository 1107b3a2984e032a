"""Who may see and act on a request: the student their own, the office (registrars, administrators) any.
"Missing" and "not yours" are the same 404."""

from django.http import Http404

from people.permissions import is_office

from .models import Request, RequestFile

RELATED = ("kind", "student__user", "document", "payment", "refund")


def can_handle(user) -> bool:
    """The office takes requests into review, marks them ready, issues and rejects them."""
    return is_office(user)


def request_get_for_user_or_404(user, pk: int) -> Request:
    """The signed-in student's own request (the office reviews requests on its own page)."""
    if not (user.is_authenticated and user.is_student):
        raise Http404
    try:
        return Request.objects.select_related(*RELATED).get(pk=pk, student__user_id=user.pk)
    except Request.DoesNotExist:
        raise Http404 from None


def request_for_office_or_404(user, pk: int) -> Request:
    if not can_handle(user):
        raise Http404
    try:
        return Request.objects.select_related(*RELATED, "student__group", "student__programme").get(pk=pk)
    except Request.DoesNotExist:
        raise Http404 from None


def request_file_get_for_user_or_404(user, pk: int) -> RequestFile:
    """A request's file: for the request's student and the office only."""
    files = RequestFile.objects.select_related("request")
    if not can_handle(user):
        if not (user.is_authenticated and user.is_student):
            raise Http404
        files = files.filter(request__student__user_id=user.pk)
    try:
        return files.get(pk=pk)
    except RequestFile.DoesNotExist:
        raise Http404 from None

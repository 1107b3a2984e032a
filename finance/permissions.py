"""Who may see and do what in finance. 404 answers both "missing" and "not yours"."""

from django.http import Http404

from people.permissions import is_office

from .models import TopUp

# --- top-ups (fin-pay) ---


def can_review_receipts(user) -> bool:
    """The registrar's office confirms or rejects receipts (docs/modules.md#top-ups)."""
    return is_office(user)


def topup_get_for_user_or_404(user, *, pk: int) -> TopUp:
    """The signed-in student's own top-up."""
    if not (user.is_authenticated and user.is_student):
        raise Http404
    try:
        return TopUp.objects.select_related("student").get(pk=pk, student__user_id=user.pk)
    except TopUp.DoesNotExist:
        raise Http404 from None


def receipt_topup_for_user_or_404(user, *, pk: int, review: bool = False) -> TopUp:
    """A receipt top-up with its file: for its student (to open, not to `review`) and for the office."""
    if not user.is_authenticated:
        raise Http404
    queryset = TopUp.objects.filter(provider="receipt").exclude(receipt="").select_related("student__user")
    if not can_review_receipts(user):
        if review or not user.is_student:
            raise Http404
        queryset = queryset.filter(student__user_id=user.pk)
    try:
        return queryset.get(pk=pk)
    except TopUp.DoesNotExist:
        raise Http404 from None

"""Who may see and do what with money (docs/modules.md#finance)."""

from django.http import Http404

from people.models import StudentRecord
from people.permissions import is_office

from .models import TopUp
from .tasks import tuition_job_state

# --- the office's pages (fin-pages) ---

STAFF_STUDENT_RELATED = ("user", "group", "programme__department__faculty__university")


def can_manage_finance(user) -> bool:
    """The office (registrars and administrators with staff status): any student's money, discounts, reversals,
    refunds, debt holds and the term's tuition charges."""
    return is_office(user)


def require_finance_staff(user) -> None:
    """404 for anyone outside the office: the office's pages do not exist for them."""
    if not can_manage_finance(user):
        raise Http404


def finance_student_get_for_staff_or_404(user, pk) -> StudentRecord:
    """Any student, for the office; 404 for everyone else and for a student that does not exist."""
    require_finance_staff(user)
    try:
        return StudentRecord.objects.select_related(*STAFF_STUDENT_RELATED).get(pk=pk)
    except StudentRecord.DoesNotExist:
        raise Http404 from None


def tuition_job_get_for_staff_or_404(user, key: str) -> dict:
    """The progress of a tuition-charging job, for the office; 404 for an unknown (or expired) job."""
    require_finance_staff(user)
    state = tuition_job_state(key)
    if state is None:
        raise Http404
    return state


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

"""Who may see and change what in the study plan (404 for both "missing" and "not yours").

The IUP chain of signatures is student → advisor → registrar: `NEXT_STEP` says whose turn it is for each status;
the services enforce it, the views use the same predicates to show buttons.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from people.models import StudentRecord

from .models import Discipline, IndividualPlan, IUPSignature

STAFF_ROLES = ("teacher", "advisor", "registrar", "administrator")


def posted_student_is_forged(student: StudentRecord, posted_student_id) -> bool:
    """The student always comes from the session; a request naming another student is forged and refused."""
    if posted_student_id in (None, ""):
        return False
    return str(posted_student_id).strip() != str(student.pk)


def can_view_discipline(user) -> bool:
    """The discipline catalogue is open to the university's people: students and staff (not applicants)."""
    return user.is_authenticated and (user.is_student or user.has_role(*STAFF_ROLES))


def discipline_get_for_user_or_404(user, code: str) -> Discipline:
    if not can_view_discipline(user):
        raise Http404
    discipline = Discipline.objects.select_related("department").filter(code=code).first()
    if discipline is None:
        raise Http404
    return discipline


Status = IndividualPlan.Status
Step = IUPSignature.Step

# Whose signature the plan awaits in each status; an approved plan awaits nobody.
NEXT_STEP: dict[str, str] = {
    Status.DRAFT: Step.STUDENT,
    Status.RETURNED: Step.STUDENT,
    Status.STUDENT_SIGNED: Step.ADVISOR,
    Status.ADVISOR_SIGNED: Step.REGISTRAR,
}
# The status a plan reaches once a step signs.
STATUS_AFTER: dict[str, str] = {
    Step.STUDENT: Status.STUDENT_SIGNED,
    Step.ADVISOR: Status.ADVISOR_SIGNED,
    Step.REGISTRAR: Status.APPROVED,
}
STEPS: tuple[str, ...] = (Step.STUDENT, Step.ADVISOR, Step.REGISTRAR)


def holds_step(user, plan: IndividualPlan, step: str) -> bool:
    """Whether `user` is the person who signs `step` of this plan (regardless of whose turn it is)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if step == Step.STUDENT:
        return plan.student.user_id == user.pk
    if step == Step.ADVISOR:
        return user.is_advisor and plan.student.advisor_id == user.pk
    if step == Step.REGISTRAR:
        return user.is_registrar
    return False


def is_party_to(user, plan: IndividualPlan) -> bool:
    """The student, the student's advisor, or a registrar: the people of the chain."""
    return any(holds_step(user, plan, step) for step in STEPS)


def plan_is_past(plan: IndividualPlan, *, today=None) -> bool:
    """A plan of a term that has ended is history (docs/domain.md#iup): read-only, whatever its status.

    Nobody signs, returns or changes it, and it awaits nobody: its disciplines were studied and graded as they
    stand, so a signature now would certify nothing.
    """
    return plan.term.end_date < (today or timezone.localdate())


def step_for(user, plan: IndividualPlan) -> str | None:
    """The step `user` may sign now, or None when it is not their turn, the plan is not theirs or it is past."""
    if plan_is_past(plan):
        return None
    step = NEXT_STEP.get(plan.status)
    if step is not None and holds_step(user, plan, step):
        return step
    return None


def can_return_plan(user, plan: IndividualPlan) -> bool:
    """Advisor or registrar at their own step may send the plan back to the student."""
    return step_for(user, plan) in (Step.ADVISOR, Step.REGISTRAR)


def plans_visible_to(user) -> QuerySet[IndividualPlan]:
    qs = IndividualPlan.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_registrar:
        return qs
    condition = Q(student__user=user)
    if user.is_advisor:
        condition |= Q(student__advisor=user)
    return qs.filter(condition)


def plan_get_for_user_or_404(user, pk) -> IndividualPlan:
    """The plan with its student, programme, group, advisor and term; 404 for missing and for not yours."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        plans_visible_to(user).select_related(
            "student__user",
            "student__advisor",
            "student__group",
            "student__programme__department__faculty__university",
            "term__academic_year",
        ),
        pk=pk,
    )


def can_use_iup_queue(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and (user.is_advisor or user.is_registrar))


def can_open_issued_document(user, document) -> bool:
    """The holder and registrars may download an issued document again; anyone may verify it by its code."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return document.holder_id == user.pk or user.is_registrar

"""Registration for disciplines (docs/domain.md#registration-and-holds): add and drop, each refusal naming its reason.

Concurrency: both services lock the student's record first (people's `student_lock`, the row lock every app
takes on a student), so two requests of one student run one after the other and the second sees the first's
registration when it counts credits and statuses; the unique constraint (student, discipline, term) has the last
word.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record_create
from people.models import StudentRecord
from people.selectors import student_lock

from ..models import CurriculumItem, Discipline, Registration
from ..selectors.holds import active_holds
from ..selectors.plan import student_curriculum
from ..selectors.registration import (
    already_registered_message,
    credit_bounds,
    open_period,
    registered_credits,
    registration_refusal,
    request_window_refusal,
)
from ..selectors.status import discipline_statuses
from .iup import iup_plan_changed


def _lock_student(student) -> StudentRecord:
    """Lock the student's row: one student's registrations are serialised (see the module docstring)."""
    return student_lock(student.pk, related=("programme__department__faculty", "group"))


def _require_window(*, term, today, by_request: bool = False, late: bool = False) -> None:
    """Self-service: the term's registration or add/drop period. By request (an approved add/drop request): the
    add/drop period instead, or, for a late drop, after it until the term ends (`request_window_refusal`)."""
    if late and not by_request:
        raise ValueError("a late drop is made only by request")
    if by_request:
        refusal = request_window_refusal(term=term, today=today, late=late)
        if refusal:
            raise ValidationError(refusal)
        return
    if open_period(term=term, today=today) is None:
        raise ValidationError(
            _(
                "Registration for %(term)s is closed: it is open only during the registration and add/drop "
                "periods of the academic calendar."
            )
            % {"term": term}
        )


def _require_studying(student) -> None:
    if student.status != StudentRecord.Status.ACTIVE:
        raise ValidationError(
            _("Only a studying student can register (your status: %(status)s).")
            % {"status": student.get_status_display()}
        )


def hold_message(hold) -> str:
    return _("Registration is blocked by the %(office)s: %(reason)s. To lift: %(how)s") % {
        "office": hold.get_office_display(),
        "reason": hold.reason,
        "how": hold.how_to_lift,
    }


@transaction.atomic
def registration_add(
    *, student, discipline: Discipline, term, actor, today=None, by_request: bool = False
) -> Registration:
    """Register the student for a discipline in a term, in the order of the rules:

    window open (registration or add/drop of that term; `by_request`, an approved add/drop request: its add/drop
    period only, docs/domain.md#add-drop-by-request) → no hold blocking registration → the discipline is in
    the student's curriculum → its status is NOT TAKEN or FAILED → prerequisites passed → the elective group not
    complete → the term's credit maximum not exceeded. Then audit, and restart the IUP's signatures if signed.
    """
    today = today or timezone.localdate()
    student = _lock_student(student)
    _require_studying(student)
    _require_window(term=term, today=today, by_request=by_request)
    hold = active_holds(student=student, blocking="registration").first()
    if hold is not None:
        raise ValidationError(hold_message(hold))

    curriculum = student_curriculum(student=student, today=today)
    item = None
    if curriculum is not None:
        item = (
            CurriculumItem.objects.filter(curriculum=curriculum, discipline=discipline)
            .select_related("discipline", "elective_group")
            .prefetch_related(Prefetch("discipline__prerequisites", queryset=Discipline.objects.order_by("code")))
            .first()
        )
    if item is None:
        raise ValidationError(
            _("%(discipline)s is not in the curriculum of your programme.") % {"discipline": discipline}
        )
    discipline = item.discipline

    statuses = discipline_statuses(student=student)
    group_ids = []
    if item.elective_group_id:
        group_ids = list(item.elective_group.items.values_list("discipline_id", flat=True))
    refusal = registration_refusal(
        discipline=discipline,
        item=item,
        statuses=statuses,
        group_discipline_ids=group_ids,
        credits_registered=registered_credits(statuses.registrations_in(term.pk)),
        max_credits=credit_bounds(student=student, term=term).max_credits,
        term=term,
    )
    if refusal:
        raise ValidationError(refusal)

    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                student=student, discipline=discipline, term=term, semester=item.semester
            )
    except IntegrityError:
        raise ValidationError(already_registered_message(discipline, term)) from None
    audit_record_create(
        actor=actor,
        action=AuditAction.REGISTRATION_ADD,
        target=registration,
        summary=f"{student.student_number}: +{discipline.code} ({term})",
        after={"discipline": discipline.code, "term": term.pk, "credits": discipline.credits},
    )
    iup_plan_changed(student=student, term=term, actor=actor)
    return registration


@transaction.atomic
def registration_remove(
    *, student, discipline: Discipline, term, actor, today=None, by_request: bool = False, late: bool = False
) -> None:
    """Drop a registration: only inside the term's registration or add/drop period, and only without a grade.

    `by_request` (an approved add/drop request): inside the term's add/drop period; with `late` (a late drop,
    by request only): after that period and before the term ends (docs/domain.md#add-drop-by-request).
    A hold does not stop a drop (it blocks taking on more, not giving up).
    """
    today = today or timezone.localdate()
    student = _lock_student(student)
    _require_window(term=term, today=today, by_request=by_request, late=late)
    registration = (
        Registration.objects.filter(student=student, discipline=discipline, term=term)
        .select_related("final_grade", "discipline")
        .first()
    )
    if registration is None:
        raise ValidationError(
            _("You are not registered for %(discipline)s in %(term)s.") % {"discipline": discipline, "term": term}
        )
    if getattr(registration, "final_grade", None) is not None:
        raise ValidationError(
            _("%(discipline)s already has a final grade and cannot be dropped.") % {"discipline": discipline}
        )
    before = {"discipline": discipline.code, "term": term.pk, "credits": registration.discipline.credits}
    audit_record_create(
        actor=actor,
        action=AuditAction.REGISTRATION_REMOVE,
        target=registration,
        summary=f"{student.student_number}: -{discipline.code} ({term})",
        before=before,
    )
    registration.delete()
    iup_plan_changed(student=student, term=term, actor=actor)

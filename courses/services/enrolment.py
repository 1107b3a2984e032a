"""Enrolment in an online course (SPEC §2.7.1), its moderation and favourites.

- A free course without moderation opens at once (active).
- A paid course without moderation is paid from the Finance balance (`finance.services.payments.service_pay`,
  service "course", reference "course:<pk>") and opens at once; a balance that does not cover the price refuses
  with "top up N ₸" and nothing is created or paid.
- A course that needs moderation makes the enrolment wait (pending) until its author or the office decides. A paid
  one is charged on approval, not on application (nothing is held meanwhile): the application is refused at once
  when the balance does not cover the price then, and the approval is refused if it does not cover it at the moment
  of approval (the application keeps waiting; the moderator may approve again after the student tops up, or
  reject). A rejected student may apply again: the same row goes back to pending.

Every write runs under the student's lock (people's `student_lock`, which the balance also takes), so a double
POST or two tabs enrol and pay once; the unique (course, student) constraint has the last word. The student is told
of each decision (notifications app).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import audit_record_create
from finance.models import Account
from finance.services.ledger import require_balance, student_account
from finance.services.payments import service_pay
from notifications.models import Kind as NotificationKind
from notifications.services import notify
from people.selectors import student_lock

from ..models import Course, Enrolment, Favourite
from ..permissions import can_moderate

Status = Enrolment.Status
# notifications has no kind of its own for courses yet: they come under "News and events" (docs/modules.md)
NOTIFICATION_KIND = NotificationKind.NEWS
REASON_MAX = Enrolment._meta.get_field("reason").max_length
PAYMENT_SERVICE = "course"

MESSAGES = {
    Status.ACTIVE: (
        gettext_lazy("You are enrolled in the course «{course}»"),
        gettext_lazy("The course is open in My courses."),
    ),
    Status.PENDING: (
        gettext_lazy("Your application for the course «{course}» is sent"),
        gettext_lazy("A moderator will review it soon."),
    ),
    Status.REJECTED: (
        gettext_lazy("Your application for the course «{course}» is not approved"),
        gettext_lazy("Reason: {reason}"),
    ),
}


def _tell(enrolment: Enrolment) -> None:
    title, body = MESSAGES[enrolment.status]
    params = {"course": enrolment.course}
    if enrolment.status == Status.REJECTED:
        params["reason"] = enrolment.reason
    notify(
        recipient=enrolment.student.user,
        kind=NOTIFICATION_KIND,
        title=title,
        body=body,
        params=params,
        url=reverse("courses:detail", args=[enrolment.course_id]),
    )


def _pay(*, enrolment: Enrolment, actor):
    course = enrolment.course
    return service_pay(
        student=enrolment.student,
        amount=course.price,
        service=PAYMENT_SERVICE,
        reference=f"course:{course.pk}",
        actor=actor,
        description=str(course.title)[:200],
        memo={"enrolment": enrolment.pk},
    )


@transaction.atomic
def enrolment_create(*, course: Course, student, notify_me: bool = True, actor) -> Enrolment:
    """Enrol `student` in `course` (the rules in the module's docstring). Refused: a course not published, an
    enrolment that exists (waiting, studying or done), a balance short of a paid course's price."""
    if not course.is_published:
        raise ValidationError(_("This course is not open for enrolment."), code="unpublished")
    student = student_lock(student.pk, related=("user",))
    enrolment = Enrolment.objects.select_for_update(of=("self",)).filter(course=course, student=student).first()
    if enrolment is not None and enrolment.status != Status.REJECTED:
        if enrolment.status == Status.PENDING:
            raise ValidationError(_("Your application for this course is waiting for a moderator."), code="pending")
        raise ValidationError(_("You are already enrolled in this course."), code="duplicate")
    if course.needs_moderation and not course.is_free:
        require_balance(student_account(student, Account.Kind.BALANCE), course.price)
    status = Status.PENDING if course.needs_moderation else Status.ACTIVE
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(course=course, student=student, status=status, notify=notify_me)
        except IntegrityError:
            raise ValidationError(_("You are already enrolled in this course."), code="duplicate") from None
    else:
        enrolment.status, enrolment.notify, enrolment.reason = status, notify_me, ""
        enrolment.decided_by, enrolment.decided_at = None, None
        enrolment.save(update_fields=["status", "notify", "reason", "decided_by", "decided_at", "updated_at"])
    enrolment.course, enrolment.student = course, student
    if status == Status.ACTIVE and not course.is_free:
        enrolment.paid_transaction = _pay(enrolment=enrolment, actor=actor)
        enrolment.save(update_fields=["paid_transaction", "updated_at"])
    _tell(enrolment)
    return enrolment


def _pending_locked(enrolment: Enrolment, actor) -> Enrolment:
    student_lock(enrolment.student_id)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("course", "student__user").get(pk=enrolment.pk)
    )
    if not can_moderate(actor, enrolment.course):
        raise PermissionDenied
    if enrolment.status != Status.PENDING:
        raise ValidationError(
            _("This application is already decided: “%(status)s”.") % {"status": enrolment.get_status_display()},
            code="decided",
        )
    return enrolment


def _audit_decision(enrolment: Enrolment, action: AuditAction, actor, **after) -> None:
    """A moderator's decision on a waiting application, in the audit."""
    audit_record_create(
        actor=actor,
        action=action,
        target=enrolment,
        summary=f"{enrolment.course} · {enrolment.student}",
        before={"status": Status.PENDING},
        after={"status": enrolment.status, **after},
    )


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, actor) -> Enrolment:
    """A moderator approves an application; a paid course is charged now. A balance that does not cover the price
    refuses the approval (the application keeps waiting)."""
    enrolment = _pending_locked(enrolment, actor)
    fields = ["status", "decided_by", "decided_at", "updated_at"]
    if not enrolment.course.is_free:
        try:
            with transaction.atomic():
                enrolment.paid_transaction = _pay(enrolment=enrolment, actor=actor)
        except ValidationError as error:
            if getattr(error, "code", None) != "insufficient_balance":
                raise
            raise ValidationError(
                _(
                    "The student's balance does not cover the price of the course: the application keeps waiting "
                    "until they top up, or reject it."
                ),
                code="insufficient_balance",
            ) from None
        fields.append("paid_transaction")
    enrolment.status, enrolment.decided_by, enrolment.decided_at = Status.ACTIVE, actor, timezone.now()
    enrolment.save(update_fields=fields)
    _audit_decision(
        enrolment, AuditAction.COURSE_ENROLMENT_APPROVE, actor, paid_transaction=enrolment.paid_transaction_id
    )
    _tell(enrolment)
    return enrolment


@transaction.atomic
def enrolment_reject(*, enrolment: Enrolment, actor, reason: str) -> Enrolment:
    """A moderator turns an application down, saying why (the student reads the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the application is not approved."), code="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_("The reason is at most %(count)s characters.") % {"count": REASON_MAX}, code="reason")
    enrolment = _pending_locked(enrolment, actor)
    enrolment.status, enrolment.reason = Status.REJECTED, reason
    enrolment.decided_by, enrolment.decided_at = actor, timezone.now()
    enrolment.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    _audit_decision(enrolment, AuditAction.COURSE_ENROLMENT_REJECT, actor, reason=reason)
    _tell(enrolment)
    return enrolment


@transaction.atomic
def favourite_toggle(*, course: Course, student) -> bool:
    """Flag the course, or take the flag off; True when it is flagged now."""
    deleted, _rows = Favourite.objects.filter(course=course, student=student).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Favourite.objects.create(course=course, student=student)
    except IntegrityError:
        pass  # flagged meanwhile (a second tab)
    return True

"""Holds placed and lifted by offices (docs/domain.md#registration-and-holds): audited, and the student is told."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction
from audit.services import audit_record_create
from notifications.models import Kind
from notifications.services import notify

from ..models import Hold


@transaction.atomic
def hold_place(
    *,
    student,
    kind: str,
    office: str,
    reason: str,
    how_to_lift: str,
    actor,
    blocks_registration: bool = True,
    blocks_exams: bool = False,
    blocks_documents: bool = False,
) -> Hold:
    reason, how_to_lift = reason.strip(), how_to_lift.strip()
    if kind not in Hold.Kind.values or office not in Hold.Office.values:
        raise ValidationError(_("Choose the kind of hold and the office that places it."))
    if not reason or not how_to_lift:
        raise ValidationError(_("A hold needs a reason and what lifts it: the student must see both."))
    if not (blocks_registration or blocks_exams or blocks_documents):
        raise ValidationError(_("A hold must block at least one of registration, exams or documents."))
    hold = Hold.objects.create(
        student=student,
        kind=kind,
        office=office,
        reason=reason,
        how_to_lift=how_to_lift,
        blocks_registration=blocks_registration,
        blocks_exams=blocks_exams,
        blocks_documents=blocks_documents,
        placed_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record_create(
        actor=actor,
        action=AuditAction.HOLD_PLACE,
        target=hold,
        summary=f"{student.student_number}: {kind} ({office})",
        after={"kind": kind, "office": office, "reason": reason, "how_to_lift": how_to_lift},
    )
    notify(
        recipient=student.user,
        kind=Kind.STUDY_PLAN,
        title=_("A hold was placed on your account: %(kind)s"),
        body=_("%(office)s: %(reason)s\nTo lift: %(how)s"),
        params={
            "kind": Hold.Kind(kind).label,
            "office": Hold.Office(office).label,
            "reason": reason,
            "how": how_to_lift,
        },
        url=reverse("study_plan:curriculum"),
    )
    return hold


@transaction.atomic
def hold_lift(*, hold: Hold, actor) -> Hold:
    hold = Hold.objects.select_for_update().select_related("student__user").get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise ValidationError(_("This hold was already lifted."))
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor if getattr(actor, "pk", None) else None
    hold.save(update_fields=["lifted_at", "lifted_by"])
    audit_record_create(
        actor=actor,
        action=AuditAction.HOLD_LIFT,
        target=hold,
        summary=f"{hold.student.student_number}: {hold.kind} ({hold.office})",
        before={"lifted_at": None},
        after={"lifted_at": hold.lifted_at.isoformat()},
    )
    notify(
        recipient=hold.student.user,
        kind=Kind.STUDY_PLAN,
        title=_("A hold was lifted: %(kind)s"),
        body="%(office)s",
        params={"kind": Hold.Kind(hold.kind).label, "office": Hold.Office(hold.office).label},
        url=reverse("study_plan:curriculum"),
    )
    return hold

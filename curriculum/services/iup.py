"""Writes of the IUP: the signature chain student → advisor → registrar (docs/domain.md#iup-signatures).

Every signature, return and restart is one atomic change of the locked plan row with an event for the
history, an audit record and notifications. A notification keeps its message ids and values, so each reader
sees it in their own language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction
from audit.services import audit_record_create
from core.ids import parse_ids
from notifications.models import Kind
from notifications.services import notify
from people.models import User

from ..models import IndividualPlan, IUPEvent, IUPSignature, Registration
from ..permissions import NEXT_STEP, STATUS_AFTER, holds_step, is_party_to, plan_is_past, plans_visible_to
from . import error_text

Status = IndividualPlan.Status
Step = IUPSignature.Step

AWAITS = {
    Step.STUDENT: _("Not your turn: the IUP awaits the student's signature."),
    Step.ADVISOR: _("Not your turn: the IUP awaits the advisor's signature."),
    Step.REGISTRAR: _("Not your turn: the IUP awaits the registrar's signature."),
}


def _lock(plan: IndividualPlan) -> IndividualPlan:
    """Re-read the plan under a row lock, so two signers at the same moment act one after the other."""
    return (
        IndividualPlan.objects.select_for_update(of=("self",))
        .select_related("student__user", "student__advisor", "student__group", "term__academic_year")
        .get(pk=plan.pk)
    )


def _url(name: str, *args, query: str = "") -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:  # the study plan URLs are not mounted (e.g. a management command): no link
        return ""


def _student_url(plan: IndividualPlan) -> str:
    return _url("study_plan:iup", query=f"?term={plan.term_id}")


def _review_url(plan: IndividualPlan) -> str:
    return _url("study_plan:iup_review", plan.pk)


def _check_party(plan: IndividualPlan, actor) -> None:
    if not is_party_to(actor, plan):
        raise PermissionDenied(
            gettext("This IUP is not yours: only the student, their advisor or a registrar may act.")
        )


def _refuse_past(plan: IndividualPlan) -> None:
    """Plans of terms that have ended are read-only (`plan_is_past`): refuse any write, naming the term."""
    if plan_is_past(plan):
        raise ValidationError(
            gettext(
                "%(term)s ended on %(date)s: its IUP is kept as it was and can no longer be signed, returned or "
                "changed."
            )
            % {"term": plan.term, "date": date_format(plan.term.end_date, "SHORT_DATE_FORMAT")}
        )


@transaction.atomic
def iup_plan_get_or_create(*, student, term) -> IndividualPlan:
    """The student's IUP for a term, from the first registration on (docs/domain.md#iup-signatures: one plan a term)."""
    plan, _created = IndividualPlan.objects.get_or_create(student=student, term=term)
    return plan


@transaction.atomic
def iup_sign(*, plan: IndividualPlan, actor: User) -> IndividualPlan:
    """Sign the next step of the chain: student (draft or returned), then advisor, then registrar.

    Out of turn, or a plan of a term that has ended → ValidationError naming whose signature the plan awaits or
    the term; someone else's IUP → PermissionDenied. Either way nothing changes. The signature records who and
    when for the current round.
    """
    plan = _lock(plan)
    _check_party(plan, actor)
    _refuse_past(plan)
    step = NEXT_STEP.get(plan.status)
    if step is None:
        raise ValidationError(gettext("This IUP is already signed by everyone."))
    if not holds_step(actor, plan, step):
        raise ValidationError(str(AWAITS[step]))
    if step == Step.STUDENT:
        if not Registration.objects.filter(student_id=plan.student_id, term_id=plan.term_id).exists():
            raise ValidationError(gettext("The IUP has no disciplines: register for disciplines before signing."))
        if plan.student.advisor_id is None:
            raise ValidationError(
                gettext("You have no advisor yet, so nobody could sign after you. Ask the dean's office to assign one.")
            )

    before = plan.status
    IUPSignature.objects.create(plan=plan, step=step, round=plan.round, signer=actor, signed_at=timezone.now())
    plan.status = STATUS_AFTER[step]
    plan.save(update_fields=["status", "updated_at"])
    IUPEvent.objects.create(plan=plan, action=IUPEvent.Action.SIGNED, step=step, round=plan.round, actor=actor)
    audit_record_create(
        actor=actor,
        action=AuditAction.IUP_SIGN,
        target=plan,
        summary=f"{step} signed round {plan.round}",
        before={"status": before},
        after={"status": plan.status, "step": step, "round": plan.round},
    )
    _notify_signed(plan, step)
    return plan


def _notify_student(plan: IndividualPlan, title: str, body, **params) -> None:
    """Tell the student about their plan; `title` is a lazy message with a {term} placeholder."""
    notify(
        recipient=plan.student.user,
        kind=Kind.STUDY_PLAN,
        title=title,
        body=body,
        params={"term": plan.term, **params},
        url=_student_url(plan),
    )


def _notify_awaits_signature(plan: IndividualPlan, recipient: User) -> None:
    notify(
        recipient=recipient,
        kind=Kind.STUDY_PLAN,
        title=_("The IUP of {student} awaits your signature"),
        body=_("{term}. Open it in your IUP queue."),
        params={"student": plan.student.user, "term": plan.term},
        url=_review_url(plan),
    )


def _notify_signed(plan: IndividualPlan, step: str) -> None:
    if step == Step.STUDENT:
        _notify_student(plan, _("You signed your IUP for {term}"), _("It now awaits your advisor's signature."))
        _notify_awaits_signature(plan, plan.student.advisor)
    elif step == Step.ADVISOR:
        _notify_student(
            plan, _("Your advisor signed your IUP for {term}"), _("It now awaits the registrar's signature.")
        )
        for registrar in User.objects.with_role("registrar").filter(is_active=True):
            _notify_awaits_signature(plan, registrar)
    else:
        _notify_student(
            plan,
            _("Your IUP for {term} is signed"),
            _("The student, the advisor and the registrar have signed it. You can download it as a PDF."),
        )


@transaction.atomic
def iup_return(*, plan: IndividualPlan, actor: User, comment: str) -> IndividualPlan:
    """The advisor or the registrar, at their step, sends the plan back to the student with a comment.

    A return closes the round: the student signs again in a new round, and the signatures of the returned
    round stay as history.
    """
    comment = (comment or "").strip()
    plan = _lock(plan)
    _check_party(plan, actor)
    _refuse_past(plan)
    step = NEXT_STEP.get(plan.status)
    if step not in (Step.ADVISOR, Step.REGISTRAR) or not holds_step(actor, plan, step):
        raise ValidationError(
            gettext("Only the advisor or the registrar whose signature the IUP awaits may return it.")
        )
    if not comment:
        raise ValidationError(gettext("Write a comment: the student needs to know what to change."))

    before = {"status": plan.status, "round": plan.round}
    IUPEvent.objects.create(
        plan=plan, action=IUPEvent.Action.RETURNED, step=step, round=plan.round, actor=actor, comment=comment
    )
    plan.status = Status.RETURNED
    plan.round += 1
    plan.save(update_fields=["status", "round", "updated_at"])
    audit_record_create(
        actor=actor,
        action=AuditAction.IUP_RETURN,
        target=plan,
        summary=comment[:200],
        before=before,
        after={"status": plan.status, "round": plan.round, "step": step},
    )
    _notify_student(plan, _("Your IUP for {term} was returned for changes"), "{comment}", comment=comment)
    return plan


def iup_bulk_sign(*, plan_ids, actor: User) -> tuple[list[IndividualPlan], list[tuple[str, str]]]:
    """Sign several plans at once, each through `iup_sign` in its own transaction.

    Not atomic as a whole on purpose: one plan out of turn must not undo the others. Returns the signed plans
    and, for each skipped one, (who, why).
    """
    wanted = parse_ids(plan_ids)
    plans = {
        p.pk: p
        for p in plans_visible_to(actor).filter(pk__in=wanted).select_related("student__user", "term__academic_year")
    }
    signed: list[IndividualPlan] = []
    skipped: list[tuple[str, str]] = []
    for pk in wanted:
        plan = plans.get(pk)
        if plan is None:
            skipped.append((f"#{pk}", gettext("Not found.")))
            continue
        try:
            signed.append(iup_sign(plan=plan, actor=actor))
        except (ValidationError, PermissionDenied) as error:
            skipped.append((str(plan.student.user), error_text(error)))
    return signed, skipped


@transaction.atomic
def iup_plan_changed(*, student, term, actor) -> IndividualPlan | None:
    """A registration changed (add/drop) after the plan was signed: restart the signature chain.

    docs/domain.md#iup-signatures (issue 3): any change after a signature restarts the chain and keeps the history; the
    signatures of earlier rounds stay as they were. A draft or returned plan has no signature in its current
    round, so there is nothing to restart. The plan of a term that has ended does not change: ValidationError,
    so the registration change that called this is undone with it.
    """
    plan = IndividualPlan.objects.select_for_update().filter(student=student, term=term).first()
    if plan is not None:
        plan.term = term
        _refuse_past(plan)
    if plan is None or plan.status in (Status.DRAFT, Status.RETURNED):
        return plan
    before = {"status": plan.status, "round": plan.round}
    old_round = plan.round
    plan.round += 1
    plan.status = Status.DRAFT
    plan.save(update_fields=["round", "status", "updated_at"])
    IUPEvent.objects.create(plan=plan, action=IUPEvent.Action.RESTARTED, round=plan.round, actor=actor)
    audit_record_create(
        actor=actor,
        action=AuditAction.IUP_RESTART,
        target=plan,
        summary=f"changed after signing; round {plan.round}",
        before=before,
        after={"status": plan.status, "round": plan.round},
    )
    plan = _lock(plan)
    _notify_student(
        plan,
        _("Your IUP for {term} changed: sign it again"),
        _("The disciplines changed after signing, so the signatures start over. Earlier ones stay in the history."),
    )
    signers = (
        IUPSignature.objects.filter(plan=plan, round=old_round)
        .exclude(step=Step.STUDENT)
        .select_related("signer")
        .order_by("signed_at")
    )
    for signature in signers:
        if signature.signer_id == getattr(actor, "pk", None) or not signature.signer.is_active:
            continue
        notify(
            recipient=signature.signer,
            kind=Kind.STUDY_PLAN,
            title=_("The IUP of {student} changed after you signed it"),
            body=_("{term}. It will come back to you after the student signs again."),
            params={"student": plan.student.user, "term": plan.term},
            url=_review_url(plan),
        )
    return plan

"""Tuition: a term's charge from the programme's fee, discounts and grants, paying the debt from the balance, and
the debt hold (docs/domain.md#finance)."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import audit_record_create
from curriculum.models import Hold
from curriculum.selectors.holds import active_holds
from curriculum.services.holds import hold_lift, hold_place
from notifications.models import Kind
from notifications.services import notify
from people.models import StudentRecord
from people.selectors import student_lock

from ..models import Account, Discount, Transaction, TuitionCharge, TuitionFee
from ..money import money_parse, money_round
from ..selectors import ZERO, balances, finance_summary
from .ledger import not_enough_message, require_balance, student_account, transaction_post, university_account


def _finance_url() -> str:
    return reverse("finance:index")


@transaction.atomic
def tuition_charge(*, student: StudentRecord, fee: TuitionFee, actor) -> tuple[TuitionCharge, bool]:
    """Charge the term's fee to a fee-paying student, once: a second run finds the charge and posts nothing."""
    student_lock(student.pk)
    existing = TuitionCharge.objects.filter(student=student, term=fee.term).first()
    if existing is not None:
        return existing, False
    txn = transaction_post(
        kind=Transaction.Kind.TUITION_CHARGE,
        legs=[
            (student_account(student, Account.Kind.RECEIVABLE), fee.amount),
            (university_account(Account.Kind.TUITION_INCOME), -fee.amount),
        ],
        actor=actor,
        student=student,
        memo={"term": fee.term_id},
        reference=f"tuition:{fee.term_id}",
    )
    # no other run can have charged the term meanwhile: the student is locked (the unique constraint backs it)
    charge = TuitionCharge.objects.create(
        student=student, term=fee.term, amount=fee.amount, due_date=fee.due_date, transaction=txn
    )
    notify(
        recipient=student.user,
        kind=Kind.FINANCE,
        title=gettext_lazy("Tuition for %(term)s is charged: %(amount)s ₸"),
        body=gettext_lazy("Pay by %(due)s."),
        params={"term": fee.term, "amount": fee.amount, "due": fee.due_date},
        url=_finance_url(),
    )
    return charge, True


def tuition_charge_term(*, term, actor, programme_ids=None, progress: Callable[[dict], None] | None = None) -> dict:
    """Charge every active fee-paying student of the term's priced programmes (each in its own transaction, so
    the job can stop and run again). Returns counts; `progress`, when given, is called with the counts so far
    (`done` of `total`, `charged`, `skipped`) before the first student and after each one."""
    fees = list(TuitionFee.objects.filter(term=term).select_related("term"))
    if programme_ids:
        fees = [fee for fee in fees if fee.programme_id in set(programme_ids)]

    def payers(fee):
        return StudentRecord.objects.filter(
            programme_id=fee.programme_id, status=StudentRecord.Status.ACTIVE, funding=StudentRecord.Funding.PAID
        ).order_by("pk")

    counts = {"done": 0, "total": 0, "charged": 0, "skipped": 0}
    if progress is not None:
        counts["total"] = sum(payers(fee).count() for fee in fees)
        progress(dict(counts))
    for fee in fees:
        for student in payers(fee).iterator():
            _charge, created = tuition_charge(student=student, fee=fee, actor=actor)
            counts["charged"] += created
            counts["skipped"] += not created
            counts["done"] += 1
            if progress is not None:
                progress(dict(counts))
    return {"charged": counts["charged"], "skipped": counts["skipped"]}


@transaction.atomic
def tuition_pay(*, student: StudentRecord, actor, amount=None) -> Transaction:
    """Pay the tuition debt from the balance: `amount`, or all the balance covers. Lifts a debt hold when nothing
    overdue is left."""
    student_lock(student.pk)
    balance_account = student_account(student, Account.Kind.BALANCE)
    receivable = student_account(student, Account.Kind.RECEIVABLE)
    held = balances([balance_account, receivable])
    debt = held[receivable.pk]
    if debt <= 0:
        raise ValidationError(_("You have no tuition debt to pay."))
    amount = min(debt, held[balance_account.pk]) if amount in (None, "") else money_parse(amount)
    if amount <= 0:
        raise ValidationError(not_enough_message(missing=debt), code="insufficient_balance")
    if amount > debt:
        raise ValidationError(_("The debt is %(debt)s ₸: you cannot pay more than that.") % {"debt": debt})
    require_balance(balance_account, amount)
    txn = transaction_post(
        kind=Transaction.Kind.TUITION_PAYMENT,
        legs=[(balance_account, amount), (receivable, -amount)],
        actor=actor,
        student=student,
    )
    debt_hold_sync(student=student, actor=actor)
    return txn


def discount_amount(*, student, term, mode: str, value) -> Decimal:
    value = money_parse(value)
    charge = TuitionCharge.objects.filter(student=student, term=term, transaction__reversed_by__isnull=True).first()
    if charge is None:
        raise ValidationError(
            _("Tuition for %(term)s is not charged yet: charge it before a discount.") % {"term": term}
        )
    if mode == Discount.Mode.PERCENT:
        if value > 100:
            raise ValidationError(_("A percent discount is at most 100%."))
        amount = money_round(charge.amount * value / 100)
    elif mode == Discount.Mode.AMOUNT:
        amount = value
    else:
        raise ValidationError(_("Choose a percent or a fixed amount."))
    granted = sum(
        Discount.objects.filter(student=student, term=term, transaction__reversed_by__isnull=True).values_list(
            "amount", flat=True
        ),
        ZERO,
    )
    if amount + granted > charge.amount:
        raise ValidationError(
            _("Discounts for %(term)s would exceed its tuition (%(charge)s ₸; %(granted)s ₸ granted already).")
            % {"term": term, "charge": charge.amount, "granted": granted}
        )
    if amount <= 0:
        raise ValidationError(_("The discount comes to zero."))
    return amount


@transaction.atomic
def discount_grant(*, student: StudentRecord, term, mode: str, value, reason: str, actor) -> Discount:
    """A discount or grant against a term's charge; the approver is the actor, the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A discount needs a reason."))
    student_lock(student.pk)
    amount = discount_amount(student=student, term=term, mode=mode, value=value)
    receivable = student_account(student, Account.Kind.RECEIVABLE)
    debt = balances([receivable])[receivable.pk]
    if amount > debt:
        raise ValidationError(
            _("The discount (%(amount)s ₸) is more than the unpaid tuition (%(debt)s ₸): refund instead.")
            % {"amount": amount, "debt": debt}
        )
    txn = transaction_post(
        kind=Transaction.Kind.DISCOUNT,
        legs=[(student_account(student, Account.Kind.DISCOUNT), amount), (receivable, -amount)],
        actor=actor,
        student=student,
        description=reason,
        memo={"term": term.pk, "mode": mode, "value": str(value)},
    )
    discount = Discount.objects.create(
        student=student,
        term=term,
        mode=mode,
        value=money_parse(value),
        amount=amount,
        reason=reason,
        approved_by=actor,
        transaction=txn,
    )
    audit_record_create(
        actor=actor,
        action=AuditAction.DISCOUNT_GRANT,
        target=discount,
        summary=f"{student.student_number}: -{amount} ({term})",
        after={"mode": mode, "value": str(value), "amount": str(amount), "reason": reason},
    )
    notify(
        recipient=student.user,
        kind=Kind.FINANCE,
        title=gettext_lazy("A discount of %(amount)s ₸ was granted for %(term)s"),
        body="%(reason)s",
        params={"amount": amount, "term": term, "reason": reason},
        url=_finance_url(),
    )
    debt_hold_sync(student=student, actor=actor)
    return discount


@transaction.atomic
def debt_hold_sync(*, student: StudentRecord, actor, today: date | None = None) -> Hold | None:
    """Place the finance office's debt hold when part of the debt is overdue; lift it once nothing is.
    Returns the active debt hold, if any. Under the student's lock: a payment meanwhile cannot leave a hold
    placed on a debt it just paid (the daily job and the office's button run beside the student's payments)."""
    student_lock(student.pk)
    summary = finance_summary(student, today=today or timezone.localdate())
    hold = active_holds(student=student).filter(kind=Hold.Kind.DEBT, office=Hold.Office.FINANCE).first()
    if summary.overdue > 0 and hold is None:
        return hold_place(
            student=student,
            kind=Hold.Kind.DEBT,
            office=Hold.Office.FINANCE,
            reason=_("Tuition debt of %(amount)s ₸ is overdue.") % {"amount": summary.overdue},
            how_to_lift=_("Top up your balance and pay the debt on the Finance page."),
            actor=actor,
            blocks_registration=True,
            blocks_documents=True,
        )
    if summary.overdue <= 0 and hold is not None:
        hold_lift(hold=hold, actor=actor)
        return None
    return hold

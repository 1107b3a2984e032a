"""Postings to the ledger (docs/domain.md#finance). Every change of money goes through `transaction_post`.

Rules kept here, and by PostgreSQL where it can (migration 0002):
- a transaction is two or more legs, none zero, summing to zero per currency; a leg's currency is its account's;
- posted legs never change: `transaction_reverse` posts the opposite legs, once per transaction;
- a student's balance never goes below zero: every posting that takes money from it runs under the student's
  row lock (people's `student_lock`, the one lock every app takes on a student) and checks the balance first.

Each posting is audited (`finance.post`, `finance.reverse`) inside its transaction.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record_create
from people.selectors import student_lock

from ..models import Account, Leg, Transaction
from ..money import CENT, KZT
from ..selectors import ZERO, balances

DESCRIPTION_MAX = Transaction._meta.get_field("description").max_length


def university_account(kind: str, code: str = "") -> Account:
    """One of the university's accounts (clearing per provider, tuition and service income), made on first use."""
    account, _created = Account.objects.get_or_create(
        kind=kind, code=code, student=None, defaults={"type": Account.TYPES[kind], "currency": KZT}
    )
    return account


def student_account(student, kind: str) -> Account:
    if kind not in Account.STUDENT_KINDS:
        raise ValueError(f"{kind!r} is not a student's account")
    account, _created = Account.objects.get_or_create(
        student=student, kind=kind, defaults={"type": Account.TYPES[kind], "currency": KZT}
    )
    return account


def not_enough_message(*, missing: Decimal) -> str:
    amount = number_format(missing, 2, force_grouping=True)
    return _("Not enough money on your balance: top up %(amount)s ₸.") % {"amount": amount}


def require_balance(account: Account, amount: Decimal) -> None:
    """Refuse taking `amount` from a student's balance it does not hold (caller holds the student's lock)."""
    held = balances([account])[account.pk]
    if held < amount:
        raise ValidationError(not_enough_message(missing=amount - held), code="insufficient_balance")


def _check_legs(legs: list[tuple[Account, Decimal]]) -> None:
    if len(legs) < 2:
        raise ValidationError("A transaction needs at least two legs.")
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for account, amount in legs:
        if not isinstance(amount, Decimal) or amount == 0 or amount != amount.quantize(CENT):
            raise ValidationError(f"A leg's amount must be a non-zero Decimal in tiyn, not {amount!r}.")
        totals[account.currency] += amount
    unbalanced = {currency: total for currency, total in totals.items() if total != 0}
    if unbalanced:
        raise ValidationError(f"The legs do not sum to zero: {unbalanced}.")


@transaction.atomic
def transaction_post(
    *,
    kind: str,
    legs: list[tuple[Account, Decimal]],
    actor,
    student=None,
    description: str = "",
    memo: dict | None = None,
    reference: str = "",
    reverses: Transaction | None = None,
) -> Transaction:
    """Post legs (account, signed amount: debit > 0) as one transaction. The legs are checked here on every
    database and again by PostgreSQL's deferred trigger at commit."""
    if kind not in Transaction.Kind.values:
        raise ValueError(f"Unknown transaction kind {kind!r}")
    _check_legs(legs)
    txn = Transaction.objects.create(
        kind=kind,
        student=student,
        description=description[:DESCRIPTION_MAX],
        memo=memo or {},
        reference=reference[:100],
        reverses=reverses,
        posted_by=actor if getattr(actor, "pk", None) else None,
    )
    Leg.objects.bulk_create(
        [Leg(transaction=txn, account=account, amount=amount, currency=account.currency) for account, amount in legs]
    )
    audit_record_create(
        actor=actor,
        action=AuditAction.FINANCE_REVERSE if reverses else AuditAction.FINANCE_POST,
        target=txn,
        summary=f"{kind} #{txn.pk}"
        + (f" {student.student_number}" if student else "")
        + (f" {reference}" if reference else ""),
        after={"kind": kind, "legs": [[account.pk, str(amount)] for account, amount in legs], "reference": reference},
    )
    return txn


@transaction.atomic
def transaction_reverse(*, txn: Transaction, actor, reason: str) -> Transaction:
    """Correct a posting by its mirror image. Once per transaction; a reversal is not itself reversed. A reversal
    that would take from a student's balance more than it holds is refused (the money was spent)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the transaction is reversed."))
    if txn.student_id:
        student_lock(txn.student_id)
    txn = Transaction.objects.select_for_update().get(pk=txn.pk)
    if txn.kind == Transaction.Kind.REVERSAL:
        raise ValidationError(_("A reversal cannot be reversed: post the correction as a new transaction."))
    if Transaction.objects.filter(reverses=txn).exists():
        raise ValidationError(_("This transaction was already reversed."))
    legs = [(leg.account, -leg.amount) for leg in txn.legs.select_related("account")]
    for account, amount in legs:
        if account.kind == Account.Kind.BALANCE and amount > 0:
            require_balance(account, amount)
    try:
        with transaction.atomic():
            return transaction_post(
                kind=Transaction.Kind.REVERSAL,
                legs=legs,
                actor=actor,
                student=txn.student,
                description=reason,
                memo={"reverses": txn.pk, "kind": txn.kind},
                reference=txn.reference,
                reverses=txn,
            )
    except IntegrityError:
        raise ValidationError(_("This transaction was already reversed.")) from None

"""Paying for services from the balance (certificates, retakes, later courses and antiplagiarism attempts) and
refunds. Other modules pay through `service_pay` only."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.selectors import student_lock

from ..models import Account, Transaction
from ..money import money_parse
from .ledger import require_balance, student_account, transaction_post, university_account


@transaction.atomic
def service_pay(
    *, student, amount, service: str, reference: str, actor, description: str = "", memo: dict | None = None
) -> Transaction:
    """Take `amount` from the student's balance for a paid service, or refuse with "top up N ₸".

    `service` names the income account's code (e.g. "certificate", "retake"); `reference` the thing paid for
    (e.g. "request:42"), kept on the transaction so a page can show what was bought.
    """
    amount = money_parse(amount)
    student_lock(student.pk)
    balance = student_account(student, Account.Kind.BALANCE)
    require_balance(balance, amount)
    return transaction_post(
        kind=Transaction.Kind.SERVICE_PAYMENT,
        legs=[(balance, amount), (university_account(Account.Kind.SERVICE_INCOME, service), -amount)],
        actor=actor,
        student=student,
        description=description,
        memo={"service": service, **(memo or {})},
        reference=reference,
    )


@transaction.atomic
def refund(*, student, amount, actor, reason: str, provider: str = "receipt") -> Transaction:
    """Pay money on the balance back to the student (through the provider's clearing account)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the money is refunded."))
    amount: Decimal = money_parse(amount)
    student_lock(student.pk)
    balance = student_account(student, Account.Kind.BALANCE)
    require_balance(balance, amount)
    return transaction_post(
        kind=Transaction.Kind.REFUND,
        legs=[(balance, amount), (university_account(Account.Kind.CLEARING, provider), -amount)],
        actor=actor,
        student=student,
        description=reason,
        memo={"provider": provider},
    )

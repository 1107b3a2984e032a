"""Amounts of money as people type them and as the ledger keeps them: KZT, Decimal with two places
(docs/domain.md#finance). A float never touches an amount."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KZT = "KZT"
CURRENCIES = (KZT,)
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999999.99")  # what numeric(14, 2) holds


def money_parse(value, *, currency: str = KZT) -> Decimal:
    """A positive amount in KZT with at most two decimal places, or a ValidationError saying what is wrong.

    Accepts what a person types: spaces or non-breaking spaces between thousands, a comma for the decimal point.
    """
    if (currency or "").upper() not in CURRENCIES:
        raise ValidationError(_("Only amounts in tenge (KZT) are accepted."), code="currency")
    if isinstance(value, float):
        raise TypeError("money is never a float")
    if isinstance(value, Decimal):
        amount = value
    else:
        text = str(value or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        text = text.replace(",", ".").removesuffix("₸")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("Enter the amount as a number, e.g. 15000 or 15000.50."), code="invalid") from None
    if not amount.is_finite():
        raise ValidationError(_("Enter the amount as a number, e.g. 15000 or 15000.50."), code="invalid")
    if amount <= 0:
        raise ValidationError(_("The amount must be greater than zero."), code="not_positive")
    if amount > MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."), code="too_large")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationError(_("An amount has at most two decimal places (tiyn)."), code="precision")
    return amount.quantize(CENT)


def money_round(amount: Decimal) -> Decimal:
    """Round a computed amount (a percent discount) to the tiyn, half up, as a cashier would."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)

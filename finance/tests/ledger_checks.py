"""What every finance test asserts after it moves money: the ledger sums to zero, every transaction balances."""

from decimal import Decimal

from finance.selectors import trial_balance, unbalanced_transactions


def assert_ledger_balanced():
    assert trial_balance() == Decimal("0.00")
    assert unbalanced_transactions() == 0

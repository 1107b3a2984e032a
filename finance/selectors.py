"""Reads of the ledger: balances derived from the legs (never stored), a student's accounts and debts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.collation import name_order
from curriculum.models import Hold
from people.models import StudentRecord
from university.models import Term

from .models import Account, Discount, Leg, Transaction, TuitionCharge

ZERO = Decimal("0.00")


def legs_sum(account_ids) -> dict[int, Decimal]:
    """The signed sum of each account's legs (debits positive), zero for an account without legs."""
    account_ids = list(account_ids)
    sums = dict.fromkeys(account_ids, ZERO)
    rows = Leg.objects.filter(account_id__in=account_ids).values("account_id").annotate(total=Sum("amount"))
    for row in rows:
        sums[row["account_id"]] = row["total"] or ZERO
    return sums


def balance_from_sum(account: Account, total: Decimal) -> Decimal:
    """What the account holds in its own sense: a liability or income account grows with credits."""
    return total if account.debit_normal else -total


def balances(accounts) -> dict[int, Decimal]:
    accounts = list(accounts)
    sums = legs_sum(a.pk for a in accounts)
    return {a.pk: balance_from_sum(a, sums[a.pk]) for a in accounts}


def student_accounts(student) -> dict[str, Account]:
    """The student's accounts by kind (only those that exist yet: a student with no money moved has none)."""
    return {a.kind: a for a in Account.objects.filter(student=student)}


@dataclass(frozen=True)
class FinanceSummary:
    balance: Decimal  # money on the student's balance, free to spend
    debt: Decimal  # tuition charged and not yet paid or discounted
    discounts: Decimal  # discounts and grants granted so far
    overdue: Decimal  # the part of the debt whose due date has passed
    next_due: date | None  # the due date of the earliest charge not yet covered

    @property
    def to_pay(self) -> Decimal:
        """What the student still has to top up to clear the debt."""
        return max(ZERO, self.debt - self.balance)


def finance_summary(student, *, today: date | None = None) -> FinanceSummary:
    """Balance, debt and what is overdue. Payments and discounts cover the oldest charges first."""
    today = today or timezone.localdate()
    accounts = student_accounts(student)
    held = balances(accounts.values())
    by_kind = {kind: held[account.pk] for kind, account in accounts.items()}
    balance = by_kind.get(Account.Kind.BALANCE, ZERO)
    debt = by_kind.get(Account.Kind.RECEIVABLE, ZERO)
    discounts = by_kind.get(Account.Kind.DISCOUNT, ZERO)
    charges = list(
        TuitionCharge.objects.filter(student=student, transaction__reversed_by__isnull=True)
        .order_by("due_date", "id")
        .values_list("amount", "due_date")
    )
    covered = sum((amount for amount, _due in charges), ZERO) - debt
    overdue, next_due = ZERO, None
    for amount, due in charges:
        open_part = max(ZERO, amount - max(covered, ZERO))
        covered -= amount
        if open_part <= 0:
            continue
        if due < today:
            overdue += open_part
        elif next_due is None:
            next_due = due
    return FinanceSummary(balance=balance, debt=debt, discounts=discounts, overdue=overdue, next_due=next_due)


def trial_balance() -> Decimal:
    """The sum of every leg in the ledger: zero when every transaction balances."""
    return Leg.objects.aggregate(total=Sum("amount"))["total"] or ZERO


def unbalanced_transactions() -> int:
    """How many transactions' legs do not sum to zero (0 always: the trigger and the service see to it)."""
    return Leg.objects.values("transaction_id", "currency").annotate(total=Sum("amount")).exclude(total=0).count()


def student_transactions(*, student):
    """The student's transactions, newest first, each with the signed amount it moved on the student's balance
    (`balance_change`: a top-up adds, a payment takes) and on the tuition debt (`debt_change`)."""

    def moved(kind):
        return Coalesce(
            Sum("legs__amount", filter=Q(legs__account__student=student, legs__account__kind=kind)), Value(ZERO)
        )

    return (
        Transaction.objects.filter(student=student)
        .annotate(
            balance_change=Value(ZERO) - moved(Account.Kind.BALANCE),
            debt_change=moved(Account.Kind.RECEIVABLE),
            is_reversed=Exists(Transaction.objects.filter(reverses=OuterRef("pk"))),
        )
        .order_by("-posted_at", "-id")
    )


# --- the office's pages (fin-pages): students with their money, the statement, the daily debt-hold job ---


def _student_account_total(kind: str):
    """The signed sum of the legs of the student's account of `kind` (debits positive), as a subquery."""
    legs = (
        Leg.objects.filter(account__student=OuterRef("pk"), account__kind=kind)
        .values("account__student")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(legs), Value(ZERO))


def students_with_money(*, search: str = "", with_debt: bool = False):
    """Students by name, student ID or group (every word must match one of them), each annotated with `balance`
    (money on the balance) and `debt` (tuition receivable), in one query whatever the page size; by name in the
    reader's alphabet."""
    students = StudentRecord.objects.select_related("user", "group", "programme").annotate(
        balance=Value(ZERO) - _student_account_total(Account.Kind.BALANCE),
        debt=_student_account_total(Account.Kind.RECEIVABLE),
    )
    for word in search.split():
        students = students.filter(
            Q(user__last_name__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__middle_name__icontains=word)
            | Q(student_number__icontains=word)
            | Q(group__name__icontains=word)
        )
    if with_debt:
        students = students.filter(debt__gt=0)
    return students.order_by(*name_order("user__"), "pk")


def students_to_check_for_debt_hold(*, today: date):
    """Ids of the students whose debt hold may need placing or lifting: a charge past its due date and tuition
    still owed, or a finance debt hold still active (its debt may be paid or reversed since)."""
    overdue = (
        TuitionCharge.objects.filter(due_date__lt=today, transaction__reversed_by__isnull=True)
        .values_list("student_id", flat=True)
        .distinct()
    )
    owing = set(
        Leg.objects.filter(account__kind=Account.Kind.RECEIVABLE, account__student_id__in=overdue)
        .values("account__student_id")
        .annotate(total=Sum("amount"))
        .filter(total__gt=0)
        .values_list("account__student_id", flat=True)
    )
    held = set(
        Hold.objects.filter(kind=Hold.Kind.DEBT, office=Hold.Office.FINANCE, lifted_at__isnull=True).values_list(
            "student_id", flat=True
        )
    )
    return sorted(owing | held)


def transaction_is_reversible(txn: Transaction) -> bool:
    """Whether the office may offer "Reverse" for it (the service has the last word, under the student's lock)."""
    return txn.kind != Transaction.Kind.REVERSAL and not getattr(txn, "is_reversed", False)


def student_discounts(*, student) -> list:
    """The student's discounts and grants, newest first, each with `is_reversed` (its posting was reversed)."""
    return list(
        Discount.objects.filter(student=student)
        .select_related("term__academic_year", "approved_by")
        .annotate(is_reversed=Exists(Transaction.objects.filter(reverses=OuterRef("transaction_id"))))
        .order_by("-created_at", "-id")
    )


def charged_terms(*, student):
    """The terms the student was charged tuition for (a discount is granted against one of them)."""
    return (
        Term.objects.filter(tuition_charges__student=student, tuition_charges__transaction__reversed_by__isnull=True)
        .select_related("academic_year")
        .order_by("-start_date")
        .distinct()
    )


def terms_with_fees():
    """The terms some programme has a tuition fee for, newest first: what the office can charge."""
    return (
        Term.objects.filter(tuition_fees__isnull=False)
        .select_related("academic_year")
        .order_by("-start_date")
        .distinct()
    )

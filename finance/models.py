"""The ledger (docs/domain.md#finance): accounts, transactions and their legs, in KZT.

Double entry: a transaction is two or more legs whose amounts sum to zero per currency. A leg's amount is signed:
positive is a debit, negative a credit. PostgreSQL enforces the zero sum with a deferred constraint trigger
(migration 0002, as django-hordak does), refuses a leg whose currency is not its account's, and keeps posted legs
append-only: a correction is a reversing transaction. On SQLite `services.ledger.transaction_post` checks the sum.

Balances are derived from the legs, never stored: `selectors.balances`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .money import KZT


class AccountType(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


DEBIT_NORMAL = {AccountType.ASSET, AccountType.EXPENSE}


class Account(models.Model):
    """A student's own accounts (kinds BALANCE, RECEIVABLE, DISCOUNT) or one of the university's (no student)."""

    class Kind(models.TextChoices):
        BALANCE = "balance", _("Balance")  # money the student paid in and has not spent: owed to the student
        RECEIVABLE = "receivable", _("Tuition receivable")  # tuition charged and not yet paid or discounted
        DISCOUNT = "discount", _("Discounts and grants")
        CLEARING = "clearing", _("Payments received")  # money at the bank or a payment provider
        TUITION_INCOME = "tuition_income", _("Tuition income")
        SERVICE_INCOME = "service_income", _("Paid services income")

    TYPES = {
        Kind.BALANCE: AccountType.LIABILITY,
        Kind.RECEIVABLE: AccountType.ASSET,
        Kind.DISCOUNT: AccountType.EXPENSE,
        Kind.CLEARING: AccountType.ASSET,
        Kind.TUITION_INCOME: AccountType.INCOME,
        Kind.SERVICE_INCOME: AccountType.INCOME,
    }
    STUDENT_KINDS = (Kind.BALANCE, Kind.RECEIVABLE, Kind.DISCOUNT)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)
    student = models.ForeignKey(
        "people.StudentRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="accounts"
    )
    # a university account per provider or service may be split later; `code` names it
    code = models.CharField(_("code"), max_length=40, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default=KZT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "kind"], condition=Q(student__isnull=False), name="finance_account_student_kind"
            ),
            models.UniqueConstraint(
                fields=["kind", "code"], condition=Q(student__isnull=True), name="finance_account_university_kind"
            ),
        ]

    def __str__(self):
        owner = self.student.student_number if self.student_id else (self.code or "university")
        return f"{self.get_kind_display()} · {owner}"

    @property
    def debit_normal(self) -> bool:
        return self.type in DEBIT_NORMAL


class Transaction(models.Model):
    """One posting. `memo` keeps the values its description is rendered from in the reader's language."""

    class Kind(models.TextChoices):
        TOPUP = "topup", _("Top-up")
        TUITION_CHARGE = "tuition_charge", _("Tuition charge")
        TUITION_PAYMENT = "tuition_payment", _("Tuition payment")
        DISCOUNT = "discount", _("Discount or grant")
        SERVICE_PAYMENT = "service_payment", _("Payment for a service")
        REFUND = "refund", _("Refund")
        REVERSAL = "reversal", _("Reversal")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    student = models.ForeignKey(
        "people.StudentRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="transactions"
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    memo = models.JSONField(_("details"), default=dict, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name=_("reverses")
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [models.Index(fields=["student", "-posted_at"], name="finance_txn_student_idx")]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}"


class Leg(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, help_text=_("Debit > 0, credit < 0."))
    currency = models.CharField(_("currency"), max_length=3, default=KZT)

    class Meta:
        ordering = ["id"]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="finance_leg_amount_not_zero")]
        indexes = [models.Index(fields=["account", "transaction"], name="finance_leg_account_idx")]

    def __str__(self):
        return f"{self.amount} {self.currency} → {self.account_id}"


def new_invoice_id() -> str:
    """The order number a provider sees: 12 random digits (Halyk ePay takes 6 to 15), never reused."""
    return str(secrets.randbelow(9 * 10**11) + 10**11)


class TopUp(models.Model):
    """Money a student pays in through a provider (docs/domain.md#finance). It posts once:

    the pair (provider, external id) is unique and a top-up posts at most one transaction, so a replayed,
    duplicated or out-of-order callback finds the posting already made."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
        POSTED = "posted", _("Credited")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    student = models.ForeignKey("people.StudentRecord", on_delete=models.PROTECT, related_name="topups")
    provider = models.CharField(_("payment method"), max_length=20)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default=KZT)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.PENDING)
    invoice_id = models.CharField(_("invoice number"), max_length=20, unique=True, default=new_invoice_id)
    external_id = models.CharField(_("provider's payment id"), max_length=64, null=True, blank=True)
    receipt = models.FileField(_("receipt"), upload_to="finance/receipts/%Y/%m/", blank=True)
    receipt_type = models.CharField(max_length=100, blank=True)
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="topup"
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("top-up")
        verbose_name_plural = _("top-ups")
        constraints = [
            models.UniqueConstraint(fields=["provider", "external_id"], name="finance_topup_provider_external"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_topup_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="posted") | Q(transaction__isnull=False), name="finance_topup_posted_has_txn"
            ),
        ]

    def __str__(self):
        return f"{self.invoice_id} · {self.amount} {self.currency}"


class TuitionFee(models.Model):
    """The price of a term of a programme, set by the finance office (rules as data)."""

    programme = models.ForeignKey("university.Programme", on_delete=models.PROTECT, related_name="tuition_fees")
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="tuition_fees")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["term__start_date", "programme__code"]
        verbose_name = _("tuition fee")
        verbose_name_plural = _("tuition fees")
        constraints = [
            models.UniqueConstraint(fields=["programme", "term"], name="finance_fee_programme_term"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_fee_amount_positive"),
        ]

    def __str__(self):
        return f"{self.programme.code} · {self.term}: {self.amount}"


class TuitionCharge(models.Model):
    """A term's tuition charged to a fee-paying student: once per student and term (the bulk job is re-runnable)."""

    student = models.ForeignKey("people.StudentRecord", on_delete=models.PROTECT, related_name="tuition_charges")
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="tuition_charges")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    due_date = models.DateField(_("due date"))
    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="tuition_charge")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("tuition charge")
        verbose_name_plural = _("tuition charges")
        constraints = [models.UniqueConstraint(fields=["student", "term"], name="finance_charge_student_term")]

    def __str__(self):
        return f"{self.student} · {self.term}: {self.amount}"


class Discount(models.Model):
    """A discount or grant on a term's tuition: a percent of the charge or an amount, with a reason and an approver."""

    class Mode(models.TextChoices):
        PERCENT = "percent", _("Percent of the tuition")
        AMOUNT = "amount", _("Fixed amount")

    student = models.ForeignKey("people.StudentRecord", on_delete=models.PROTECT, related_name="discounts")
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="discounts")
    mode = models.CharField(_("kind"), max_length=10, choices=Mode.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="discount")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("discount")
        verbose_name_plural = _("discounts")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_discount_amount_positive")]

    def __str__(self):
        return f"{self.student} · {self.term}: −{self.amount}"

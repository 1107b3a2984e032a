"""Top-ups: money paid in through a payment provider, credited to the student's balance exactly once.

A top-up is either started by the student (`topup_create`: a receipt to upload, or an invoice a provider's page
takes) and posted when the provider or staff confirm it (`topup_post`), or announced by the provider itself
(`topup_external_post`: Kaspi's "pay" carries the payer's account and the provider's own id). Both are idempotent:
the pair (provider, external id) is unique, a top-up posts one transaction at most, and a second, replayed or late
confirmation finds it posted and posts nothing (docs/domain.md#finance).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import audit_record_create
from notifications.models import Kind
from notifications.services import notify
from people.selectors import student_lock

from ..models import Account, TopUp, Transaction
from ..money import money_parse
from .ledger import student_account, transaction_post, university_account

OPEN = (TopUp.Status.PENDING, TopUp.Status.AWAITING_CONFIRMATION)


@transaction.atomic
def topup_create(*, student, provider: str, amount, receipt=None, receipt_type: str = "") -> TopUp:
    """A top-up the student starts: awaiting the provider's payment, or staff's confirmation of a receipt."""
    amount = money_parse(amount)
    status = TopUp.Status.AWAITING_CONFIRMATION if receipt else TopUp.Status.PENDING
    topup = TopUp(student=student, provider=provider, amount=amount, status=status, receipt_type=receipt_type)
    if receipt:
        topup.receipt = receipt
    topup.save()
    return topup


def _post(topup: TopUp, *, actor) -> TopUp:
    txn = transaction_post(
        kind=Transaction.Kind.TOPUP,
        legs=[
            (university_account(Account.Kind.CLEARING, topup.provider), topup.amount),
            (student_account(topup.student, Account.Kind.BALANCE), -topup.amount),
        ],
        actor=actor,
        student=topup.student,
        memo={"provider": topup.provider, "invoice": topup.invoice_id},
        reference=f"{topup.provider}:{topup.external_id or topup.invoice_id}",
    )
    topup.transaction = txn
    topup.status = TopUp.Status.POSTED
    topup.decided_by = actor if getattr(actor, "pk", None) else None
    topup.save(update_fields=["transaction", "status", "decided_by", "external_id", "updated_at"])
    audit_record_create(
        actor=actor,
        action=AuditAction.TOPUP_CONFIRM,
        target=topup,
        summary=f"{topup.student.student_number}: +{topup.amount} ({topup.provider} {topup.invoice_id})",
        after={"amount": str(topup.amount), "provider": topup.provider, "external_id": topup.external_id},
    )
    notify(
        recipient=topup.student.user,
        kind=Kind.FINANCE,
        title=gettext_lazy("Your balance was topped up by %(amount)s ₸"),
        params={"amount": topup.amount},
        url=reverse("finance:index"),
    )
    return topup


@transaction.atomic
def topup_post(
    *, topup: TopUp, actor, external_id: str | None = None, amount: Decimal | None = None
) -> tuple[TopUp, bool]:
    """Credit a top-up once. Returns (top-up, posted now). Already credited: nothing posts, (top-up, False).

    `amount`, when the provider reports one, must equal the top-up's; `external_id` is the provider's id of the
    payment, unique per provider (a second top-up claiming it is refused).
    """
    student_lock(topup.student_id)
    topup = TopUp.objects.select_for_update().select_related("student__user").get(pk=topup.pk)
    if topup.status == TopUp.Status.POSTED:
        return topup, False
    if topup.status == TopUp.Status.REJECTED:
        raise ValidationError(_("This top-up was rejected and cannot be credited."))
    if amount is not None and money_parse(amount) != topup.amount:
        raise ValidationError(
            _("The amount paid (%(paid)s ₸) is not the amount of the invoice (%(amount)s ₸).")
            % {"paid": amount, "amount": topup.amount}
        )
    if external_id:
        topup.external_id = external_id
    try:
        with transaction.atomic():
            return _post(topup, actor=actor), True
    except IntegrityError:
        raise ValidationError(_("This payment was already credited to another top-up.")) from None


@transaction.atomic
def topup_external_post(*, provider: str, external_id: str, student, amount, actor=None) -> tuple[TopUp, bool]:
    """A payment the provider announces (no invoice of ours before it). Posts once per (provider, external id):
    a replay returns the first top-up and posts nothing; a replay with another amount or payer is refused."""
    amount = money_parse(amount)
    if not external_id:
        raise ValidationError(_("A payment needs the provider's id."))
    student_lock(student.pk)
    existing = TopUp.objects.filter(provider=provider, external_id=external_id).select_related("student").first()
    if existing is not None:
        if existing.student_id != student.pk or existing.amount != amount:
            raise ValidationError(_("This payment id was already used for another payment."))
        return topup_post(topup=existing, actor=actor)
    topup = TopUp.objects.create(student=student, provider=provider, amount=amount, external_id=external_id)
    return topup_post(topup=topup, actor=actor)


@transaction.atomic
def topup_reject(*, topup: TopUp, actor, reason: str) -> TopUp:
    """Staff refuse a receipt (or a provider reports a failed payment): nothing is credited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the top-up is rejected: the student sees it."))
    topup = TopUp.objects.select_for_update().select_related("student__user").get(pk=topup.pk)
    if topup.status not in OPEN:
        raise ValidationError(_("This top-up is already decided."))
    topup.status = TopUp.Status.REJECTED
    topup.reject_reason = reason
    topup.decided_by = actor if getattr(actor, "pk", None) else None
    topup.save(update_fields=["status", "reject_reason", "decided_by", "updated_at"])
    audit_record_create(
        actor=actor,
        action=AuditAction.TOPUP_REJECT,
        target=topup,
        summary=f"{topup.student.student_number}: {topup.amount} ({topup.provider} {topup.invoice_id})",
        after={"reason": reason},
    )
    notify(
        recipient=topup.student.user,
        kind=Kind.FINANCE,
        title=gettext_lazy("Your top-up of %(amount)s ₸ was rejected"),
        body="%(reason)s",
        params={"amount": topup.amount, "reason": reason},
        url=reverse("finance:index"),
    )
    return topup


@transaction.atomic
def topup_receipt_attach(*, topup: TopUp, upload, actor) -> TopUp:
    """The student's receipt for an open receipt top-up: checked by its bytes and size (providers/receipt.py), kept
    under the invoice's number, and the top-up waits for the office. A new receipt replaces one not yet decided."""
    from ..providers.receipt import RECEIPT_TYPES, ReceiptProvider, receipt_check

    content_type = receipt_check(upload)
    topup = TopUp.objects.select_for_update().get(pk=topup.pk)
    if topup.provider != ReceiptProvider.code:
        raise ValidationError(_("This top-up is not paid by receipt."))
    if topup.status not in OPEN:
        raise ValidationError(_("This top-up is already decided."))
    old = topup.receipt.name if topup.receipt else ""
    upload.name = f"{topup.invoice_id}.{RECEIPT_TYPES[content_type]}"
    topup.receipt = upload
    topup.receipt_type = content_type
    topup.status = TopUp.Status.AWAITING_CONFIRMATION
    topup.save(update_fields=["receipt", "receipt_type", "status", "updated_at"])
    if old and old != topup.receipt.name:
        storage, name = topup.receipt.storage, old
        transaction.on_commit(lambda: storage.delete(name))
    return topup


@transaction.atomic
def topup_fail(*, topup: TopUp, reason: str, actor=None) -> tuple[TopUp, bool]:
    """The provider reports the payment failed, or what it charged is not the invoice: nothing is credited.
    Returns (top-up, failed now). A posted or already decided top-up is left as it is (a late or out-of-order
    failure report changes nothing)."""
    topup = TopUp.objects.select_for_update().select_related("student__user").get(pk=topup.pk)
    if topup.status not in OPEN:
        return topup, False
    topup.status = TopUp.Status.FAILED
    topup.reject_reason = reason
    topup.save(update_fields=["status", "reject_reason", "updated_at"])
    audit_record_create(
        actor=actor,
        action=AuditAction.TOPUP_REJECT,
        target=topup,
        summary=f"{topup.student.student_number}: {topup.amount} ({topup.provider} {topup.invoice_id}) failed",
        after={"status": TopUp.Status.FAILED, "reason": reason},
    )
    notify(
        recipient=topup.student.user,
        kind=Kind.FINANCE,
        title=gettext_lazy("Your top-up of %(amount)s ₸ did not go through"),
        params={"amount": topup.amount},
        url=reverse("finance:topup_detail", kwargs={"pk": topup.pk}),
    )
    return topup, True

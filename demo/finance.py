"""Demo money (issue 11): student@demo.kz has this term's tuition charged, a discount, a top-up and a payment of
part of the debt, so the Finance page shows a balance, a debt not yet due and every kind of line; another
fee-paying student owes last term's tuition, overdue, with the finance office's debt hold placed.

Idempotent: the fee and the charge are unique per term, the top-up by its provider id, and the discount and the
payment are made only when the student has none yet."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from finance.models import Discount, Transaction, TuitionFee
from finance.services.topups import topup_external_post
from finance.services.tuition import debt_hold_sync, discount_grant, tuition_charge, tuition_pay
from people.models import StudentRecord, User
from university.models import Term


@transaction.atomic
def seed_finance(*, today: dt.date) -> None:
    student = User.objects.filter(email="student@demo.kz").select_related("student_record").first()
    office = User.objects.filter(email="registrar@demo.kz").first()
    term = Term.objects.current(on=today)
    if student is None or office is None or term is None:
        return
    record = student.student_record
    fee, _created = TuitionFee.objects.get_or_create(
        programme=record.programme,
        term=term,
        defaults={"amount": Decimal("650000.00"), "due_date": max(today, term.start_date) + dt.timedelta(days=30)},
    )
    tuition_charge(student=record, fee=fee, actor=office)
    if not Discount.objects.filter(student=record, term=term).exists():
        discount_grant(
            student=record, term=term, mode="percent", value="10", reason="Academic excellence", actor=office
        )
    topup_external_post(provider="kaspi", external_id="demo-kaspi-0001", student=record, amount="312000.00")
    if not Transaction.objects.filter(student=record, kind=Transaction.Kind.TUITION_PAYMENT).exists():
        tuition_pay(student=record, actor=student, amount="300000.00")
    # the payment checked the hold against the real date; the demo's own day decides (nothing overdue on it)
    debt_hold_sync(student=record, actor=office, today=today)
    seed_finance_debtor(term=term, office=office, exclude=record)
    seed_receipt_topup(record=record)


def seed_finance_debtor(*, term, office, exclude) -> None:
    """A debt with a hold: the first fee-paying student after student@demo.kz owes the previous term's tuition,
    due long ago, paid in part; the daily check (debt_hold_sync) has placed the finance office's hold."""
    previous = Term.objects.filter(end_date__lt=term.start_date).order_by("-start_date").first()
    debtor = (
        StudentRecord.objects.filter(funding=StudentRecord.Funding.PAID, status=StudentRecord.Status.ACTIVE)
        .exclude(pk=exclude.pk)
        .select_related("user")
        .order_by("student_number")
        .first()
    )
    if previous is None or debtor is None:
        return
    fee, _created = TuitionFee.objects.get_or_create(
        programme=debtor.programme,
        term=previous,
        defaults={"amount": Decimal("640000.00"), "due_date": previous.start_date + dt.timedelta(days=30)},
    )
    tuition_charge(student=debtor, fee=fee, actor=office)
    topup_external_post(provider="kaspi", external_id="demo-kaspi-0002", student=debtor, amount="200000.00")
    if not Transaction.objects.filter(student=debtor, kind=Transaction.Kind.TUITION_PAYMENT).exists():
        tuition_pay(student=debtor, actor=debtor.user, amount="200000.00")
    debt_hold_sync(student=debtor, actor=office)


DEMO_RECEIPT_INVOICE = "100000000011"


def seed_receipt_topup(*, record) -> None:
    """A bank receipt student@demo.kz sent, waiting in the registrar's queue (finance:receipts). Idempotent: kept
    under a fixed invoice number."""
    from django.core.files.base import ContentFile

    from finance.models import TopUp
    from finance.services.topups import topup_create, topup_receipt_attach

    if TopUp.objects.filter(invoice_id=DEMO_RECEIPT_INVOICE).exists():
        return
    topup = topup_create(student=record, provider="receipt", amount="50000.00")
    TopUp.objects.filter(pk=topup.pk).update(invoice_id=DEMO_RECEIPT_INVOICE)
    topup.invoice_id = DEMO_RECEIPT_INVOICE
    topup_receipt_attach(topup=topup, upload=ContentFile(_receipt_pdf(), name="receipt.pdf"), actor=record.user)


def _receipt_pdf() -> bytes:
    """A one-page PDF receipt, written by pypdf."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)
    writer.add_metadata({"/Title": f"Payment receipt {DEMO_RECEIPT_INVOICE}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

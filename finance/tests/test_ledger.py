import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from curriculum.models import Hold
from finance.models import Account, Discount, TopUp, Transaction
from finance.money import money_parse
from finance.selectors import finance_summary
from finance.services.ledger import student_account, transaction_post, transaction_reverse, university_account
from finance.services.payments import refund, service_pay
from finance.services.topups import topup_create, topup_external_post, topup_post, topup_reject
from finance.services.tuition import debt_hold_sync, discount_grant, tuition_charge, tuition_charge_term, tuition_pay
from people.tests.factories import RegistrarFactory

from .factories import TuitionFeeFactory, paying_student
from .ledger_checks import assert_ledger_balanced

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return RegistrarFactory()


@pytest.fixture
def payer():
    return paying_student()


def topped_up(student, amount, staff, external_id=None):
    topup = topup_create(student=student, provider="receipt", amount=amount)
    return topup_post(topup=topup, actor=staff, external_id=external_id)[0]


@pytest.mark.parametrize("text", ["0", "-5", "abc", "1.234", "NaN", "Infinity", "", "1e400"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(ValidationError):
        money_parse(text)


def test_amounts_as_people_type_them():
    assert money_parse("15 000,50") == D("15000.50")
    assert money_parse("500 ₸") == D("500.00")
    with pytest.raises(ValidationError, match="tenge"):
        money_parse("10", currency="USD")
    with pytest.raises(TypeError):
        money_parse(0.1)


def test_unbalanced_legs_are_refused_on_every_database(payer, staff):
    balance = student_account(payer, Account.Kind.BALANCE)
    clearing = university_account(Account.Kind.CLEARING, "receipt")
    with pytest.raises(ValidationError, match="sum to zero"):
        transaction_post(kind="topup", legs=[(clearing, D("10.00")), (balance, D("-9.99"))], actor=staff)
    with pytest.raises(ValidationError):
        transaction_post(kind="topup", legs=[(clearing, D("10.00"))], actor=staff)
    assert not Transaction.objects.exists()


def test_topup_by_receipt_credits_once(payer, staff):
    topup = topup_create(student=payer, provider="receipt", amount="20000")
    assert finance_summary(payer).balance == 0
    topup, posted = topup_post(topup=topup, actor=staff)
    again, posted_again = topup_post(topup=topup, actor=staff)
    assert (posted, posted_again) == (True, False)
    assert finance_summary(payer).balance == D("20000.00")
    assert Transaction.objects.filter(kind="topup").count() == 1
    assert payer.user.notifications.filter(title_msgid__contains="topped up").count() == 1
    assert_ledger_balanced()


def test_rejected_topup_never_credits(payer, staff):
    topup = topup_create(student=payer, provider="receipt", amount="1000")
    with pytest.raises(ValidationError):
        topup_reject(topup=topup, actor=staff, reason=" ")
    topup_reject(topup=topup, actor=staff, reason="The receipt is unreadable")
    with pytest.raises(ValidationError, match="rejected"):
        topup_post(topup=topup, actor=staff)
    assert finance_summary(payer).balance == 0
    assert TopUp.objects.get().status == TopUp.Status.REJECTED


def test_external_payment_replayed_posts_once(payer, staff):
    first, posted = topup_external_post(provider="kaspi", external_id="K-1", student=payer, amount="5000")
    again, posted_again = topup_external_post(provider="kaspi", external_id="K-1", student=payer, amount="5000")
    assert posted and not posted_again and first.pk == again.pk
    with pytest.raises(ValidationError, match="already used"):
        topup_external_post(provider="kaspi", external_id="K-1", student=payer, amount="6000")
    assert finance_summary(payer).balance == D("5000.00")
    assert_ledger_balanced()


def test_service_payment_needs_the_balance(payer, staff):
    with pytest.raises(ValidationError, match="top up 500.00"):
        service_pay(student=payer, amount="500", service="certificate", reference="request:1", actor=payer.user)
    topped_up(payer, "300", staff)
    with pytest.raises(ValidationError, match="top up 200.00"):
        service_pay(student=payer, amount="500", service="certificate", reference="request:1", actor=payer.user)
    topped_up(payer, "200", staff)
    service_pay(student=payer, amount="500", service="certificate", reference="request:1", actor=payer.user)
    assert finance_summary(payer).balance == 0
    assert_ledger_balanced()


def test_reversal_mirrors_once_and_cannot_overdraw(payer, staff):
    topup = topped_up(payer, "1000", staff)
    service_pay(student=payer, amount="600", service="retake", reference="r", actor=payer.user)
    with pytest.raises(ValidationError, match="top up 600.00"):
        transaction_reverse(txn=topup.transaction, actor=staff, reason="bank returned it")
    payment = Transaction.objects.get(kind="service_payment")
    transaction_reverse(txn=payment, actor=staff, reason="service not provided")
    with pytest.raises(ValidationError, match="already reversed"):
        transaction_reverse(txn=payment, actor=staff, reason="again")
    assert finance_summary(payer).balance == D("1000.00")
    reversal = Transaction.objects.get(kind="reversal")
    with pytest.raises(ValidationError, match="cannot be reversed"):
        transaction_reverse(txn=reversal, actor=staff, reason="undo")
    assert_ledger_balanced()


def test_refund_takes_from_the_balance(payer, staff):
    topped_up(payer, "1000", staff)
    with pytest.raises(ValidationError):
        refund(student=payer, amount="1000.01", actor=staff, reason="leaving")
    refund(student=payer, amount="400", actor=staff, reason="leaving")
    assert finance_summary(payer).balance == D("600.00")
    assert_ledger_balanced()


def test_tuition_charge_once_discount_pay_and_hold(payer, staff):
    fee = TuitionFeeFactory(programme=payer.programme, amount=D("600000.00"), due_date=datetime.date(2026, 10, 1))
    assert tuition_charge_term(term=fee.term, actor=staff) == {"charged": 1, "skipped": 0}
    assert tuition_charge_term(term=fee.term, actor=staff) == {"charged": 0, "skipped": 1}
    charge, created = tuition_charge(student=payer, fee=fee, actor=staff)
    assert not created
    late = datetime.date(2026, 10, 2)
    assert finance_summary(payer, today=late).overdue == D("600000.00")

    hold = debt_hold_sync(student=payer, actor=staff, today=late)
    assert hold.kind == Hold.Kind.DEBT and hold.blocks_registration

    with pytest.raises(ValidationError, match="at most 100"):
        discount_grant(student=payer, term=fee.term, mode="percent", value="101", reason="x", actor=staff)  # over 100%
    discount = discount_grant(student=payer, term=fee.term, mode="percent", value="25", reason="Sports", actor=staff)
    assert discount.amount == D("150000.00") and discount.approved_by == staff
    with pytest.raises(ValidationError, match="exceed"):
        discount_grant(student=payer, term=fee.term, mode="amount", value="450000.01", reason="x", actor=staff)

    topped_up(payer, "100000", staff)
    tuition_pay(student=payer, actor=payer.user)  # all the balance covers
    summary = finance_summary(payer, today=late)
    assert (summary.balance, summary.debt, summary.discounts) == (0, D("350000.00"), D("150000.00"))
    with pytest.raises(ValidationError, match="top up 350"):
        tuition_pay(student=payer, actor=payer.user)
    topped_up(payer, "400000", staff)
    with pytest.raises(ValidationError, match="cannot pay more"):
        tuition_pay(student=payer, actor=payer.user, amount="350000.01")
    tuition_pay(student=payer, actor=payer.user)
    assert finance_summary(payer, today=late).debt == 0
    assert debt_hold_sync(student=payer, actor=staff, today=late) is None
    assert not payer.holds.filter(lifted_at__isnull=True).exists()
    assert Discount.objects.count() == 1
    assert_ledger_balanced()


def test_a_grant_student_is_not_charged(staff):
    from people.tests.factories import StudentRecordFactory

    granted = StudentRecordFactory()  # state grant: no tuition
    fee = TuitionFeeFactory(programme=granted.programme)
    assert tuition_charge_term(term=fee.term, actor=staff) == {"charged": 0, "skipped": 0}

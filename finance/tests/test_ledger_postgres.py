"""The ledger's rules as PostgreSQL keeps them (migration 0002) and money moved by many threads at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import DatabaseError

from finance.models import Account, Leg, Transaction
from finance.selectors import finance_summary
from finance.services.ledger import student_account, university_account
from finance.services.payments import service_pay
from finance.services.topups import topup_create, topup_external_post, topup_post
from people.tests.factories import RegistrarFactory

from .factories import paying_student
from .ledger_checks import assert_ledger_balanced

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def raw_transaction(account_amounts):
    txn = Transaction.objects.create(kind="topup")
    Leg.objects.bulk_create(
        [Leg(transaction=txn, account=a, amount=x, currency=a.currency) for a, x in account_amounts]
    )
    return txn


def test_trigger_refuses_an_unbalanced_transaction_at_commit():
    student = paying_student()
    balance = student_account(student, Account.Kind.BALANCE)
    clearing = university_account(Account.Kind.CLEARING, "receipt")
    with pytest.raises((IntegrityError, InternalError, DatabaseError), match="does not balance"):
        with transaction.atomic():
            raw_transaction([(clearing, D("10.00")), (balance, D("-9.00"))])
    assert not Leg.objects.exists()


def test_posted_legs_are_append_only():
    student = paying_student()
    balance = student_account(student, Account.Kind.BALANCE)
    clearing = university_account(Account.Kind.CLEARING, "receipt")
    with transaction.atomic():
        raw_transaction([(clearing, D("10.00")), (balance, D("-10.00"))])
    leg = Leg.objects.first()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            Leg.objects.filter(pk=leg.pk).update(amount=D("11.00"))
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            Leg.objects.filter(pk=leg.pk).delete()
    assert Leg.objects.get(pk=leg.pk).amount == D("10.00")


def test_leg_in_another_currency_is_refused():
    student = paying_student()
    balance = student_account(student, Account.Kind.BALANCE)
    clearing = university_account(Account.Kind.CLEARING, "receipt")
    with pytest.raises(DatabaseError, match="another currency"):
        with transaction.atomic():
            txn = Transaction.objects.create(kind="topup")
            Leg.objects.create(transaction=txn, account=clearing, amount=D("5.00"), currency="USD")
            Leg.objects.create(transaction=txn, account=balance, amount=D("-5.00"), currency="USD")


def test_concurrent_payments_never_overdraw_and_callbacks_post_once():
    staff = RegistrarFactory()
    student = paying_student()
    topup = topup_create(student=student, provider="receipt", amount="1000")
    topup_post(topup=topup, actor=staff)
    barrier = threading.Barrier(8)

    def pay(i):
        try:
            barrier.wait(timeout=30)
            service_pay(student=student, amount="300", service="certificate", reference=f"r{i}", actor=None)
            return "paid"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    def callback(i):
        try:
            barrier.wait(timeout=30)
            return topup_external_post(provider="kaspi", external_id="K-42", student=student, amount="50")[1]
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(pay, range(8)))
    assert results.count("paid") == 3
    barrier.reset()
    with ThreadPoolExecutor(8) as pool:
        posted = list(pool.map(callback, range(8)))
    assert posted.count(True) == 1
    assert finance_summary(student).balance == D("150.00")
    assert_ledger_balanced()

from decimal import Decimal as D

import pytest

from finance.services.payments import service_pay
from finance.services.topups import topup_create, topup_post
from finance.services.tuition import tuition_charge
from people.tests.factories import RegistrarFactory

from .factories import TuitionFeeFactory, paying_student

pytestmark = pytest.mark.django_db


def move_money(record, staff, times=1):
    for i in range(times):
        topup = topup_create(student=record, provider="receipt", amount="1000")
        topup_post(topup=topup, actor=staff)
        service_pay(student=record, amount="300", service="certificate", reference=f"r{i}", actor=record.user)


def test_the_student_sees_their_balance_debt_and_transactions(client, password):
    record, staff = paying_student(), RegistrarFactory()
    fee = TuitionFeeFactory(programme=record.programme, amount=D("500000.00"))
    tuition_charge(student=record, fee=fee, actor=staff)
    move_money(record, staff)
    client.cookies["django_language"] = "en"
    client.login(email=record.user.email, password=password)
    page = client.get("/finance/").content.decode()
    assert "700.00" in page.replace("\u00a0", "").replace(",", "").replace(" ", "")  # 1000 in, 300 out
    assert "500000.00" in page.replace("\u00a0", "").replace(",", "").replace(" ", "")
    assert page.count("<tr>") == 1 + 3  # header, charge, top-up, payment


def test_another_student_sees_only_their_own(client, password):
    record, other, staff = paying_student(), paying_student(), RegistrarFactory()
    move_money(record, staff)
    client.login(email=other.user.email, password=password)
    response = client.get("/finance/")
    assert response.status_code == 200
    assert 'data-testid="transactions"' not in response.content.decode()


def test_non_students_get_404(client, password):
    staff = RegistrarFactory()
    client.login(email=staff.email, password=password)
    assert client.get("/finance/").status_code == 404


def test_the_page_queries_do_not_grow(client, password, django_assert_max_num_queries):
    record, staff = paying_student(), RegistrarFactory()
    client.login(email=record.user.email, password=password)
    move_money(record, staff)
    with django_assert_max_num_queries(12) as few:
        client.get("/finance/")
    move_money(record, staff, times=10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/finance/").status_code == 200

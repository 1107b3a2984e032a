"""The office's finance pages: the student search, any student's page and its actions, the tuition job."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditRecord
from curriculum.models import Hold
from finance.models import Discount, Transaction
from finance.selectors import finance_summary, trial_balance, unbalanced_transactions
from finance.services.payments import service_pay
from finance.services.topups import topup_create, topup_post
from finance.services.tuition import tuition_charge
from people.tests.factories import RegistrarFactory, TeacherFactory

from .factories import TuitionFeeFactory, paying_student

pytestmark = pytest.mark.django_db


def _office(client, password):
    staff = RegistrarFactory()
    client.cookies["django_language"] = "en"
    client.login(email=staff.email, password=password)
    return staff


def _with_money(staff, *, fee_amount="500000.00", topup="1000", due=None):
    record = paying_student()
    fee = TuitionFeeFactory(programme=record.programme, amount=D(fee_amount), **({"due_date": due} if due else {}))
    tuition_charge(student=record, fee=fee, actor=staff)
    topup_post(topup=topup_create(student=record, provider="receipt", amount=topup), actor=staff)
    return record, fee


def _ledger_is_whole():
    assert unbalanced_transactions() == 0 and trial_balance() == 0


def test_the_office_finds_students_by_name_id_or_group_with_their_money(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    other = paying_student()
    page = client.get(reverse("finance:students"), {"q": record.student_number}).content.decode()
    assert record.user.get_full_name() in page and other.student_number not in page
    assert "500,000.00" in page and "1,000.00" in page
    page = client.get(reverse("finance:students"), {"q": f"{record.user.last_name} {record.group.name}"})
    assert record.student_number in page.content.decode()
    page = client.get(reverse("finance:students"), {"with_debt": "on"}).content.decode()
    assert record.student_number in page and other.student_number not in page


def test_the_search_answers_htmx_with_the_results_alone(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    response = client.get(
        reverse("finance:students"),
        {"q": record.student_number},
        headers={"HX-Request": "true", "HX-Target": "students"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="students">') and record.student_number in html


def test_others_get_404_on_the_office_pages(client, password):
    record = paying_student()
    for user in (record.user, TeacherFactory()):
        client.force_login(user)
        assert client.get(reverse("finance:students")).status_code == 404
        assert client.get(reverse("finance:student", args=[record.pk])).status_code == 404
        assert client.post(reverse("finance:student_hold_sync", args=[record.pk])).status_code == 404
        assert client.get(reverse("finance:tuition")).status_code == 404


def test_the_office_sees_any_students_page(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    page = client.get(reverse("finance:student", args=[record.pk])).content.decode()
    assert record.student_number in page and 'data-testid="staff-actions"' in page
    assert page.count("Reverse no.") == 2  # the charge and the top-up
    assert client.get(reverse("finance:student", args=[999999])).status_code == 404
    pdf = client.get(reverse("finance:student_statement", args=[record.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_a_discount_is_granted_with_the_office_as_approver(client, password):
    staff = _office(client, password)
    record, fee = _with_money(staff)
    data = {
        "discount-term": fee.term.pk,
        "discount-mode": "percent",
        "discount-value": "10",
        "discount-reason": "Merit",
    }
    response = client.post(reverse("finance:student_discount", args=[record.pk]), data, follow=True)
    assert "A discount of 50000.00 ₸ is granted." in response.content.decode()
    discount = Discount.objects.get(student=record)
    assert (discount.amount, discount.approved_by, discount.reason) == (D("50000.00"), staff, "Merit")
    assert finance_summary(record).debt == D("450000.00")
    _ledger_is_whole()


def test_a_discount_without_a_reason_or_too_big_is_refused_and_the_form_kept(client, password):
    staff = _office(client, password)
    record, fee = _with_money(staff)
    url = reverse("finance:student_discount", args=[record.pk])
    data = {"discount-term": fee.term.pk, "discount-mode": "amount", "discount-value": "700000", "discount-reason": ""}
    response = client.post(url, data)
    assert response.status_code == 400 and 'value="700000"' in response.content.decode()
    response = client.post(url, data | {"discount-reason": "Grant"})
    assert response.status_code == 400
    assert "would exceed its tuition" in response.content.decode()
    assert not Discount.objects.exists() and finance_summary(record).debt == D("500000.00")


def test_a_transaction_is_reversed_once_with_a_reason(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    topup = Transaction.objects.get(student=record, kind=Transaction.Kind.TOPUP)
    url = reverse("finance:student_reverse", args=[record.pk])
    assert client.post(url, {"reverse-number": topup.pk, "reverse-reason": ""}).status_code == 400
    response = client.post(url, {"reverse-number": topup.pk, "reverse-reason": "Wrong student"}, follow=True)
    assert f"Transaction no. {topup.pk} is reversed." in response.content.decode()
    assert finance_summary(record).balance == 0
    again = client.post(url, {"reverse-number": topup.pk, "reverse-reason": "Again"})
    assert again.status_code == 400 and "already reversed" in again.content.decode()
    assert Transaction.objects.filter(kind=Transaction.Kind.REVERSAL).count() == 1
    _ledger_is_whole()


def test_another_students_transaction_is_not_reversed_from_this_page(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    other, _fee = _with_money(staff)
    theirs = Transaction.objects.get(student=other, kind=Transaction.Kind.TOPUP)
    url = reverse("finance:student_reverse", args=[record.pk])
    response = client.post(url, {"reverse-number": theirs.pk, "reverse-reason": "Wrong"})
    assert response.status_code == 400 and "no transaction with this number" in response.content.decode()
    assert not Transaction.objects.filter(kind=Transaction.Kind.REVERSAL).exists()


def test_a_reversal_of_money_already_spent_is_refused(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    service_pay(student=record, amount="800", service="certificate", reference="r1", actor=record.user)
    topup = Transaction.objects.get(student=record, kind=Transaction.Kind.TOPUP)
    url = reverse("finance:student_reverse", args=[record.pk])
    response = client.post(url, {"reverse-number": topup.pk, "reverse-reason": "Oops"})
    assert response.status_code == 400 and "Not enough money" in response.content.decode()
    assert finance_summary(record).balance == D("200.00")


def test_a_refund_takes_from_the_balance_or_is_refused(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    url = reverse("finance:student_refund", args=[record.pk])
    response = client.post(url, {"refund-amount": "5000", "refund-reason": "Leaving"})
    assert response.status_code == 400 and "Not enough money" in response.content.decode()
    assert 'value="5000"' in response.content.decode()
    for amount in ("-1", "0", "12,345"):
        assert client.post(url, {"refund-amount": amount, "refund-reason": "x"}).status_code == 400
    response = client.post(url, {"refund-amount": "400", "refund-reason": "Leaving"}, follow=True)
    assert "400.00 ₸ is refunded to the student." in response.content.decode()
    assert finance_summary(record).balance == D("600.00")
    _ledger_is_whole()


def test_the_debt_hold_is_placed_on_an_overdue_debt_and_lifted_when_paid(client, password):
    import datetime as dt

    staff = _office(client, password)
    record, _fee = _with_money(staff, fee_amount="800.00", topup="1000", due=dt.date(2020, 1, 1))
    url = reverse("finance:student_hold_sync", args=[record.pk])
    response = client.post(url, follow=True)
    assert "the debt hold is in place" in response.content.decode()
    assert Hold.objects.filter(student=record, kind=Hold.Kind.DEBT, lifted_at__isnull=True).count() == 1
    client.post(url)  # twice: still one
    assert Hold.objects.filter(student=record, kind=Hold.Kind.DEBT).count() == 1
    from finance.services.tuition import tuition_pay

    tuition_pay(student=record, actor=record.user)
    assert not Hold.objects.filter(student=record, lifted_at__isnull=True).exists()
    assert "no debt hold" in client.post(url, follow=True).content.decode()
    assert AuditRecord.objects.filter(action=AuditAction.HOLD_PLACE).count() == 1


def test_the_office_pages_queries_do_not_grow(client, password, django_assert_max_num_queries):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    with django_assert_max_num_queries(25) as search:
        client.get(reverse("finance:students"))
    with django_assert_max_num_queries(25) as student_page:
        client.get(reverse("finance:student", args=[record.pk]))
    for _ in range(8):
        _with_money(staff)
        topup_post(topup=topup_create(student=record, provider="receipt", amount="10"), actor=staff)
    with django_assert_max_num_queries(len(search.captured_queries)):
        assert client.get(reverse("finance:students"), {"q": "", "with_debt": "on"}).status_code == 200
    with django_assert_max_num_queries(len(student_page.captured_queries)):
        assert client.get(reverse("finance:student", args=[record.pk])).status_code == 200


def test_the_students_page_filters_answer_htmx_with_the_table_alone(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    url = reverse("finance:student", args=[record.pk])
    response = client.get(url, {"kind": "topup"}, headers={"HX-Request": "true", "HX-Target": "transactions"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="transactions">') and html.count("<tr>") == 1 + 1
    assert reverse("finance:student_statement", args=[record.pk]) + "?kind=topup" in html


def test_the_reverse_link_fills_in_the_transaction_number(client, password):
    staff = _office(client, password)
    record, _fee = _with_money(staff)
    topup = Transaction.objects.get(student=record, kind=Transaction.Kind.TOPUP)
    page = client.get(reverse("finance:student", args=[record.pk]), {"reverse": topup.pk}).content.decode()
    assert f'name="reverse-number" value="{topup.pk}"' in page

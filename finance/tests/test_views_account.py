import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.filters import TransactionFilter
from finance.selectors import finance_summary, student_transactions, unbalanced_transactions
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


# --- filters, paying from the balance, the statement (fin-pages) ---


def _signed_in(client, record, password):
    client.cookies["django_language"] = "en"
    client.login(email=record.user.email, password=password)


def _charged(record, staff, amount="500000.00"):
    fee = TuitionFeeFactory(programme=record.programme, amount=D(amount))
    tuition_charge(student=record, fee=fee, actor=staff)
    return fee


def test_the_filters_keep_one_kind_of_transaction(client, password):
    record, staff = paying_student(), RegistrarFactory()
    _charged(record, staff)
    move_money(record, staff)
    _signed_in(client, record, password)
    page = client.get("/finance/", {"kind": "topup"}).content.decode()
    assert page.count("<tr>") == 1 + 1
    assert 'value="topup" selected' in page  # the filter stays chosen


def test_the_date_filters_and_a_period_that_ends_before_it_starts(client, password):
    record, staff = paying_student(), RegistrarFactory()
    move_money(record, staff)
    _signed_in(client, record, password)
    today = timezone.localdate()
    assert client.get("/finance/", {"date_from": today.isoformat()}).content.decode().count("<tr>") == 1 + 2
    later = (today + dt.timedelta(days=1)).isoformat()
    assert 'data-testid="no-transactions"' in client.get("/finance/", {"date_from": later}).content.decode()
    page = client.get("/finance/", {"date_from": later, "date_to": today.isoformat()}).content.decode()
    assert "The period ends before it starts." in page


def test_the_filters_answer_htmx_with_the_table_alone(client, password):
    record, staff = paying_student(), RegistrarFactory()
    move_money(record, staff)
    _signed_in(client, record, password)
    response = client.get("/finance/", {"kind": "topup"}, headers={"HX-Request": "true", "HX-Target": "transactions"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="transactions">') and "<html" not in html
    assert html.count("<tr>") == 1 + 1


def test_the_student_pays_the_debt_from_the_balance(client, password):
    record, staff = paying_student(), RegistrarFactory()
    _charged(record, staff)
    move_money(record, staff)  # 700 on the balance
    _signed_in(client, record, password)
    response = client.post(reverse("finance:pay"), {"amount": "500"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("finance:index")
    summary = finance_summary(record)
    assert (summary.balance, summary.debt) == (D("200.00"), D("499500.00"))
    assert "The tuition payment is made from your balance." in response.content.decode()


def test_paying_more_than_the_balance_is_refused_and_the_form_kept(client, password):
    record, staff = paying_student(), RegistrarFactory()
    _charged(record, staff)
    move_money(record, staff)
    _signed_in(client, record, password)
    response = client.post(reverse("finance:pay"), {"amount": "1500"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not enough money on your balance" in html and 'value="1500"' in html
    assert finance_summary(record).balance == D("700.00")
    assert unbalanced_transactions() == 0


def test_a_bad_amount_is_refused(client, password):
    record, staff = paying_student(), RegistrarFactory()
    _charged(record, staff)
    move_money(record, staff)
    _signed_in(client, record, password)
    for amount in ("-5", "0", "abc", "1.234"):
        response = client.post(reverse("finance:pay"), {"amount": amount})
        assert response.status_code == 400 and 'data-testid="form-error"' in response.content.decode()
    assert finance_summary(record).balance == D("700.00")


def test_the_statement_is_a_pdf_of_the_filtered_transactions(client, password):
    record, staff = paying_student(), RegistrarFactory()
    _charged(record, staff)
    move_money(record, staff)
    _signed_in(client, record, password)
    response = client.get(reverse("finance:statement"), {"kind": "topup"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"statement-{record.student_number}.pdf" in response["Content-Disposition"]


def test_the_statement_html_is_in_the_readers_language(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    from finance.views.account import STUDENT_RELATED

    record, staff = paying_student(), RegistrarFactory()
    move_money(record, staff)
    record = type(record).objects.select_related(*STUDENT_RELATED).get(pk=record.pk)
    request = rf.get("/finance/statement/", {"kind": "topup"})
    filters = TransactionFilter(request.GET, queryset=student_transactions(student=record))
    context = {"student": record, "summary": finance_summary(record), "discounts": [], "filters": filters}
    context |= {"transactions": filters.qs, "printed_at": timezone.localtime()}
    context["university"] = record.programme.department.faculty.university
    with translation.override("ru"):
        html = render_to_string("finance/statement.html", context)
    assert '<html lang="ru">' in html and 'data-testid="statement-filters"' in html
    assert html.count("<tr>") == 6 + (1 if record.group else 0) + 1 + 1  # the card, the header, the one top-up


def test_the_filtered_page_and_the_statement_queries_do_not_grow(client, password, django_assert_max_num_queries):
    record, staff = paying_student(), RegistrarFactory()
    _charged(record, staff)
    _signed_in(client, record, password)
    move_money(record, staff)
    filtered = {"kind": "topup", "date_from": "2020-01-01"}
    with django_assert_max_num_queries(20) as statement:
        client.get(reverse("finance:statement"))
    with django_assert_max_num_queries(20) as page:
        client.get("/finance/", filtered)
    move_money(record, staff, times=10)
    with django_assert_max_num_queries(len(statement.captured_queries)):
        assert client.get(reverse("finance:statement")).status_code == 200
    with django_assert_max_num_queries(len(page.captured_queries)):
        assert client.get("/finance/", filtered).status_code == 200

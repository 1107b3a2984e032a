"""The student's top-up pages and the office's receipt queue, with real uploaded files."""

from decimal import Decimal as D

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from finance.models import TopUp
from finance.selectors import finance_summary
from finance.services.topups import topup_create, topup_receipt_attach
from people.tests.factories import StudentFactory, TeacherFactory

from .factories import paying_student
from .ledger_checks import assert_ledger_balanced
from .test_providers import exe_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _balanced():
    yield
    assert_ledger_balanced()


@pytest.fixture
def record():
    return paying_student()


@pytest.fixture
def as_student(client, record, password):
    client.cookies["django_language"] = "en"
    client.login(email=record.user.email, password=password)
    return client


@pytest.fixture
def as_office(client, registrar, password):
    client.cookies["django_language"] = "en"
    client.login(email=registrar.email, password=password)
    return client


def waiting_receipt(record, amount="15000", upload=None):
    topup = topup_create(student=record, provider="receipt", amount=amount)
    return topup_receipt_attach(topup=topup, upload=upload or pdf_upload(), actor=record.user)


def test_the_finance_page_links_to_top_up(as_student):
    page = as_student.get(reverse("finance:index")).content.decode()
    assert reverse("finance:topup") in page


def test_the_student_tops_up_by_receipt_and_the_office_confirms(as_student, record, registrar, password):
    response = as_student.post(
        reverse("finance:topup"), {"provider": "receipt", "amount": "15 000,50", "currency": "KZT"}
    )
    topup = TopUp.objects.get(student=record)
    assert response.status_code == 302 and response["Location"] == reverse("finance:topup_receipt", args=[topup.pk])
    assert topup.amount == D("15000.50") and topup.status == TopUp.Status.PENDING

    response = as_student.post(
        reverse("finance:topup_receipt", args=[topup.pk]), {"receipt": png_upload("my scan.png")}
    )
    assert response.status_code == 302
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.AWAITING_CONFIRMATION and topup.receipt_type == "image/png"
    assert topup.receipt.name.endswith(f"{topup.invoice_id}.png")
    detail = as_student.get(reverse("finance:topup_detail", args=[topup.pk])).content.decode()
    assert "Awaiting confirmation" in detail
    assert finance_summary(record).balance == D("0.00")

    as_student.logout()
    as_student.login(email=registrar.email, password=password)
    queue = as_student.get(reverse("finance:receipts")).content.decode()
    assert topup.invoice_id in queue
    response = as_student.post(reverse("finance:receipt_confirm", args=[topup.pk]), follow=True)
    assert "alert-success" in response.content.decode()  # the confirmation, in the registrar's language
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.POSTED
    again = as_student.post(reverse("finance:receipt_confirm", args=[topup.pk]), follow=True)
    with translation.override("kk"):
        assert gettext("This top-up is already confirmed: nothing was credited again.") in again.content.decode()
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.POSTED and topup.decided_by == registrar
    assert finance_summary(record).balance == D("15000.50")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "0"}, "amount", "greater than zero"),
        ({"amount": "-100"}, "amount", "greater than zero"),
        ({"amount": "lots"}, "amount", "as a number"),
        ({"amount": "100", "currency": "USD"}, "currency", "tenge (KZT)"),
    ],
)
def test_a_wrong_amount_is_refused_and_the_form_kept(as_student, record, data, field, message):
    response = as_student.post(reverse("finance:topup"), {"provider": "receipt", "currency": "KZT"} | data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'data-testid="{field}-error"' in page
    assert f'value="{data["amount"]}"' in page
    assert not TopUp.objects.exists()


def test_the_amount_message_is_translated(client, record, password):
    client.cookies["django_language"] = "ru"
    client.login(email=record.user.email, password=password)
    response = client.post(reverse("finance:topup"), {"provider": "receipt", "amount": "0", "currency": "KZT"})
    assert response.status_code == 400
    assert "The amount must be greater than zero." not in response.content.decode()


def test_a_renamed_program_is_refused_and_the_top_up_keeps_waiting(as_student, record):
    topup = topup_create(student=record, provider="receipt", amount="100")
    response = as_student.post(reverse("finance:topup_receipt", args=[topup.pk]), {"receipt": exe_upload()})
    assert response.status_code == 400
    assert "PDF, JPEG or PNG" in response.content.decode()
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.PENDING and not topup.receipt


def test_a_receipt_over_the_limit_is_refused(as_student, record, settings):
    settings.RECEIPT_MAX_BYTES = 200
    topup = topup_create(student=record, provider="receipt", amount="100")
    response = as_student.post(reverse("finance:topup_receipt", args=[topup.pk]), {"receipt": pdf_upload()})
    assert response.status_code == 400 and "larger than" in response.content.decode()


def test_the_receipt_file_is_served_to_its_student_and_the_office_only(client, record, registrar, password):
    topup = waiting_receipt(record)
    url = reverse("finance:receipt_file", args=[topup.pk])
    assert django_settings.MEDIA_URL not in url
    client.login(email=record.user.email, password=password)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    for other in (StudentFactory(), TeacherFactory()):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.get(reverse("finance:topup_detail", args=[topup.pk])).status_code == 404
    client.force_login(registrar)
    assert client.get(url).status_code == 200


def test_the_student_cannot_confirm_their_own_receipt(as_student, record):
    topup = waiting_receipt(record)
    assert as_student.post(reverse("finance:receipt_confirm", args=[topup.pk])).status_code == 404
    assert as_student.get(reverse("finance:receipts")).status_code == 404
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.AWAITING_CONFIRMATION


def test_rejecting_needs_a_reason_which_the_student_sees(as_office, record):
    topup = waiting_receipt(record)
    response = as_office.post(reverse("finance:receipt_reject", args=[topup.pk]), {"reason": ""})
    assert response.status_code == 400 and 'data-testid="reason-error"' in response.content.decode()
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.AWAITING_CONFIRMATION
    response = as_office.post(
        reverse("finance:receipt_reject", args=[topup.pk]), {"reason": "The amount is unreadable"}
    )
    assert response.status_code == 302
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.REJECTED and topup.reject_reason == "The amount is unreadable"
    # confirming a rejected receipt: refused, nothing credited
    response = as_office.post(reverse("finance:receipt_confirm", args=[topup.pk]), follow=True)
    assert "rejected" in response.content.decode()
    assert finance_summary(record).balance == D("0.00")
    assert record.user.notifications.count() == 1


def test_the_queue_filters_by_status(as_office, record, registrar):
    waiting = waiting_receipt(record, amount="111")
    rejected = waiting_receipt(record, amount="222")
    from finance.services.topups import topup_reject

    topup_reject(topup=rejected, actor=registrar, reason="No")
    default = as_office.get(reverse("finance:receipts")).content.decode()
    assert waiting.invoice_id in default and rejected.invoice_id not in default
    only_rejected = as_office.get(reverse("finance:receipts"), {"status": "rejected"}).content.decode()
    assert rejected.invoice_id in only_rejected and waiting.invoice_id not in only_rejected
    everything = as_office.get(reverse("finance:receipts"), {"status": "nonsense"}).content.decode()
    assert waiting.invoice_id in everything and rejected.invoice_id in everything


def test_a_decided_top_up_takes_no_new_receipt(as_student, record, registrar):
    topup = waiting_receipt(record)
    from finance.services.topups import topup_post

    topup_post(topup=topup, actor=registrar)
    response = as_student.get(reverse("finance:topup_receipt", args=[topup.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("finance:topup_detail", args=[topup.pk])


def test_a_new_receipt_replaces_the_old_file(record):
    topup = waiting_receipt(record, upload=pdf_upload())
    old = topup.receipt.name
    storage = topup.receipt.storage
    topup = topup_receipt_attach(topup=topup, upload=png_upload(), actor=record.user)
    assert topup.receipt.name != old and topup.receipt_type == "image/png"
    assert storage.exists(topup.receipt.name)


# --- query budgets: the same count with 1 row or many ---


def test_query_budget_of_the_office_queue(as_office, django_assert_max_num_queries):
    for _i in range(2):
        waiting_receipt(paying_student())
    with django_assert_max_num_queries(8):
        small = as_office.get(reverse("finance:receipts"))
    for _i in range(8):
        waiting_receipt(paying_student())
    with django_assert_max_num_queries(8):
        large = as_office.get(reverse("finance:receipts"))
    assert small.content.decode().count("<tr>") + 8 == large.content.decode().count("<tr>")


@pytest.mark.parametrize("page", ["finance:topup", "finance:topup_detail", "finance:topup_receipt"])
def test_query_budget_of_the_student_pages(as_student, record, page, django_assert_max_num_queries):
    topup = topup_create(student=record, provider="receipt", amount="100")
    for _i in range(5):
        topup_create(student=record, provider="receipt", amount="100")
    kwargs = {} if page == "finance:topup" else {"pk": topup.pk}
    with django_assert_max_num_queries(8):
        assert as_student.get(reverse(page, kwargs=kwargs)).status_code == 200


def test_query_budget_of_the_review_page(as_office, record, django_assert_max_num_queries):
    topup = waiting_receipt(record)
    with django_assert_max_num_queries(8):
        assert as_office.get(reverse("finance:receipt", args=[topup.pk])).status_code == 200


def test_the_demo_receipt_waits_in_the_queue_once(record):
    from demo.finance import DEMO_RECEIPT_INVOICE, seed_receipt_topup

    seed_receipt_topup(record=record)
    seed_receipt_topup(record=record)
    topup = TopUp.objects.get(student=record)
    assert topup.invoice_id == DEMO_RECEIPT_INVOICE and topup.status == TopUp.Status.AWAITING_CONFIRMATION
    assert topup.receipt_type == "application/pdf"

"""The providers' servers calling ours, as they do it: Halyk's signed JSON callback (checked against a fake Halyk
status API, a real HTTP server on a thread) and Kaspi's signed check / pay / notify. Forged or unsigned calls
post nothing; replayed, duplicated and out-of-order ones post once; the ledger sums to zero after each test."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditRecord
from finance.models import TopUp
from finance.providers.base import hmac_sha256
from finance.providers.halyk import canonical_body
from finance.providers.kaspi import canonical_query
from finance.selectors import finance_summary
from finance.services.topups import topup_create

from .factories import paying_student
from .ledger_checks import assert_ledger_balanced

pytestmark = pytest.mark.django_db

HALYK_SECRET, KASPI_SECRET = "halyk-shared-secret", "kaspi-shared-secret"


class FakeHalyk:
    """Halyk's status API: answers GET /status?invoiceId=… from `payments`, refusing unsigned queries."""

    def __init__(self):
        self.payments: dict[str, dict] = {}
        self.queries: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlparse(self.path)
                invoice = parse_qs(url.query).get("invoiceId", [""])[0]
                fake.queries.append(invoice)
                if self.headers.get("X-Signature") != hmac_sha256(HALYK_SECRET, url.query):
                    return self._send(401, {"error": "signature"})
                payment = fake.payments.get(invoice)
                if payment is None:
                    return self._send(404, {"error": "not found"})
                return self._send(200, {"invoiceId": invoice, **payment})

            def _send(self, code, data):
                body = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/status"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def halyk(settings):
    fake = FakeHalyk()
    settings.HALYK_SECRET = HALYK_SECRET
    settings.HALYK_STATUS_URL = fake.url
    settings.HALYK_PAY_URL = "https://epay.example/pay"
    settings.HALYK_TIMEOUT = 5
    yield fake
    fake.close()


@pytest.fixture
def kaspi(settings):
    settings.KASPI_SECRET = KASPI_SECRET


@pytest.fixture(autouse=True)
def _balanced():
    yield
    assert_ledger_balanced()


def halyk_callback(client, data, *, secret=HALYK_SECRET, signature=None):
    """POST the callback as Halyk does: the body as it likes to space it, signed over the canonical body."""
    headers = {}
    if secret is not None:
        headers["HTTP_X_SIGNATURE"] = signature or hmac_sha256(secret, canonical_body(data))
    return client.post(
        reverse("finance:callback_halyk"), data=json.dumps(data, indent=1), content_type="application/json", **headers
    )


def halyk_invoice(amount="5000"):
    return topup_create(student=paying_student(), provider="halyk", amount=amount)


def paid(fake, topup, *, amount=None, payment_id="HB-1", status="CHARGE", currency="KZT"):
    fake.payments[topup.invoice_id] = {
        "id": payment_id,
        "amount": amount or str(topup.amount),
        "currency": currency,
        "status": status,
    }
    return {"invoiceId": topup.invoice_id, "id": payment_id, "amount": str(topup.amount), "code": "ok"}


# --- Halyk ---


def test_a_signed_callback_checked_with_the_provider_posts_once(client, halyk):
    topup = halyk_invoice()
    body = paid(halyk, topup)
    response = halyk_callback(client, body)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.POSTED and topup.external_id == "HB-1"
    assert finance_summary(topup.student).balance == D("5000.00")
    assert halyk.queries == [topup.invoice_id]
    # the same callback again, and again: nothing more
    assert halyk_callback(client, body).json() == {"status": "ok"}
    assert halyk_callback(client, body).status_code == 200
    assert finance_summary(topup.student).balance == D("5000.00")
    assert AuditRecord.objects.filter(action=AuditAction.TOPUP_CONFIRM, target_id=str(topup.pk)).count() == 1


@pytest.mark.parametrize("signature", [None, "", "0" * 64, "forged"])
def test_an_unsigned_or_forged_callback_is_403_and_posts_nothing(client, halyk, signature):
    topup = halyk_invoice()
    body = paid(halyk, topup)
    if signature is None:
        response = halyk_callback(client, body, secret=None)
    else:
        response = halyk_callback(client, body, signature=signature or " ")
    assert response.status_code == 403
    assert halyk.queries == []  # not even asked
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.PENDING and topup.transaction is None


def test_a_body_changed_after_signing_is_403(client, halyk):
    topup = halyk_invoice()
    body = paid(halyk, topup)
    signature = hmac_sha256(HALYK_SECRET, canonical_body(body))
    body["amount"] = "500000"
    assert halyk_callback(client, body, signature=signature).status_code == 403


def test_signed_with_another_secret_is_403(client, halyk):
    topup = halyk_invoice()
    assert halyk_callback(client, paid(halyk, topup), secret="guessed").status_code == 403


def test_without_a_configured_secret_every_callback_is_refused(client, halyk, settings):
    topup = halyk_invoice()
    body = paid(halyk, topup)
    settings.HALYK_SECRET = ""
    assert halyk_callback(client, body, secret="").status_code == 403
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.PENDING


def test_the_callback_alone_is_not_believed_the_provider_is_asked(client, halyk):
    """A validly signed callback saying "ok" while the provider's API has no charge: nothing posts."""
    topup = halyk_invoice()
    body = paid(halyk, topup, status="NEW")
    assert halyk_callback(client, body).json() == {"status": "pending"}
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.PENDING and topup.transaction is None


def test_an_amount_mismatch_fails_the_top_up_and_posts_nothing(client, halyk):
    topup = halyk_invoice("5000")
    body = paid(halyk, topup, amount="50.00")
    assert halyk_callback(client, body).json() == {"status": "failed"}
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.FAILED and topup.transaction is None
    assert finance_summary(topup.student).balance == D("0.00")
    assert topup.student.user.notifications.count() == 1


def test_another_currency_fails_the_top_up(client, halyk):
    topup = halyk_invoice("5000")
    assert halyk_callback(client, paid(halyk, topup, currency="USD")).json() == {"status": "failed"}
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.FAILED


def test_a_declined_payment_fails_and_a_late_decline_after_posting_changes_nothing(client, halyk):
    declined = halyk_invoice()
    assert halyk_callback(client, paid(halyk, declined, status="REJECT")).json() == {"status": "failed"}
    assert TopUp.objects.get(pk=declined.pk).status == TopUp.Status.FAILED

    topup = halyk_invoice()
    body = paid(halyk, topup, payment_id="HB-2")
    assert halyk_callback(client, body).json() == {"status": "ok"}
    # out of order: a stale "declined" report comes after the charge
    halyk.payments[topup.invoice_id]["status"] = "REJECT"
    assert halyk_callback(client, body).json() == {"status": "ok"}
    topup.refresh_from_db()
    assert topup.status == TopUp.Status.POSTED
    assert finance_summary(topup.student).balance == D("5000.00")


def test_the_provider_unreachable_is_503_and_the_retry_posts(client, halyk, settings):
    topup = halyk_invoice()
    body = paid(halyk, topup)
    settings.HALYK_STATUS_URL = "http://127.0.0.1:9/status"  # nothing listens on the discard port
    assert halyk_callback(client, body).status_code == 503
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.PENDING
    settings.HALYK_STATUS_URL = halyk.url
    assert halyk_callback(client, body).json() == {"status": "ok"}
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.POSTED


def test_a_payment_id_claimed_by_two_invoices_posts_once(client, halyk):
    first, second = halyk_invoice(), halyk_invoice()
    assert halyk_callback(client, paid(halyk, first, payment_id="HB-9")).json() == {"status": "ok"}
    assert halyk_callback(client, paid(halyk, second, payment_id="HB-9")).status_code == 409
    assert TopUp.objects.get(pk=second.pk).transaction is None


def test_an_unknown_invoice_is_404_and_a_get_is_405(client, halyk):
    body = {"invoiceId": "999999999999", "id": "x", "amount": "1", "code": "ok"}
    assert halyk_callback(client, body).status_code == 404
    assert client.get(reverse("finance:callback_halyk")).status_code == 405


def test_start_sends_the_student_to_the_payment_page(client, halyk, password):
    student = paying_student()
    client.login(email=student.user.email, password=password)
    response = client.post(reverse("finance:topup"), {"provider": "halyk", "amount": "7 500", "currency": "KZT"})
    topup = TopUp.objects.get(student=student)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://epay.example/pay"
    assert query["invoiceId"] == [topup.invoice_id] and len(topup.invoice_id) == 12
    assert query["amount"] == ["7500.00"]
    assert query["postLink"] == ["http://testserver" + reverse("finance:callback_halyk")]
    assert query["backLink"] == ["http://testserver" + reverse("finance:topup_detail", kwargs={"pk": topup.pk})]


# --- Kaspi ---


def kaspi_call(client, method="get", *, secret=KASPI_SECRET, **params):
    params = {key: str(value) for key, value in params.items()}
    if secret is not None:
        params["sign"] = hmac_sha256(secret, canonical_query(params))
    url = reverse("finance:callback_kaspi")
    if method == "get":
        return client.get(f"{url}?{urlencode(params)}")
    return client.post(url, params)


def result(response) -> str:
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/xml")
    return body.split("<result>")[1].split("</result>")[0]


def test_check_answers_whether_the_account_exists(client, kaspi):
    student = paying_student()
    found = kaspi_call(client, command="check", txn_id="1001", account=student.student_number, sum="100.00")
    assert found.status_code == 200 and result(found) == "0"
    assert "<txn_id>1001</txn_id>" in found.content.decode()
    missing = kaspi_call(client, command="check", txn_id="1002", account="NOBODY", sum="100.00")
    assert result(missing) == "5"
    assert not TopUp.objects.exists()


def test_pay_posts_once_per_txn_id_and_a_replay_answers_the_same(client, kaspi):
    student = paying_student()
    args = {"command": "pay", "txn_id": "2001", "txn_date": "20261203120133", "account": student.student_number}
    first = kaspi_call(client, sum="2500.50", **args)
    assert result(first) == "0"
    topup = TopUp.objects.get(provider="kaspi", external_id="2001")
    assert f"<prv_txn>{topup.pk}</prv_txn>" in first.content.decode()
    replay = kaspi_call(client, "post", sum="2500.50", **args)
    assert replay.content == first.content
    assert finance_summary(student).balance == D("2500.50")
    assert TopUp.objects.filter(provider="kaspi").count() == 1
    # the same txn_id with another sum: refused, nothing posted
    assert result(kaspi_call(client, sum="9999", **args)) == "300"
    assert finance_summary(student).balance == D("2500.50")


def test_notify_tells_where_a_payment_stands_and_out_of_order_pay_still_posts_once(client, kaspi):
    student = paying_student()
    # notify before pay (out of order): not known yet, nothing posted
    assert result(kaspi_call(client, command="notify", txn_id="3001")) == "1"
    args = {"command": "pay", "txn_id": "3001", "account": student.student_number, "sum": "100"}
    assert result(kaspi_call(client, **args)) == "0"
    assert result(kaspi_call(client, command="notify", txn_id="3001")) == "0"
    # check after pay (out of order) answers, posts nothing
    assert result(kaspi_call(client, command="check", txn_id="3001", account=student.student_number, sum="100")) == "0"
    assert finance_summary(student).balance == D("100.00")


@pytest.mark.parametrize("secret", [None, "guessed"])
def test_a_forged_or_unsigned_kaspi_call_is_refused(client, kaspi, secret):
    student = paying_student()
    response = kaspi_call(client, secret=secret, command="pay", txn_id="4001", account=student.student_number, sum="10")
    assert response.status_code == 403 and result(response) == "300"
    assert not TopUp.objects.exists()


def test_a_signed_call_whose_sum_was_changed_is_refused(client, kaspi):
    student = paying_student()
    params = {"command": "pay", "txn_id": "4002", "account": student.student_number, "sum": "10"}
    sign = hmac_sha256(KASPI_SECRET, canonical_query(params))
    response = client.get(reverse("finance:callback_kaspi"), params | {"sum": "10000", "sign": sign})
    assert response.status_code == 403
    assert not TopUp.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1.001"])
def test_a_wrong_sum_is_refused(client, kaspi, amount):
    student = paying_student()
    response = kaspi_call(client, command="pay", txn_id="5001", account=student.student_number, sum=amount)
    assert result(response) == "300"
    assert not TopUp.objects.exists()


def test_unknown_command_or_no_txn_id(client, kaspi):
    assert result(kaspi_call(client, command="refund", txn_id="1")) == "300"
    assert result(kaspi_call(client, command="pay")) == "300"


# --- PostgreSQL: the same callback delivered by 8 threads at once ---


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_threads_delivering_the_same_halyk_callback_post_once(halyk):
    topup = halyk_invoice("1200")
    body = paid(halyk, topup, payment_id="HB-PG")
    barrier = threading.Barrier(8)

    def deliver(_i):
        try:
            barrier.wait(timeout=30)
            return halyk_callback(Client(), body).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(deliver, range(8)))
    assert codes == [200] * 8
    assert TopUp.objects.get(pk=topup.pk).status == TopUp.Status.POSTED
    assert finance_summary(topup.student).balance == D("1200.00")
    assert AuditRecord.objects.filter(action=AuditAction.TOPUP_CONFIRM, target_id=str(topup.pk)).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_threads_delivering_the_same_kaspi_pay_post_once(kaspi):
    student = paying_student()
    barrier = threading.Barrier(8)

    def deliver(_i):
        try:
            barrier.wait(timeout=30)
            return result(kaspi_call(Client(), command="pay", txn_id="PG-1", account=student.student_number, sum="700"))
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(deliver, range(8)))
    assert results == ["0"] * 8
    assert TopUp.objects.filter(provider="kaspi", external_id="PG-1").count() == 1
    assert finance_summary(student).balance == D("700.00")

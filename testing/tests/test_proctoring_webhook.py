"""A vendor's webhook (Examus): a signed report is stored once, a forged or unsigned one stores nothing."""

import json

import pytest
from django.urls import reverse

from testing.models import Attempt, ProctorEvent, ProctorEventKind
from testing.proctoring import backend_for_quiz, backend_get
from testing.proctoring.base import hmac_sha256_hex

from .proctoring_factories import attempt_started, proctored_exam

pytestmark = pytest.mark.django_db
SECRET = "test-examus-secret"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.EXAMUS_WEBHOOK_SECRET = SECRET


@pytest.fixture
def attempt():
    return attempt_started(proctored_exam(backend="examus"))


def _report(attempt, *events, verdict=""):
    return json.dumps({"session_id": str(attempt.pk), "verdict": verdict, "events": list(events)}).encode()


def _send(client, body, signature=None, backend="examus"):
    headers = {} if signature is None else {"X-Examus-Signature": signature}
    url = reverse("testing:proctoring_webhook", kwargs={"backend": backend})
    return client.post(url, body, content_type="application/json", headers=headers)


EXTRA = {"id": "ex-1", "type": "extra_person", "time": "2026-12-03T10:00:00Z", "comment": "two faces"}
GAZE = {"id": "ex-2", "type": "gaze_away", "time": "2026-12-03T10:01:00Z"}


def test_a_signed_report_is_stored_with_our_kinds(client, attempt):
    body = _report(attempt, EXTRA, GAZE, {"id": "ex-3", "type": "books_or_notes"})
    response = _send(client, body, "sha256=" + hmac_sha256_hex(SECRET, body))
    assert response.status_code == 200 and response.json()["stored"] == 3
    events = list(ProctorEvent.objects.filter(attempt=attempt).order_by("external_id"))
    assert [e.kind for e in events] == [ProctorEventKind.EXTRA_PERSON, ProctorEventKind.GAZE_AWAY, "other"]
    assert {e.source for e in events} == {"examus"}
    assert events[0].details == {"vendor_type": "extra_person", "comment": "two faces"}
    assert events[2].details["vendor_type"] == "books_or_notes"
    attempt.refresh_from_db()
    assert attempt.review == Attempt.Review.FLAGGED  # an extra person weighs enough


def test_a_replay_stores_nothing_new(client, attempt):
    body = _report(attempt, EXTRA)
    signature = hmac_sha256_hex(SECRET, body)
    assert _send(client, body, signature).json()["stored"] == 1
    assert _send(client, body, signature).json()["stored"] == 0
    assert ProctorEvent.objects.count() == 1


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=" + "0" * 64, hmac_sha256_hex("another secret", b"x")],
    ids=["unsigned", "empty", "zeros", "wrong-secret"],
)
def test_a_forged_or_unsigned_report_is_403_and_stores_nothing(client, attempt, signature):
    body = _report(attempt, EXTRA, verdict="violation")
    assert _send(client, body, signature).status_code == 403
    assert not ProctorEvent.objects.exists()
    attempt.refresh_from_db()
    assert attempt.review == ""


def test_a_signature_of_another_body_is_refused(client, attempt):
    signature = hmac_sha256_hex(SECRET, _report(attempt, GAZE))
    assert _send(client, _report(attempt, EXTRA), signature).status_code == 403
    assert not ProctorEvent.objects.exists()


def test_no_secret_configured_refuses_everything(client, attempt, settings):
    settings.EXAMUS_WEBHOOK_SECRET = ""
    body = _report(attempt, EXTRA)
    assert _send(client, body, hmac_sha256_hex("", body)).status_code == 403


def test_the_vendors_verdict_flags_the_attempt(client, attempt):
    body = _report(attempt, verdict="violation")
    assert _send(client, body, hmac_sha256_hex(SECRET, body)).json()["review"] == "flagged"


def test_a_report_about_an_attempt_of_another_backend_is_refused(client):
    builtin = attempt_started(proctored_exam())
    body = _report(builtin, EXTRA)
    assert _send(client, body, hmac_sha256_hex(SECRET, body)).status_code == 404
    assert not ProctorEvent.objects.exists()


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"events": []}', b'{"session_id": "1", "events": [{"type": "voice"}]}'],
    ids=["not-json", "no-session", "event-without-id"],
)
def test_an_unreadable_signed_report_is_400(client, attempt, body):
    assert _send(client, body, hmac_sha256_hex(SECRET, body)).status_code == 400
    assert not ProctorEvent.objects.exists()


def test_an_unknown_backend_is_404(client):
    assert _send(client, b"{}", "x", backend="nobody").status_code == 404


def test_the_builtin_backend_takes_no_webhook(client):
    assert _send(client, b"{}", "x", backend="builtin").status_code == 404


def test_examus_session_url_names_the_attempt(attempt, settings):
    settings.EXAMUS_SESSION_URL = "https://vendor.example/session/"
    backend = backend_for_quiz(attempt.quiz)
    assert backend is backend_get("examus")
    assert backend.session_url(attempt) == (
        f"https://vendor.example/session/?session_id={attempt.pk}&exam={attempt.quiz_id}&student={attempt.student_id}"
    )

"""Proctoring in a real Chromium with a fake camera, microphone and screen (docs/modules.md#proctoring).

Chromium runs with `--use-fake-device-for-media-stream` (a synthetic camera picture and a beeping microphone) and
`--use-fake-ui-for-media-stream` (every permission prompt accepted; getDisplayMedia picks the entire screen, so
`displaySurface` is "monitor" without `--auto-select-desktop-capture-source`). The student goes through the rules,
the extension check (none installed: the install link; then one that answers the ping), the device check, the
photo and the rehearsal of sharing the entire screen; then, with an attempt the engine would start (made here with
the ORM), the attempt page's calls: heartbeat, a lost camera pausing, resuming, the closing beacon.
"""

import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import CHROMIUM_ARGS, browser_sign_in
from people.tests.factories import PASSWORD
from testing.models import Attempt, ProctorCheck, ProctorEvent, ProctorEventKind
from testing.tests.proctoring_factories import attempt_started, proctored_exam, ready_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]

# a stand-in for a vendor's content script: answers the page's ping as any extension may
EXTENSION = """
window.addEventListener("message", (event) => {
  if (event.source === window && event.data && event.data.type === "cabinet-proctoring:ping") {
    window.postMessage({type: "cabinet-proctoring:pong", nonce: event.data.nonce, vendor: "ExamVendor",
                        version: "3.1"}, window.location.origin);
  }
});
"""


@pytest.fixture(scope="module")
def media_chromium():
    path = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if not path.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"no Chromium at {path} and REQUIRE_BROWSER=1")
        pytest.skip(f"no Chromium at {path}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(path), args=CHROMIUM_ARGS + MEDIA_ARGS, headless=True
            )
            yield browser
            browser.close()


@pytest.fixture
def tab(media_chromium, live_server):
    context = media_chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"JavaScript error: {exc}"))
    page.on("response", lambda r: r.status >= 500 and page.problems.append(f"{r.status} from {r.url}"))
    yield page
    context.close()


@pytest.fixture
def exam():
    exam = proctored_exam()
    exam.student.language = "en"
    exam.student.save(update_fields=["language"])
    return exam


def _until(page, script, timeout=10.0):
    """Polls `script` (evaluated by the driver, not by the page's own eval, which the CSP forbids) until truthy."""
    end = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < end, f"never true: {script}"
        page.wait_for_timeout(100)


def _post(page, url, fields=None):
    """A POST from the page itself (its session and CSRF token), as proctoring.js sends them."""
    return page.evaluate(
        """async ([url, fields]) => {
            const body = new FormData();
            for (const [k, v] of Object.entries(fields || {})) body.append(k, v);
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const r = await fetch(url, {method: "POST", body, headers: {"X-CSRFToken": token}});
            return {status: r.status, body: await r.json()};
        }""",
        [url, fields or {}],
    )


def test_a_student_goes_through_the_proctoring_steps(tab, exam):
    page = tab
    browser_sign_in(page, exam.student.email, PASSWORD)
    page.goto(f"/testing/{exam.quiz.pk}/proctoring/")
    page.get_by_label("I have read the rules and will follow them").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/testing/{exam.quiz.pk}/proctoring/check/")

    # no extension answers within 2 s: the install link, and this exam goes on without it
    page.get_by_test_id("extension-missing").wait_for(state="visible", timeout=5_000)
    assert page.get_by_test_id("extension-install").is_visible()
    assert "No proctoring extension answered" in page.get_by_test_id("extension-status").inner_text()
    page.get_by_test_id("extension-submit").click()
    page.wait_for_load_state()
    check = ProctorCheck.objects.get(quiz=exam.quiz, student=exam.record)
    assert check.extension_checked_at is not None and check.extension == ""

    # camera and microphone: the fake devices start, the preview plays, the meter moves
    page.get_by_test_id("devices-start").click()
    _until(page, "document.querySelector('[data-devices-submit]').disabled === false")
    assert page.evaluate("document.querySelector('[data-camera-preview]').srcObject.getVideoTracks().length") == 1
    _until(page, "document.querySelector('[data-mic-level]').value > 0")
    page.get_by_test_id("devices-submit").click()
    page.wait_for_load_state()
    check.refresh_from_db()
    assert check.devices_checked_at is not None

    # the photo: taken, back, taken again, sent
    _until(page, "document.querySelector('[data-photo-camera]').readyState >= 2")
    page.get_by_test_id("photo-take").click()
    _until(page, "document.querySelector('[data-photo-send]').disabled === false")
    page.get_by_test_id("photo-back").click()
    assert page.get_by_test_id("photo-send").is_disabled()
    page.get_by_test_id("photo-take").click()
    _until(page, "document.querySelector('[data-photo-send]').disabled === false")
    page.get_by_test_id("photo-send").click()
    page.get_by_test_id("photo-stored").wait_for()
    check.refresh_from_db()
    assert check.photo and check.photo_taken_at is not None
    assert page.evaluate("document.querySelector('[data-testid=photo-stored]').naturalWidth") > 0
    assert page.get_by_test_id("proctoring-ready").is_visible()

    # the rehearsal: the entire screen is shared (the fake picker chooses the screen, not a window or tab)
    page.get_by_role("button", name="Share the entire screen").click()
    _until(page, "document.querySelector('[data-testid=screen-status]').textContent.trim() !== ''")
    assert page.get_by_test_id("screen-status").inner_text() == "The entire screen is shared."
    assert page.problems == []

    # the engine starts the attempt and links the check (here with the ORM); then the attempt page's calls
    attempt = attempt_started(exam, check=check)
    base = f"/testing/attempts/{attempt.pk}/proctoring/"
    beat = _post(page, base + "heartbeat/", {"camera": "on", "screen": "on"})
    assert beat["status"] == 200 and beat["body"]["paused"] is False
    lost = _post(page, base + "event/", {"kind": "no_camera"})
    assert lost["body"]["paused"] is True
    Attempt.objects.filter(pk=attempt.pk).update(paused_at=timezone.now() - timezone.timedelta(seconds=20))
    deadline = Attempt.objects.get(pk=attempt.pk).deadline
    back = _post(page, base + "resume/")
    attempt.refresh_from_db()
    assert back["body"]["paused"] is False and attempt.deadline - deadline >= timezone.timedelta(seconds=20)
    closed = _post(page, base + "closed/")
    assert closed["body"]["status"] == "finished"
    kinds = list(attempt.proctor_events.values_list("kind", flat=True))
    assert kinds == [ProctorEventKind.NO_CAMERA, ProctorEventKind.RESUMED, ProctorEventKind.PAGE_CLOSED]
    assert page.problems == []


def test_an_extension_that_answers_the_ping_is_recorded(tab, exam):
    page = tab
    page.context.add_init_script(EXTENSION)
    browser_sign_in(page, exam.student.email, PASSWORD)
    ProctorCheck.objects.create(quiz=exam.quiz, student=exam.record, rules_accepted_at=timezone.now())
    page.goto(f"/testing/{exam.quiz.pk}/proctoring/check/")
    _until(page, "document.querySelector('[data-extension-submit]').disabled === false")
    assert "Everything is set up: ExamVendor 3.1" in page.get_by_test_id("extension-status").inner_text()
    assert not page.get_by_test_id("extension-missing").is_visible()
    page.get_by_test_id("extension-submit").click()
    page.wait_for_load_state()
    assert ProctorCheck.objects.get(quiz=exam.quiz).extension == "ExamVendor 3.1"
    assert page.problems == []


def test_the_proctoring_pages_pass_axe(tab, exam):
    """The crawl of tests/browser/test_accessibility.py reaches these pages once the engine's pages link them;
    until then they are checked here: no critical or serious violation, in English."""
    from tests.browser.test_accessibility import Audit

    audit = Audit()
    page = tab
    attempt = attempt_started(exam)  # with its own check and photo
    ready_check(exam)  # the next attempt's: every step done
    ProctorEvent.objects.create(attempt=attempt, kind=ProctorEventKind.PHONE, severity=3, at=timezone.now())
    Attempt.objects.filter(pk=attempt.pk).update(review=Attempt.Review.FLAGGED)
    browser_sign_in(page, exam.student.email, PASSWORD)
    for url in (f"/testing/{exam.quiz.pk}/proctoring/", f"/testing/{exam.quiz.pk}/proctoring/check/"):
        page.goto(url)
        audit.axe(page, url)
    exam.teacher.language = "en"
    exam.teacher.save(update_fields=["language"])
    browser_sign_in(page, exam.teacher.email, PASSWORD)
    for url in (f"/testing/manage/{exam.quiz.pk}/proctoring/", f"/testing/proctoring/attempts/{attempt.pk}/"):
        page.goto(url)
        audit.axe(page, url)
    assert audit.findings == {}
    assert page.problems == []

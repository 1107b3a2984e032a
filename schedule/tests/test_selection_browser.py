"""Stream selection in a real browser (htmx): choose, be refused for a clash, switch, cancel, at phone width.

Headless Chromium from Debian through Playwright (the root conftest's fixtures); skipped without /usr/bin/chromium
unless REQUIRE_BROWSER=1. Screenshots go to test-artifacts/.
"""

import re
from pathlib import Path

import pytest

from curriculum.tests.factories import DisciplineFactory, RegistrationFactory
from people.tests.factories import PASSWORD, StudentFactory
from schedule.models import LessonType, Slot, StreamChoice
from schedule.tests.factories import StreamChoiceFactory, selection_period, stream_with_slot
from university.tests.factories import TermFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def page(browser_page):
    return browser_page


def test_choose_clash_switch_and_cancel_in_the_browser(page, live_server):
    term = TermFactory()
    selection_period(term)
    user = StudentFactory(email="rush@example.kz", language="en")
    algorithms = DisciplineFactory(code="CS101", name_en="Algorithms")
    physics = DisciplineFactory(code="PH110", name_en="Physics")
    for discipline in (algorithms, physics):
        RegistrationFactory(student=user.student_record, discipline=discipline, term=term)
    l1 = stream_with_slot(term=term, discipline=algorithms, code="L-01", capacity=30)
    l2 = stream_with_slot(term=term, discipline=algorithms, code="L-02", capacity=2, weekday=Slot.Weekday.TUESDAY)
    StreamChoiceFactory(stream=l2)
    stream_with_slot(
        term=term, discipline=algorithms, code="P-01", kind=LessonType.PRACTICE, weekday=Slot.Weekday.FRIDAY
    )
    stream_with_slot(term=term, discipline=physics, code="PH-L1", start=(9, 30), end=(10, 20))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/schedule/selection/")
    from playwright.sync_api import expect

    card = page.locator('[data-stream="L-01"]')
    card.get_by_role("button", name="Choose").click()
    page.locator(".alert-success", has_text="You are in stream L-01").wait_for()
    assert "29 of 30 free" in card.inner_text()
    assert page.locator('[data-stream="L-02"]').get_by_role("button", name="Switch to this stream").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "schedule-selection.png"), full_page=True)

    page.get_by_role("link", name="PH110").click()
    clashing = page.locator('[data-stream="PH-L1"]')
    clashing.get_by_text("Clashes with your stream L-01").wait_for()
    # the card that says it clashes offers no Choose to press, and says why (the service refuses it anyway)
    expect(clashing.get_by_role("button", name="Choose")).to_be_disabled()
    expect(clashing.get_by_role("button", name="Choose")).to_have_accessible_description(
        re.compile("Clashes with your stream L-01")
    )
    assert not StreamChoice.objects.filter(stream__code="PH-L1").exists()

    page.get_by_role("link", name="CS101").click()
    page.locator('[data-stream="L-02"]').get_by_role("button", name="Switch to this stream").click()
    page.locator(".alert-success", has_text="You switched to stream L-02").wait_for()
    assert StreamChoice.objects.get(student=user.student_record).stream_id == l2.pk
    assert "0 of 2 free" in page.locator('[data-stream="L-02"]').inner_text()

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/schedule/streams/")
    page.screenshot(path=str(ARTIFACTS / "schedule-streams-phone.png"), full_page=True)
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator('[data-stream="L-02"]').get_by_role("button", name="Cancel choice").click()
    page.locator(".alert-success", has_text="is cancelled").wait_for()
    assert not StreamChoice.objects.filter(student=user.student_record).exists()
    assert l1.pk  # L-01 stays as it was


def test_choose_switch_and_cancel_from_the_keyboard_keep_focus_on_the_card(page, live_server):
    """Focus fell back to the start of the page after every action: the panel is swapped and the button is gone."""
    from playwright.sync_api import expect

    term = TermFactory()
    selection_period(term)
    user = StudentFactory(email="keys@example.kz", language="en")
    algorithms = DisciplineFactory(code="CS101", name_en="Algorithms")
    RegistrationFactory(student=user.student_record, discipline=algorithms, term=term)
    l1 = stream_with_slot(term=term, discipline=algorithms, code="L-01", capacity=30)
    l2 = stream_with_slot(term=term, discipline=algorithms, code="L-02", capacity=30, weekday=Slot.Weekday.TUESDAY)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/schedule/selection/")
    first, second = page.locator(f"#stream-{l1.pk}"), page.locator(f"#stream-{l2.pk}")

    first.get_by_test_id("choose").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success", has_text="You are in stream L-01")).to_be_visible()  # announced
    expect(first.get_by_test_id("cancel")).to_be_focused()

    second.get_by_test_id("switch").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success", has_text="You switched to stream L-02")).to_be_visible()
    expect(second.get_by_test_id("cancel")).to_be_focused()

    page.keyboard.press("Enter")  # Cancel, where the focus now is
    expect(page.locator(".alert-success", has_text="is cancelled")).to_be_visible()
    expect(second.get_by_test_id("choose")).to_be_focused()
    assert not StreamChoice.objects.filter(student=user.student_record).exists()
    assert page.problems == []

"""The portal in a real browser: sign in, the nine tiles, the language switch, the bell, a phone-width screen.

Runs headless Chromium from Debian (`apt-get install chromium`) through Playwright; never downloads a browser.
Without /usr/bin/chromium the test is skipped, unless REQUIRE_BROWSER=1 (as in CI), where that is a failure.
"""

from pathlib import Path

import pytest

from conftest import PHONE
from people.tests.factories import StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]


def test_student_signs_in_sees_tiles_switches_language_and_opens_the_bell(phone_page, live_server, password):
    from playwright.sync_api import expect

    page = phone_page
    student = StudentFactory(email="browser.student@example.kz")
    assert student.language == ""

    # Given the real sign-in form
    page.goto("/accounts/login/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sign-in-375px.png"), full_page=True)
    assert _horizontal_overflow(page) <= 0, "the sign-in page scrolls sideways at 375px"
    page.locator("input[name=login]").fill(student.email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")

    # Then the dashboard, in Kazakh, with the nine tiles
    page.wait_for_url(f"{live_server.url}/")
    tiles = page.get_by_test_id("dashboard-tiles")
    expect(tiles.locator("a")).to_have_count(9)
    expect(page.locator("html")).to_have_attribute("lang", "kk")

    # When the student picks English in the language switch
    page.get_by_test_id("language-switch").click()
    page.locator("button[name=language][value=en]").click()

    # Then the page is English and the choice is kept on the account
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(tiles).to_contain_text("Analytics")
    expect(tiles.locator("a")).to_have_count(9)
    student.refresh_from_db()
    assert student.language == "en"

    # When the bell is opened, its dropdown is shown and filled from the server
    with page.expect_response(lambda r: "/notifications/dropdown/" in r.url) as dropdown:
        page.get_by_test_id("bell").click()
    assert dropdown.value.status == 200
    menu = page.locator("#notification-menu")
    expect(menu).to_be_visible()
    expect(menu).not_to_contain_text("Loading…")  # the placeholder was swapped for the server's list

    page.screenshot(path=str(ARTIFACTS / "dashboard-375px.png"), full_page=True)
    assert _horizontal_overflow(page) <= 0, "the dashboard scrolls sideways at 375px"
    assert page.problems == []

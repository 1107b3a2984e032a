"""The portal in a real browser: sign in, the nine tiles, the language switch, the bell, a phone-width screen.

Runs headless Chromium from Debian (`apt-get install chromium`) through Playwright; never downloads a browser.
Without /usr/bin/chromium the test is skipped, unless REQUIRE_BROWSER=1 (as in CI), where that is a failure.
"""

import os
from pathlib import Path

import pytest

from people.tests.factories import StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps dialling Google on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 375, "height": 812}


def _unavailable(reason):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, so the browser test may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed: make install")
    # Playwright's sync API keeps an event loop in this thread; Django would then refuse the ORM calls the
    # test makes here (the live server answers from its own thread, which is unaffected).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized tab whose browser asks for Kazakh, the portal's default, recording any breakage."""
    context = browser.new_context(viewport=PHONE, locale="kk-KZ", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"JavaScript error: {exc}"))
    page.on("response", lambda r: r.status >= 500 and page.problems.append(f"{r.status} from {r.url}"))
    yield page
    context.close()


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

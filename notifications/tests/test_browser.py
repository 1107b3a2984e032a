"""The bell in a real browser: the dropdown loads, marking read updates the counter out of band, a click follows.

Headless Chromium from Debian through Playwright (like tests/browser); skipped when there is no Chromium.
"""

import re

import pytest

from conftest import PHONE
from notifications.tests.factories import NotificationFactory
from people.tests.factories import StudentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(phone_page):
    return phone_page


def test_bell_marks_read_with_an_out_of_band_counter_and_follows_a_click(page, client, live_server):
    from playwright.sync_api import expect

    student = StudentFactory(language="en")
    first = NotificationFactory(recipient=student, title="Exam moved", url="/notifications/?from=bell")
    NotificationFactory.create_batch(2, recipient=student)
    client.force_login(student)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto("/")
    counter = page.get_by_test_id("bell-counter")
    expect(counter).to_have_text("3")

    # Open the bell: the latest notifications arrive by htmx
    page.get_by_test_id("bell").click()
    items = page.locator("#notification-menu [data-testid=notification]")
    expect(items).to_have_count(3)

    # Mark one read with its check button: the item turns read, the counter drops without a reload
    items.nth(0).get_by_test_id("notification-mark-read").click()  # the newest; `first` is the oldest
    expect(counter).to_have_text("2")
    expect(page.get_by_test_id("bell")).to_have_accessible_name(re.compile(r"\b2\b"))  # what a screen reader says
    expect(page.locator('#notification-menu [data-unread="true"]')).to_have_count(2)

    # Click a notification: it is marked read and its link is followed
    page.locator(f"#notification-{first.pk}").get_by_test_id("notification-open").click()
    page.wait_for_url(f"{live_server.url}/notifications/?from=bell")
    first.refresh_from_db()
    assert first.read_at is not None
    expect(page.get_by_test_id("bell-counter")).to_have_text("1")

    # Mark all as read from the dropdown: the counter disappears
    page.get_by_test_id("bell").click()
    expect(page.locator("#notification-menu [data-testid=notification]")).to_have_count(3)
    page.locator("#notification-menu").get_by_test_id("mark-all-read").click()
    expect(page.locator('#notification-menu [data-unread="true"]')).to_have_count(0)
    expect(page.get_by_test_id("bell-counter")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.problems == []

"""Add request in a real browser: the type swaps the kinds, the kind shows its description, price and balance, and
the request is filed (headless Chromium; skipped without it unless REQUIRE_BROWSER=1)."""

from decimal import Decimal

import pytest

from finance.services.topups import topup_external_post
from people.tests.factories import StudentRecordFactory
from requests_app.models import Request, RequestKind

from .factories import RequestKindFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_student_picks_a_paid_service_and_files_it(browser_page, live_server, password):
    from playwright.sync_api import expect

    page = browser_page
    record = StudentRecordFactory(user__email="browser.requests@example.kz", user__language="en")
    RequestKindFactory(slug="study-certificate", category=RequestKind.Category.CERTIFICATE, name_en="Of study")
    RequestKindFactory(
        slug="card-duplicate", name_en="Duplicate student card", description_en="Lost card", price=Decimal("1500")
    )
    topup_external_post(provider="kaspi", external_id="b-1", student=record, amount="2000")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(record.user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto("/requests/add/")
    with page.expect_response(lambda r: "category=service" in r.url):
        page.locator("#id_category").select_option("service")
    busy = page.locator(".htmx-request, .htmx-settling, .htmx-swapping")
    expect(busy).to_have_count(0)
    expect(page.locator("#id_kind")).to_contain_text("Duplicate student card")
    with page.expect_response(lambda r: "kind=card-duplicate" in r.url):
        page.locator("#id_kind").select_option("card-duplicate")
    expect(busy).to_have_count(0)
    expect(page.get_by_test_id("kind-info")).to_contain_text("Lost card")
    expect(page.get_by_test_id("payment")).to_contain_text("1,500.00")
    page.locator("#id_comment").fill("Lost it at the gym")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("request-facts")).to_contain_text("Lost it at the gym")
    req = Request.objects.get()
    assert req.kind.slug == "card-duplicate" and req.payment_id is not None
    assert page.problems == []

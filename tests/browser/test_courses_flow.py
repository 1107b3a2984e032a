"""Online courses end to end in a real browser, on the demo university (docs/modules.md#online-courses): the demo
student finds the paid course in the catalogue, enrols paying from the Finance balance (the balance shown drops by
the price), opens a lesson, marks it done and sees the progress bar move."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import browser_sign_in
from courses.models import Course, Enrolment
from finance.selectors import finance_summary
from finance.tests.ledger_checks import assert_ledger_balanced
from people.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo12345"


@pytest.fixture
def demo():
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    User.objects.filter(email="student@demo.kz").update(language="en")
    return User.objects.get(email="student@demo.kz")


def _amount(text: str) -> Decimal:
    return Decimal(text.replace("₸", "").replace("\u00a0", "").replace(" ", "").replace(",", "").strip())


def test_student_pays_for_a_course_from_the_balance_and_studies_it(browser_page, demo):
    page = browser_page
    record = demo.student_record
    before = finance_summary(record).balance
    course = Course.objects.get(title_en="Data analysis in Excel")
    browser_sign_in(page, "student@demo.kz", PASSWORD)

    page.goto("/courses/?sort=name")
    page.get_by_role("link", name="Data analysis in Excel").first.click()
    page.wait_for_url(f"**/courses/{course.pk}/")
    assert _amount(page.get_by_test_id("balance").inner_text()) == before
    page.get_by_test_id("enrol").click()
    page.wait_for_url(f"**/courses/{course.pk}/learn/")
    assert page.get_by_test_id("progress-percent").inner_text() == "0%"
    assert finance_summary(record).balance == before - course.price
    assert Enrolment.objects.get(course=course, student=record).paid_transaction is not None

    page.goto(f"/courses/{course.pk}/")
    assert _amount(page.get_by_test_id("balance").inner_text()) == before - course.price

    page.goto(f"/courses/{course.pk}/learn/")
    page.get_by_test_id("lesson-row").first.get_by_role("link").click()
    page.get_by_test_id("mark-done").click()
    page.get_by_test_id("lesson-is-done").wait_for()
    percent = page.get_by_test_id("progress-percent").inner_text()
    assert percent == "33%"  # one of three lessons
    width = page.locator("[data-testid=course-progress] .progress-bar").evaluate("e => e.style.width")
    assert width == "33%"
    page.goto(f"/courses/{course.pk}/learn/")
    assert page.get_by_test_id("lesson-done").count() == 1
    assert page.problems == []
    assert_ledger_balanced()


def _axe_blocking(page) -> list[str]:
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [
        f"{page.url}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("critical", "serious")
    ]


def test_course_pages_pass_axe(browser_page, demo):
    """The module's pages (until the cabinet links them, the site-wide crawl does not reach them) in both the
    student's and the author's eyes, in Kazakh."""
    page = browser_page
    User.objects.filter(email__in=["student@demo.kz", "teacher@demo.kz"]).update(language="kk")
    python = Course.objects.get(title_en="Python programming basics")
    lesson = python.sections.order_by("position").first().lessons.order_by("position").first()
    problems = []
    browser_sign_in(page, "student@demo.kz", PASSWORD)
    for url in (
        "/courses/",
        f"/courses/{python.pk}/",
        f"/courses/{python.pk}/learn/",
        "/courses/my/",
        f"/courses/lessons/{lesson.pk}/",
    ):
        page.goto(url)
        problems += _axe_blocking(page)
    browser_sign_in(page, "teacher@demo.kz", PASSWORD)
    page.goto("/courses/moderation/")
    problems += _axe_blocking(page)
    page.goto("/courses/verify/NOSUCHCODE/")
    problems += _axe_blocking(page)
    assert problems == []
    assert page.problems == []

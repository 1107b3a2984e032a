"""Issue 12 part 1 in a real browser (docs/modules.md#testing): teacher@demo.kz creates a question bank, adds a
single-choice and a numeric question, imports a Moodle XML file exported from Moodle 4 into it (preview, then
import), builds a test with one fixed question and a random pool, sets its window and publishes it."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import browser_sign_in
from people.models import User
from schedule.models import Stream
from testing.models import Question, QuestionBank, Quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo12345"
MOODLE_XML = Path(__file__).resolve().parents[2] / "testing" / "tests" / "data" / "moodle-4x-export.xml"


@pytest.fixture
def demo():
    call_command("seed_demo", students=20, quiet=True, stdout=StringIO())
    User.objects.filter(email="teacher@demo.kz").update(language="en")
    return User.objects.get(email="teacher@demo.kz")


def _axe_blocking(page) -> list[str]:
    """axe-core's critical and serious violations of the page (tests/browser/test_accessibility.py runs the same)."""
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    violations = page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("critical", "serious")
    ]


def test_teacher_builds_and_publishes_a_test(demo, browser_page):
    page = browser_page
    browser_sign_in(page, demo.email, PASSWORD)

    stream = Stream.objects.filter(teacher=demo).order_by("-term__start_date", "pk").first()
    page.goto("/testing/banks/")
    page.select_option("select[name=discipline]", str(stream.discipline_id))
    page.fill("input[name=title]", "Browser bank")
    page.click("[data-testid=bank-create] button[type=submit]")
    page.wait_for_url("**/testing/banks/*/")
    bank = QuestionBank.objects.get(title="Browser bank")

    page.click("[data-testid=add-question]")
    page.click("[data-qtype=single]")
    page.fill("input[name=name]", "Capital")
    page.fill("input[name=category]", "Geography")
    page.fill("textarea[name=text]", "<p>The capital of Kazakhstan?</p>")
    page.fill("textarea[name=rows-0-text]", "Astana")
    page.select_option("select[name=rows-0-fraction]", "100")
    page.fill("textarea[name=rows-1-text]", "Almaty")
    page.click("button[name=then][value=another]")
    page.wait_for_url(f"**/testing/banks/{bank.pk}/questions/add/single/")

    page.goto(f"/testing/banks/{bank.pk}/questions/add/numeric/")
    page.fill("input[name=name]", "Pi")
    page.fill("input[name=category]", "Geography")
    page.fill("textarea[name=text]", "<p>\\( \\pi \\) to two places?</p>")
    page.fill("input[name=rows-0-value]", "3,14")
    page.fill("input[name=rows-0-tolerance]", "0,005")
    page.click("[data-testid=save-question]")
    page.wait_for_url("**/testing/questions/*/edit/")
    assert Question.objects.filter(bank=bank).count() == 2
    capital, pi = Question.objects.get(bank=bank, name="Capital"), Question.objects.get(bank=bank, name="Pi")
    assert pi.data["answers"][0]["value"] == 3.14

    page.goto(f"/testing/banks/{bank.pk}/")
    page.click("[data-testid=bank-transfer] a[href$='/import/']")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(MOODLE_XML))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-preview]")
    assert _axe_blocking(page) == [], "import preview"
    assert Question.objects.filter(bank=bank).count() == 2  # the preview writes nothing
    page.click("[data-testid=import-confirm]")
    page.wait_for_url(f"**/testing/banks/{bank.pk}/")
    assert Question.objects.filter(bank=bank).count() == 2 + 8  # the file's eight questions, one with its image
    assert Question.objects.filter(bank=bank, files__isnull=False).exists()

    page.goto("/testing/manage/")
    page.click("[data-testid=new-test]")
    page.select_option("select[name=offering]", f"{stream.discipline_id}-{stream.term_id}")
    page.fill("input[name=title]", "Browser midterm")
    page.select_option("select[name=kind]", "midterm")
    page.click("[data-testid=quiz-create] button[type=submit]")
    page.wait_for_url("**/testing/manage/*/")
    quiz = Quiz.objects.get(title="Browser midterm")

    page.select_option("[data-testid=add-fixed] select[name=question]", str(capital.pk))
    page.click("[data-testid=add-fixed] button[type=submit]")
    page.wait_for_selector("[data-testid=fixed-row]")
    page.select_option("[data-testid=add-pool] select[name=bank]", str(bank.pk))
    page.select_option("[data-testid=add-pool] select[name=category]", "Geography")
    page.fill("[data-testid=add-pool] input[name=count]", "1")
    page.click("[data-testid=add-pool] button[type=submit]")
    page.wait_for_selector("[data-testid=pool-row]")

    opens = timezone.localtime() + dt.timedelta(days=1)
    page.fill("input[name=opens_at]", opens.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=closes_at]", (opens + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.click("[data-testid=save-settings]")
    page.wait_for_selector(".alert-success")
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=quiz-status]:has-text('Published')")

    for url in (
        "/testing/banks/",
        f"/testing/banks/{bank.pk}/",
        f"/testing/banks/{bank.pk}/import/",
        f"/testing/banks/{bank.pk}/questions/add/matching/",
        f"/testing/questions/{pi.pk}/edit/",
        f"/testing/questions/{pi.pk}/",
        "/testing/manage/",
        "/testing/manage/new/",
        f"/testing/manage/{quiz.pk}/",
    ):
        page.goto(url)
        assert _axe_blocking(page) == [], url

    quiz.refresh_from_db()
    assert quiz.status == Quiz.Status.PUBLISHED and quiz.kind == "midterm"
    assert quiz.fixed_questions.count() == 1 and quiz.pools.get().category == "Geography"
    assert quiz.opens_at is not None and page.problems == []

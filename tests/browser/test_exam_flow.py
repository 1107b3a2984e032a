"""Issue 12, part 2 end to end in a real browser, on the demo university: student@demo.kz is refused an exam without
admission, starts the open practice quiz, answers, loses the network (the Retry alert), gets it back (the answer
is saved), reloads and resumes on the same question with the same deadline, finishes and sees the result with
"attempts (1/2)"."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import browser_sign_in
from people.models import User
from testing.models import Attempt, Quiz
from tests.browser.test_accessibility import Audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo12345"


@pytest.fixture
def demo():
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    User.objects.filter(email="student@demo.kz").update(language="en")
    return User.objects.get(email="student@demo.kz")


def test_sit_a_test_with_a_dropped_connection(demo, browser_page):
    page = browser_page
    audit = Audit()  # axe-core on each of the engine's pages (they are not all linked from the demo yet)
    browser_sign_in(page, "student@demo.kz", PASSWORD)
    page.goto("/testing/")
    audit.axe(page, "/testing/")
    assert page.get_by_test_id("test-row").count() >= 7

    exam = Quiz.objects.get(title="Exam (admission needed)")
    page.goto(f"/testing/{exam.pk}/")
    assert "not admitted" in page.get_by_test_id("refusal").inner_text()
    assert page.get_by_test_id("start").is_disabled()
    audit.axe(page, "test detail")

    quiz = Quiz.objects.get(title="Practice quiz (2 attempts)")
    page.goto(f"/testing/{quiz.pk}/")
    page.get_by_test_id("start").click()
    page.wait_for_selector("[data-testid=attempt]")
    assert "Question 1 of 5" in page.get_by_test_id("question-counter").inner_text()
    deadline = page.get_by_test_id("attempt").get_attribute("data-deadline")
    audit.axe(page, "attempt")
    page.locator("form.attempt-answer input[type=radio]").first.check()
    expect(page.get_by_test_id("save-state")).to_have_text("Saved")

    page.get_by_test_id("next").click()
    expect(page.get_by_test_id("question-counter")).to_contain_text("Question 2 of 5")
    assert "?n=2" in page.url

    page.context.set_offline(True)
    page.locator("form.attempt-answer input[value=true]").check()
    page.get_by_test_id("connection-alert").wait_for(state="visible")
    attempt = Attempt.objects.get(quiz=quiz, student__user=demo)
    assert attempt.questions.get(position=2).answer is None
    page.get_by_test_id("retry").click()  # still offline: the alert stays and the answer waits
    expect(page.get_by_test_id("connection-alert")).to_be_visible()
    page.context.set_offline(False)  # back: the queue resends (on its retry timer, or Retry)
    page.get_by_test_id("connection-alert").wait_for(state="hidden")
    expect(page.get_by_test_id("save-state")).to_have_text("Saved")
    assert attempt.questions.get(position=2).answer == "true"

    page.reload()
    page.wait_for_selector("[data-testid=attempt]")
    assert "Question 2 of 5" in page.get_by_test_id("question-counter").inner_text()
    assert page.get_by_test_id("attempt").get_attribute("data-deadline") == deadline
    assert page.locator("form.attempt-answer input[value=true]").is_checked()

    page.get_by_test_id("finish").click()
    page.get_by_test_id("finish-confirm").click()
    page.wait_for_selector("[data-testid=attempts-counter]")
    assert "attempts (1/2)" in page.get_by_test_id("attempts-counter").inner_text()
    assert page.get_by_test_id("result").is_visible()
    assert page.get_by_test_id("retake").is_visible()
    audit.axe(page, "result")
    assert audit.findings == {}
    assert page.problems == []

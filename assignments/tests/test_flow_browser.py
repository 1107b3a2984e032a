"""Assignments end to end in a real browser on the demo university: the teacher sets a task with a file answer,
the student submits text and a PDF, the teacher grades it, and the student sees the grade and the notification."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from assignments.models import Assignment, Submission
from conftest import browser_sign_in
from demo.assignments import tiny_pdf
from people.models import User
from schedule.models import Stream

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo12345"


@pytest.fixture
def demo():
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    User.objects.filter(email__in=["student@demo.kz", "teacher@demo.kz"]).update(language="en")
    return User.objects.get(email="student@demo.kz"), User.objects.get(email="teacher@demo.kz")


def test_set_submit_grade_and_see_the_grade(browser_page, demo):
    from playwright.sync_api import expect

    page = browser_page
    student, teacher = demo
    record = student.student_record
    stream = Stream.objects.filter(teacher=teacher, choices__student=record).order_by("pk").first()

    # The teacher sets an assignment for a stream of theirs, taking text and files.
    browser_sign_in(page, teacher.email, PASSWORD)
    page.goto("/assignments/")
    page.get_by_test_id("new-assignment").click()
    page.select_option("select[name=stream]", str(stream.pk))
    page.fill("input[name=title]", "Browser essay")
    page.fill("textarea[name=description]", "Write about the topic.")
    page.fill("input[name=deadline]", "2099-05-01T18:00")
    page.check("input[name=allow_file]")
    page.fill("input[name=max_points]", "50")
    page.get_by_test_id("assignment-save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Browser essay")
    assignment = Assignment.objects.get(title="Browser essay")
    assert (assignment.stream, assignment.max_points, assignment.allow_file) == (stream, 50, True)

    # The student finds it in the list, writes an answer, attaches a PDF and sends it.
    browser_sign_in(page, student.email, PASSWORD)
    page.goto("/assignments/")
    page.get_by_role("link", name="Browser essay").first.click()
    page.fill("textarea[name=text]", "My essay text")
    page.set_input_files(
        "input[name=files]", files=[{"name": "essay.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("essay")}]
    )
    page.get_by_test_id("save-send").click()
    expect(page.get_by_test_id("status")).to_have_text("Sent for checking")
    expect(page.get_by_test_id("answer-files")).to_contain_text("essay.pdf")
    work = Submission.objects.get(assignment=assignment, student=record)
    assert (work.status, work.text, work.files.get().content_type) == ("submitted", "My essay text", "application/pdf")

    # The teacher opens the work from the queue and grades it.
    browser_sign_in(page, teacher.email, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/queue/")
    page.locator(f"[data-testid=queue-row][data-student='{record.pk}'] a").click()
    expect(page.get_by_test_id("answer-text")).to_contain_text("My essay text")
    page.fill("input[name=points]", "45")
    page.fill("textarea[name=feedback]", "Well argued.")
    page.get_by_test_id("grade-save").click()
    expect(page.get_by_test_id("grade")).to_contain_text("45 of 50 points")

    # The student sees the grade on the task, in the list, and in the notifications.
    browser_sign_in(page, student.email, PASSWORD)
    page.goto("/assignments/?view=board&status=graded")
    card = page.locator(f"[data-testid=task-card][data-assignment='{assignment.pk}']")
    expect(card).to_contain_text("45 of 50")
    # the column's label hides it (htmx swaps the panel; the address keeps the state)
    page.locator("[data-status=graded] [data-testid=column-toggle]").click()
    expect(card).to_have_count(0)
    expect(page).to_have_url(re.compile(r"hide=graded"))
    page.goto(f"/assignments/{assignment.pk}/")
    expect(page.get_by_test_id("grade")).to_contain_text("Well argued.")
    page.goto("/notifications/")
    expect(page.locator("main")).to_contain_text("Your work is graded: Browser essay")
    assert page.problems == []

"""The journal in a real browser: the teacher types grades with the keyboard, each cell is saved as it is left,
R1/R2/RD follow; the student then sees the admission rating. Skipped without /usr/bin/chromium unless
REQUIRE_BROWSER=1."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from journal.models import Cell, Column, ColumnKind
from people.tests.factories import PASSWORD

from .factories import column, journal_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_teacher_types_grades_and_the_student_sees_rd(browser_page, live_server):
    from playwright.sync_api import expect

    page = browser_page
    world = journal_world(students=2)
    today = timezone.localdate()
    Column.objects.filter(kind__in=[ColumnKind.MIDTERM1, ColumnKind.MIDTERM2], discipline=world.discipline).update(
        date=today
    )
    student = world.students[0]
    teacher = world.lecture.teacher
    for user in (teacher, student.user):
        user.language = "en"
        user.save()
    lesson = column(world, date=today)
    mid1 = column(world, ColumnKind.MIDTERM1)

    sign_in(page, live_server, teacher.email)
    page.goto(f"{live_server.url}/journal/streams/{world.lecture.pk}/")
    first = page.locator(f"#c-{lesson.pk}-{student.pk} input")
    first.click()
    page.keyboard.type("90")
    page.keyboard.press("ArrowRight")  # saved on leaving; the future lessons are skipped: РК1
    expect(page.locator(f"#c-{mid1.pk}-{student.pk} input")).to_be_focused()
    page.keyboard.type("80")
    page.keyboard.press("ArrowRight")  # РК2
    page.keyboard.type("70")
    page.keyboard.press("Tab")
    # R1 = 0.5·0 + 0.5·80 = 40; R2 = 0.5·90 + 0.5·70 = 80; RD = 60
    expect(page.locator(f"#r-{student.pk}-rd")).to_contain_text("60.00")
    expect(page.locator(f"#r-{student.pk}-r1")).to_contain_text("40.00")
    assert Cell.objects.get(column=lesson, student=student).grade == D(90)

    # a value out of range: a clear message, the typed text stays, nothing saved
    other = page.locator(f"#c-{lesson.pk}-{world.students[1].pk} input")
    other.click()
    page.keyboard.type("150")
    page.keyboard.press("Enter")
    expect(page.locator("#grid-status")).to_contain_text("between 0 and 100")
    expect(page.locator(f"#c-{lesson.pk}-{world.students[1].pk} input")).to_have_value("150")
    assert not Cell.objects.filter(column=lesson, student=world.students[1]).exists()

    sign_in(page, live_server, student.user.email)
    page.goto(f"{live_server.url}/journal/")
    expect(page.get_by_test_id("student-rd")).to_contain_text("60.00")

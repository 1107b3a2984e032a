"""Messages in a real browser: a student writes to the teacher, the teacher's open conversation shows it without
a reload; the teacher announces to the stream, the student's envelope counts it without a reload and the
announcement reads as read-only. Headless Chromium through Playwright (conftest), skipped without it."""

import re

import pytest
from django.test import Client

from conftest import _tab
from messaging.services import direct_message_send
from schedule.tests.factories import StreamChoiceFactory, StreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_tab(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context, page = _tab(chromium, live_server, viewport={"width": 1280, "height": 900})
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, page


def test_student_writes_teacher_sees_it_live_then_an_announcement_reaches_the_student(
    chromium, live_server, student, teacher
):
    from playwright.sync_api import expect

    for person in (student, teacher):
        person.language = "en"
        person.save()
    stream = StreamFactory(teacher=teacher, code="L-07")
    StreamChoiceFactory(student=student.student_record, stream=stream)
    chat = direct_message_send(sender=teacher, recipient=student, text="Welcome to the course").conversation
    student_context, student_page = signed_in_tab(chromium, live_server, student)
    teacher_context, teacher_page = signed_in_tab(chromium, live_server, teacher)
    try:
        teacher_page.goto(f"/messages/{chat.pk}/")
        expect(teacher_page.get_by_test_id("message")).to_have_count(1)

        # The student writes from "New message", choosing the teacher
        student_page.goto("/messages/new/")
        student_page.get_by_label("To").select_option(str(teacher.pk))
        student_page.get_by_role("textbox", name="Message").fill("Is the exam <b>open-book</b>?")
        student_page.get_by_test_id("send").click()
        student_page.wait_for_url(f"{live_server.url}/messages/{chat.pk}/")
        expect(student_page.get_by_test_id("message")).to_have_count(2)

        # The teacher's open page shows it by polling, with the markup as text
        expect(teacher_page.get_by_test_id("message")).to_have_count(2, timeout=15_000)
        expect(teacher_page.get_by_test_id("message-body").last).to_have_text("Is the exam <b>open-book</b>?")
        assert teacher_page.locator("[data-testid=thread] b").count() == 0

        # The teacher announces to the stream
        teacher_page.goto(f"/messages/stream/{stream.pk}/?mode=announcements")
        teacher_page.get_by_role("textbox", name="Message").fill("The exam is on Friday in room 305")
        teacher_page.get_by_test_id("send").click()
        expect(teacher_page.get_by_test_id("message-body")).to_have_text("The exam is on Friday in room 305")

        # The student's envelope counts it without a reload; the announcement is read-only
        expect(student_page.get_by_test_id("envelope-counter")).to_have_text("1", timeout=20_000)
        # and the button's name, what a screen reader says, with it (it is in the polled answer)
        expect(student_page.get_by_test_id("envelope")).to_have_accessible_name(re.compile(r"\b1\b"))
        student_page.get_by_test_id("envelope").click()
        student_page.locator("#message-menu [data-testid=chat]").first.get_by_role("link").click()
        student_page.wait_for_url(f"{live_server.url}/messages/stream/{stream.pk}/?mode=announcements")
        expect(student_page.get_by_test_id("message-body")).to_have_text("The exam is on Friday in room 305")
        expect(student_page.get_by_test_id("read-only")).to_be_visible()
        expect(student_page.get_by_test_id("message-form")).to_have_count(0)
        expect(student_page.get_by_test_id("envelope-counter")).to_be_hidden()
        assert student_page.problems == [] and teacher_page.problems == []
    finally:
        student_context.close()
        teacher_context.close()

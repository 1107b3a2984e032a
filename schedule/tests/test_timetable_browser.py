"""The week view in a real browser (issue 9, 5.8): each lesson shows its whole title, its time and its room, wrapped,
nothing cut. Headless Chromium from Debian through Playwright; skipped without /usr/bin/chromium unless
REQUIRE_BROWSER=1."""

import datetime as dt

import pytest

from curriculum.tests.factories import DisciplineFactory
from people.tests.factories import StudentRecordFactory
from schedule.models import LessonType, Slot
from schedule.tests.factories import SlotFactory, StreamChoiceFactory, StreamFactory
from university.tests.factories import TermFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = dt.date(2026, 11, 23)
LONG_NAME = "Архитектура компьютеров и операционные системы реального времени"


def test_the_week_shows_each_lessons_title_time_and_room_uncut(browser_page, client, live_server):
    """Titles and times were cut with an ellipsis and the room was never seen."""
    page = browser_page
    record = StudentRecordFactory(user__language="ru")
    term = TermFactory()
    for weekday, kind, code, room, start in (
        (Slot.Weekday.MONDAY, LessonType.LECTURE, "L-01", "A-101", (9, 0)),
        (Slot.Weekday.MONDAY, LessonType.PRACTICE, "P-01", "B-204", (10, 0)),  # the next hour, right below
    ):
        stream = StreamFactory(term=term, kind=kind, code=code, discipline=DisciplineFactory(name_ru=LONG_NAME))
        SlotFactory(
            stream=stream, weekday=weekday, start_time=dt.time(*start), end_time=dt.time(start[0], 50), room=room
        )
        StreamChoiceFactory(student=record, stream=stream)
    client.force_login(record.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/schedule/?view=week&date={MONDAY.isoformat()}")
        events = page.get_by_test_id("grid-event")
        assert events.count() == 2
        for index, (time, room) in enumerate((("09:00–09:50", "A-101"), ("10:00–10:50", "B-204"))):
            event = events.nth(index)
            text = " ".join(event.inner_text().split())
            assert LONG_NAME in text and time in text and room in text, (width, text)
            cut = event.evaluate(
                """event => [event, ...event.querySelectorAll(":not(.visually-hidden)")].filter(e =>
                       e.getClientRects().length &&
                       (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)).length"""
            )
            assert cut == 0, (width, index)
        first, second = (events.nth(i).bounding_box() for i in (0, 1))
        assert first["y"] + first["height"] <= second["y"] + 1, "a lesson runs into the one after it"
    assert page.problems == []

"""The private iCalendar feed: the page, revoking the link, and a valid .ics that calendar apps accept."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from curriculum.tests.factories import HolidayFactory
from people.tests.factories import StudentRecordFactory
from schedule.models import CalendarFeed, LessonType, Slot
from schedule.services.feed import calendar_feed_get_or_create, calendar_feed_rotate
from schedule.tests.factories import ExamFactory, SlotFactory, StreamChoiceFactory, StreamFactory
from university.tests.factories import TermFactory

ALMATY = ZoneInfo("Asia/Almaty")
FEED_PAGE = reverse("schedule:feed")


@pytest.fixture
def timetable(record, teacher):
    """A weekly lecture on Mondays, a practice on odd-week Wednesdays, an online exam; 26 Oct 2026 is a holiday."""
    term = TermFactory()
    lecture = StreamFactory(term=term, teacher=teacher, kind=LessonType.LECTURE, code="L-01")
    monday = SlotFactory(stream=lecture, weekday=Slot.Weekday.MONDAY, start_time=dt.time(9), end_time=dt.time(9, 50))
    practice = StreamFactory(term=term, discipline=lecture.discipline, kind=LessonType.PRACTICE, code="P-01")
    odd = SlotFactory(
        stream=practice,
        weekday=Slot.Weekday.WEDNESDAY,
        start_time=dt.time(11),
        end_time=dt.time(12, 50),
        parity=Slot.Parity.ODD,
        room="",
        online_url="https://meet.example.kz/p01",
    )
    StreamChoiceFactory(student=record, stream=lecture)
    StreamChoiceFactory(student=record, stream=practice)
    exam = ExamFactory(
        stream=lecture,
        starts_at=timezone.make_aware(dt.datetime(2026, 12, 21, 10)),
        ends_at=timezone.make_aware(dt.datetime(2026, 12, 21, 12)),
        room="",
        is_online=True,
    )
    HolidayFactory(date=dt.date(2026, 10, 26), name_en="Republic Day")
    return {"monday": monday, "odd": odd, "exam": exam, "lecture": lecture}


def fetch(client, token):
    return client.get(reverse("schedule:feed_ics", args=[token]))


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


class TestFeedPage:
    def test_shows_the_private_link_in_both_forms(self, client, record):
        client.force_login(record.user)
        response = client.get(FEED_PAGE)
        feed = CalendarFeed.objects.get(user=record.user)
        html = response.content.decode()
        assert f"webcal://testserver/schedule/feed/{feed.token}.ics" in html
        assert f"http://testserver/schedule/feed/{feed.token}.ics" in html
        for app in ("Google Calendar", "Apple Calendar", "Outlook"):
            assert app in html
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_the_link_stays_the_same_between_visits(self, client, record):
        client.force_login(record.user)
        client.get(FEED_PAGE)
        client.get(FEED_PAGE)
        assert CalendarFeed.objects.filter(user=record.user).count() == 1

    def test_rotate_revokes_the_old_link(self, client, record, timetable):
        client.force_login(record.user)
        old = calendar_feed_get_or_create(user=record.user).token
        response = client.post(reverse("schedule:feed_rotate"))
        assert response.status_code == 302
        new = CalendarFeed.objects.get(user=record.user).token
        assert new != old
        assert fetch(client, old).status_code == 404
        assert fetch(client, new).status_code == 200
        assert "The old link no longer works" in client.get(FEED_PAGE).content.decode()

    def test_rotate_with_htmx_swaps_the_links(self, client, record):
        client.force_login(record.user)
        old = calendar_feed_get_or_create(user=record.user).token
        response = client.post(reverse("schedule:feed_rotate"), headers={"HX-Request": "true"})
        html = response.content.decode()
        new = CalendarFeed.objects.get(user=record.user).token
        assert html.lstrip().startswith('<section id="feed-links"')
        assert new in html and old not in html

    def test_rotate_needs_post_and_sign_in(self, client, record):
        client.force_login(record.user)
        token = calendar_feed_get_or_create(user=record.user).token
        assert client.get(reverse("schedule:feed_rotate")).status_code == 405
        client.logout()
        client.post(reverse("schedule:feed_rotate"))
        assert CalendarFeed.objects.get(user=record.user).token == token


class TestIcs:
    def test_valid_calendar_with_lessons_exams_and_timezone(self, client, record, timetable):
        feed = calendar_feed_get_or_create(user=record.user)
        client.logout()  # no sign-in: the token is the key
        calendar = parse(fetch(client, feed.token))
        assert calendar["VERSION"] == "2.0"
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Almaty"]
        events = events_by_uid(calendar)
        assert len(events) == 3

        monday = events[f"schedule-slot-{timetable['monday'].pk}@testserver"]
        assert monday["DTSTART"].dt == dt.datetime(2026, 9, 7, 9, tzinfo=ALMATY)
        assert monday["DTSTART"].params["TZID"] == "Asia/Almaty"
        assert monday["DTEND"].dt == dt.datetime(2026, 9, 7, 9, 50, tzinfo=ALMATY)
        rule = monday["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"] and "INTERVAL" not in rule
        assert rule["UNTIL"][0] == dt.datetime(2026, 12, 28, 9, tzinfo=ALMATY).astimezone(dt.UTC)
        exdates = [d.dt for d in monday["EXDATE"].dts]
        assert exdates == [dt.datetime(2026, 10, 26, 9, tzinfo=ALMATY)]
        assert "Lecture" in str(monday["SUMMARY"])

        odd = events[f"schedule-slot-{timetable['odd'].pk}@testserver"]
        # Week 1 is 31 Aug – 6 Sep (the term starts on Tuesday 1 Sep): Wednesday 2 Sep is in week 1, odd, so the series
        # starts there and steps two weeks.
        assert odd["DTSTART"].dt == dt.datetime(2026, 9, 2, 11, tzinfo=ALMATY)
        assert odd["RRULE"]["INTERVAL"] == [2]
        assert "EXDATE" not in odd
        assert str(odd["URL"]) == "https://meet.example.kz/p01"

        exam = events[f"schedule-exam-{timetable['exam'].pk}@testserver"]
        assert exam["DTSTART"].dt == dt.datetime(2026, 12, 21, 10, tzinfo=ALMATY)
        assert "RRULE" not in exam
        assert "appears when the test is published" in str(exam["DESCRIPTION"])

    def test_the_feed_agrees_with_the_timetable_for_parity_weeks(self, client, record, timetable):
        """Expanding the feed's RRULE gives exactly the cabinet's own occurrences."""
        from dateutil.rrule import rrulestr

        from schedule.selectors.timetable import timetable_events

        feed = calendar_feed_get_or_create(user=record.user)
        odd = events_by_uid(parse(fetch(client, feed.token)))[f"schedule-slot-{timetable['odd'].pk}@testserver"]
        rule = rrulestr(odd["RRULE"].to_ical().decode(), dtstart=odd["DTSTART"].dt)
        from_feed = [d.date() for d in rule]
        cabinet = [
            e.day
            for e in timetable_events(user=record.user, start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 31))
            if e.slot == timetable["odd"]
        ]
        assert from_feed == cabinet
        assert len(cabinet) == 9

    def test_uids_are_stable_and_the_test_link_appears(self, client, record, timetable):
        feed = calendar_feed_get_or_create(user=record.user)
        first = set(events_by_uid(parse(fetch(client, feed.token))))
        timetable["exam"].test_url = "/testing/7/"
        timetable["exam"].save()
        calendar = parse(fetch(client, feed.token))
        assert set(events_by_uid(calendar)) == first
        exam = events_by_uid(calendar)[f"schedule-exam-{timetable['exam'].pk}@testserver"]
        assert str(exam["URL"]) == "http://testserver/testing/7/"

    def test_in_the_person_language(self, client, record, timetable):
        record.user.language = "ru"
        record.user.save(update_fields=["language"])
        feed = calendar_feed_get_or_create(user=record.user)
        calendar = parse(fetch(client, feed.token))
        summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
        assert {s.split(" (")[0] for s in summaries if "(" in s} == {timetable["lecture"].discipline.name_ru}

    def test_only_the_person_own_lessons(self, client, timetable):
        other = StudentRecordFactory().user
        calendar = parse(fetch(client, calendar_feed_get_or_create(user=other).token))
        assert calendar.walk("VEVENT") == []
        assert len(calendar.walk("VTIMEZONE")) == 1

    def test_teacher_feed_has_the_taught_streams(self, client, teacher, timetable):
        calendar = parse(fetch(client, calendar_feed_get_or_create(user=teacher).token))
        assert set(events_by_uid(calendar)) == {
            f"schedule-slot-{timetable['monday'].pk}@testserver",
            f"schedule-exam-{timetable['exam'].pk}@testserver",
        }

    @pytest.mark.parametrize("token", ["nope", "a" * 32])
    def test_unknown_token_is_404(self, client, db, token):
        assert fetch(client, token).status_code == 404

    def test_revoked_token_is_404(self, client, record, timetable):
        old = calendar_feed_get_or_create(user=record.user).token
        calendar_feed_rotate(user=record.user)
        assert fetch(client, old).status_code == 404

    def test_deactivated_person_has_no_feed(self, client, record, timetable):
        token = calendar_feed_get_or_create(user=record.user).token
        record.user.is_active = False
        record.user.save(update_fields=["is_active"])
        assert fetch(client, token).status_code == 404

    def test_query_budget_does_not_grow_with_the_timetable(
        self, client, record, timetable, django_assert_max_num_queries
    ):
        token = calendar_feed_get_or_create(user=record.user).token
        with django_assert_max_num_queries(4):
            fetch(client, token)
        for weekday in range(5):
            stream = StreamFactory(term=timetable["lecture"].term)
            SlotFactory(stream=stream, weekday=weekday)
            StreamChoiceFactory(student=record, stream=stream)
            ExamFactory(stream=stream)
        with django_assert_max_num_queries(4):
            calendar = parse(fetch(client, token))
        assert len(calendar.walk("VEVENT")) == 13

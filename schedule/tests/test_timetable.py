"""The personal timetable: occurrence expansion, the day/week/month views, lesson and exam cards, query budgets."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from academic_calendar.models import Period
from curriculum.tests.factories import HolidayFactory, PeriodFactory
from people.tests.factories import StudentRecordFactory, TeacherFactory
from schedule.models import LessonType, Slot
from schedule.selectors.timetable import HOUR_REM, slot_dates, timetable_events, timetable_page, week_of_term
from schedule.tests.factories import ExamFactory, SlotFactory, StreamChoiceFactory, StreamFactory
from university.tests.factories import TermFactory

URL = reverse("schedule:timetable")
# The factories' autumn term runs 1 Sep – 31 Dec 2026; 1 Sep 2026 is a Tuesday, so week 1 is 31 Aug – 6 Sep.
MONDAY_WEEK_2 = dt.date(2026, 9, 7)
MONDAY = dt.date(2026, 11, 23)


def aware(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def lecture(term, teacher):
    stream = StreamFactory(term=term, teacher=teacher, kind=LessonType.LECTURE, code="L-01")
    SlotFactory(stream=stream, weekday=Slot.Weekday.MONDAY, start_time=dt.time(9), end_time=dt.time(9, 50), room="214")
    return stream


@pytest.fixture
def chosen(record, lecture):
    StreamChoiceFactory(student=record, stream=lecture)
    return lecture


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


# --- Expansion ---------------------------------------------------------------------------------------------------


class TestSlotDates:
    def test_weeks_are_counted_from_the_term_start_week(self):
        assert week_of_term(dt.date(2026, 9, 1), dt.date(2026, 9, 1)) == 1
        assert week_of_term(dt.date(2026, 9, 6), dt.date(2026, 9, 1)) == 1  # Sunday, same week
        assert week_of_term(MONDAY_WEEK_2, dt.date(2026, 9, 1)) == 2

    @pytest.mark.parametrize(
        ("parity", "expected"),
        [
            ("every", [dt.date(2026, 9, 7), dt.date(2026, 9, 14), dt.date(2026, 9, 21), dt.date(2026, 9, 28)]),
            ("odd", [dt.date(2026, 9, 14), dt.date(2026, 9, 28)]),
            ("even", [dt.date(2026, 9, 7), dt.date(2026, 9, 21)]),
        ],
    )
    def test_parity(self, term, parity, expected):
        slot = SlotFactory(stream=StreamFactory(term=term), weekday=Slot.Weekday.MONDAY, parity=parity)
        days = list(slot_dates(slot, term_start=term.start_date, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30)))
        assert days == expected

    def test_the_slot_own_dates_bound_the_lessons(self, term):
        slot = SlotFactory(
            stream=StreamFactory(term=term),
            weekday=Slot.Weekday.WEDNESDAY,
            start_date=dt.date(2026, 10, 1),
            end_date=dt.date(2026, 10, 21),
        )
        days = list(slot_dates(slot, term_start=term.start_date, start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 31)))
        assert days == [dt.date(2026, 10, 7), dt.date(2026, 10, 14), dt.date(2026, 10, 21)]

    def test_holidays_are_skipped(self, record, chosen):
        HolidayFactory(date=dt.date(2026, 10, 26), name_en="Republic Day")
        events = timetable_events(user=record.user, start=dt.date(2026, 10, 19), end=dt.date(2026, 11, 8))
        lessons = [e.day for e in events if e.is_lesson]
        assert lessons == [dt.date(2026, 10, 19), dt.date(2026, 11, 2)]
        holidays = [e for e in events if e.is_holiday]
        assert [(h.day, h.holiday.name_en) for h in holidays] == [(dt.date(2026, 10, 26), "Republic Day")]

    def test_lessons_are_at_local_wall_clock_time(self, record, chosen):
        (event,) = timetable_events(user=record.user, start=MONDAY, end=MONDAY)
        assert timezone.localtime(event.start).time() == dt.time(9)
        assert event.start.utcoffset() == dt.timedelta(hours=5)  # Asia/Almaty since 2024

    def test_periods_appear_as_all_day_events_but_not_the_study_period(self, record, chosen, term):
        PeriodFactory(term=term, kind=Period.Kind.EXAM_SESSION, start_date=MONDAY, end_date=MONDAY + dt.timedelta(14))
        PeriodFactory(term=term, kind=Period.Kind.STUDY, start_date=term.start_date, end_date=term.end_date)
        events = timetable_events(user=record.user, start=MONDAY, end=MONDAY + dt.timedelta(6))
        assert [e.period.kind for e in events if e.is_period] == [Period.Kind.EXAM_SESSION]

    def test_a_teacher_gets_the_streams_they_teach(self, teacher, chosen):
        other = StreamFactory(term=chosen.term)
        SlotFactory(stream=other)
        events = timetable_events(user=teacher, start=MONDAY, end=MONDAY)
        assert [e.stream for e in events] == [chosen]

    def test_overlapping_events_share_the_column(self, record, chosen, term):
        practice = StreamFactory(term=term, kind=LessonType.PRACTICE)
        SlotFactory(stream=practice, weekday=Slot.Weekday.MONDAY, start_time=dt.time(9, 30), end_time=dt.time(10, 20))
        StreamChoiceFactory(student=record, stream=practice)
        page = timetable_page(user=record.user, view="week", day=MONDAY, today=MONDAY)
        placed = page.days[0].placed
        assert [(p.left, p.width) for p in placed] == [(0, 50), (50, 50)]
        assert placed[0].top == HOUR_REM  # 09:00 in a grid that starts at 08:00


# --- Views -------------------------------------------------------------------------------------------------------


class TestViews:
    @pytest.mark.parametrize("view", ["day", "week", "month"])
    def test_student_sees_the_chosen_lesson(self, client, record, chosen, view):
        response = get(client, record.user, view=view, date=MONDAY.isoformat())
        html = response.content.decode()
        assert response.status_code == 200
        assert "<!doctype html>" in html
        assert chosen.discipline.name_en in html
        assert f'data-view="{view}"' in html
        assert reverse("schedule:lesson", args=[chosen.slots.get().pk, MONDAY.isoformat()]) in html

    @pytest.mark.parametrize("view", ["day", "week", "month"])
    def test_htmx_gets_only_the_fragment(self, client, record, chosen, view):
        client.force_login(record.user)
        response = client.get(URL, {"view": view, "date": MONDAY.isoformat()}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<!doctype html>" not in html
        assert html.lstrip().startswith('<section id="timetable"')
        assert chosen.discipline.name_en in html
        assert "HX-Request" in response["Vary"]

    def test_history_restore_gets_the_whole_page(self, client, record, chosen):
        client.force_login(record.user)
        response = client.get(
            URL,
            {"view": "week", "date": MONDAY.isoformat()},
            headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
        )
        assert "<!doctype html>" in response.content.decode()

    @pytest.mark.parametrize("view", ["day", "week", "month"])
    def test_teacher_sees_their_own_timetable(self, client, teacher, chosen, view):
        teacher.language = "en"
        teacher.save(update_fields=["language"])
        response = get(client, teacher, view=view, date=MONDAY.isoformat())
        assert chosen.discipline.name_en in response.content.decode()
        response = get(client, TeacherFactory(language="en"), view=view, date=MONDAY.isoformat())
        assert chosen.discipline.name_en not in response.content.decode()

    def test_other_students_do_not_see_it(self, client, chosen):
        other = StudentRecordFactory(user__language="en").user
        response = get(client, other, view="week", date=MONDAY.isoformat())
        assert chosen.discipline.name_en not in response.content.decode()

    def test_navigation_keeps_the_state_in_the_url(self, client, record, chosen):
        html = get(client, record.user, view="week", date=MONDAY.isoformat()).content.decode()
        assert f'href="{URL}?view=week&amp;date=2026-11-16"' in html
        assert f'hx-get="{URL}?view=week&amp;date=2026-11-30"' in html
        assert f'href="{URL}?view=month&amp;date=2026-11-23"' in html
        html = get(client, record.user, view="month", date=MONDAY.isoformat()).content.decode()
        assert f"{URL}?view=month&amp;date=2026-10-01" in html
        assert f"{URL}?view=month&amp;date=2026-12-01" in html

    def test_week_covers_monday_to_sunday_and_month_whole_weeks(self, client, record, chosen):
        html = get(client, record.user, view="week", date="2026-11-26").content.decode()
        assert 'data-start="2026-11-23" data-end="2026-11-29"' in html
        html = get(client, record.user, view="month", date="2026-11-26").content.decode()
        assert 'data-start="2026-10-26" data-end="2026-12-06"' in html
        assert html.count('data-date="') == 42

    def test_holiday_is_marked_and_its_lesson_gone(self, client, record, chosen):
        HolidayFactory(date=MONDAY, name_en="A day off")
        html = get(client, record.user, view="month", date=MONDAY.isoformat()).content.decode()
        assert 'data-date="2026-11-23" data-holiday="true"' in html
        assert "A day off" in html
        assert reverse("schedule:lesson", args=[chosen.slots.get().pk, MONDAY.isoformat()]) not in html
        assert reverse("schedule:lesson", args=[chosen.slots.get().pk, "2026-11-30"]) in html

    def test_calendar_periods_are_listed_once_above_the_view(self, client, record, chosen, term):
        PeriodFactory(term=term, kind=Period.Kind.EXAM_SESSION, start_date=MONDAY, end_date=MONDAY + dt.timedelta(20))
        for view in ("week", "month"):
            html = get(client, record.user, view=view, date=MONDAY.isoformat()).content.decode()
            assert html.count('data-testid="period"') == 1
            assert "Exam session: 23 November – 13 December" in " ".join(html.split())

    @pytest.mark.parametrize(
        "params", [{"date": "2026-13-45"}, {"date": "yesterday"}, {"view": "year"}, {"date": "9999-12-31"}]
    )
    def test_bad_input_shows_today_with_a_note(self, client, record, chosen, params):
        response = get(client, record.user, **params)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="bad-input"' in html
        today = timezone.localdate()
        assert f'data-view="week" data-start="{(today - dt.timedelta(today.weekday())).isoformat()}"' in html

    def test_formats_follow_the_language(self, client, record, chosen):
        html = get(client, record.user, view="day", date=MONDAY.isoformat()).content.decode()
        assert "Monday, 23 November 2026" in html
        record.user.language = "ru"
        record.user.save(update_fields=["language"])
        html = get(client, record.user, view="day", date=MONDAY.isoformat()).content.decode()
        assert "Понедельник, 23 ноября 2026" in html
        assert "09:00" in html

    def test_sign_in_required(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


class TestQueryBudget:
    @pytest.mark.parametrize("view", ["week", "month"])
    def test_same_queries_for_few_and_many_streams(self, client, record, term, view, django_assert_max_num_queries):
        client.force_login(record.user)
        stream = StreamFactory(term=term)
        SlotFactory(stream=stream)
        StreamChoiceFactory(student=record, stream=stream)
        ExamFactory(stream=stream, starts_at=aware(MONDAY, 14), ends_at=aware(MONDAY, 16))
        with CaptureQueriesContext(connection) as few:
            assert client.get(URL, {"view": view, "date": MONDAY.isoformat()}).status_code == 200

        for weekday in range(6):
            for kind in (LessonType.LECTURE, LessonType.PRACTICE):
                stream = StreamFactory(term=term, kind=kind)
                SlotFactory(
                    stream=stream, weekday=weekday, start_time=dt.time(10 + weekday), end_time=dt.time(11 + weekday)
                )
                SlotFactory(stream=stream, weekday=weekday, parity="odd", start_time=dt.time(8), end_time=dt.time(9))
                StreamChoiceFactory(student=record, stream=stream)
                ExamFactory(
                    stream=stream,
                    starts_at=aware(MONDAY + dt.timedelta(weekday), 15),
                    ends_at=aware(MONDAY + dt.timedelta(weekday), 17),
                )
            HolidayFactory(date=MONDAY + dt.timedelta(days=7 + weekday), name_en=f"Holiday {weekday}")
        with django_assert_max_num_queries(len(few)):
            response = client.get(URL, {"view": view, "date": MONDAY.isoformat()})
        assert response.content.decode().count('data-kind="lesson"') >= 12

    def test_a_year_costs_the_same_as_a_day(self, record, chosen, django_assert_num_queries):
        with django_assert_num_queries(4):
            events = timetable_events(user=record.user, start=dt.date(2026, 9, 1), end=dt.date(2027, 8, 31))
        assert len([e for e in events if e.is_lesson]) == 17  # Mondays 7 Sep – 28 Dec


# --- Lesson and exam cards ---------------------------------------------------------------------------------------


class TestLessonCard:
    def test_own_lesson_opens_as_a_page_and_in_the_modal(self, client, record, chosen):
        slot = chosen.slots.get()
        url = reverse("schedule:lesson", args=[slot.pk, MONDAY.isoformat()])
        client.force_login(record.user)
        html = client.get(url).content.decode()
        assert "<!doctype html>" in html
        for text in (
            chosen.discipline.name_en,
            "Lecture",
            "Room 214",
            chosen.teacher.get_full_name(),
            "L-01",
            "09:00",
        ):
            assert text in html
        modal = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<!doctype html>" not in modal
        assert 'class="modal-header"' in modal
        assert chosen.teacher.get_full_name() in modal

    def test_online_lesson_links_to_the_class(self, client, record, chosen):
        Slot.objects.filter(stream=chosen).update(room="", online_url="https://meet.example.kz/abc")
        client.force_login(record.user)
        url = reverse("schedule:lesson", args=[chosen.slots.get().pk, MONDAY.isoformat()])
        assert 'href="https://meet.example.kz/abc"' in client.get(url).content.decode()

    def test_someone_elses_lesson_is_404(self, client, chosen):
        client.force_login(StudentRecordFactory().user)
        url = reverse("schedule:lesson", args=[chosen.slots.get().pk, MONDAY.isoformat()])
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("day", ["2026-11-24", "2027-03-01", "not-a-date"])
    def test_a_day_it_does_not_meet_is_404(self, client, record, chosen, day):
        client.force_login(record.user)
        assert client.get(reverse("schedule:lesson", args=[chosen.slots.get().pk, day])).status_code == 404

    def test_a_holiday_is_404(self, client, record, chosen):
        HolidayFactory(date=MONDAY)
        client.force_login(record.user)
        assert (
            client.get(reverse("schedule:lesson", args=[chosen.slots.get().pk, MONDAY.isoformat()])).status_code == 404
        )

    def test_the_teacher_gets_a_roster_link(self, client, teacher, chosen):
        client.force_login(teacher)
        html = client.get(reverse("schedule:lesson", args=[chosen.slots.get().pk, MONDAY.isoformat()])).content.decode()
        assert reverse("schedule:roster", args=[chosen.pk]) in html


class TestExams:
    def test_exam_appears_for_the_stream_students_only(self, client, record, chosen):
        exam = ExamFactory(stream=chosen, starts_at=aware(MONDAY, 14), ends_at=aware(MONDAY, 16), room="Hall A")
        exam_url = reverse("schedule:exam", args=[exam.pk])
        for view in ("day", "week", "month"):
            assert exam_url in get(client, record.user, view=view, date=MONDAY.isoformat()).content.decode()
        other = StudentRecordFactory().user
        assert exam_url not in get(client, other, view="week", date=MONDAY.isoformat()).content.decode()
        assert client.get(exam_url).status_code == 404
        assert exam_url in get(client, chosen.teacher, view="week", date=MONDAY.isoformat()).content.decode()

    def test_exam_card(self, client, record, chosen):
        exam = ExamFactory(stream=chosen, starts_at=aware(MONDAY, 14), ends_at=aware(MONDAY, 16), room="Hall A")
        client.force_login(record.user)
        html = client.get(reverse("schedule:exam", args=[exam.pk])).content.decode()
        assert "Exam" in html and "Room Hall A" in html and "14:00" in html and chosen.teacher.get_full_name() in html

    def test_online_exam_links_to_its_test_once_published(self, client, record, chosen):
        exam = ExamFactory(
            stream=chosen, starts_at=aware(MONDAY, 14), ends_at=aware(MONDAY, 16), room="", is_online=True
        )
        client.force_login(record.user)
        url = reverse("schedule:exam", args=[exam.pk])
        html = client.get(url).content.decode()
        assert "The test link appears when the test is published." in html
        assert 'data-testid="test-link"' not in html
        exam.test_url = "/testing/42/"
        exam.save()
        html = client.get(url).content.decode()
        assert 'href="/testing/42/"' in html
        assert "appears when the test is published" not in html

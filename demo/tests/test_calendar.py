"""The demo calendar: Kazakhstan's holidays with the weekend rule, periods, and windows open today."""

import datetime

import pytest
from django.utils import timezone

from academic_calendar.models import Holiday, Period
from curriculum.selectors.registration import open_windows
from demo.calendar import kazakhstan_holidays, seed_calendar
from demo.seed import DemoContext
from demo.university import seed_university
from university.models import AcademicYear, Term
from university.tests.factories import UniversityFactory

D = datetime.date


def days(year):
    return {date: en for date, _kk, _ru, en in kazakhstan_holidays(year)}


def test_a_holiday_on_a_weekend_moves_to_the_next_working_day():
    y2026 = days(2026)
    assert y2026[D(2026, 3, 8)] == "International Women's Day"
    assert y2026[D(2026, 3, 9)] == "Day off in place of International Women's Day"
    # Nauryz 21 (Sat) and 22 (Sun): the 23rd is a holiday already, so the days off are the 24th and 25th.
    assert (
        y2026[D(2026, 3, 24)] == "Day off in place of Nauryz" and y2026[D(2026, 3, 25)] == "Day off in place of Nauryz"
    )
    assert y2026[D(2026, 5, 11)] == "Day off in place of Victory Day"
    assert y2026[D(2026, 8, 31)] == "Day off in place of Constitution Day"
    assert y2026[D(2026, 10, 26)] == "Day off in place of Republic Day"
    assert y2026[D(2026, 5, 27)] == "Kurban Ait"
    y2027 = days(2027)
    assert y2027[D(2027, 1, 4)] == "Day off in place of New Year"
    assert y2027[D(2027, 3, 24)] == "Day off in place of Nauryz"
    assert y2027[D(2027, 5, 3)] == "Day off in place of Unity Day"
    assert y2027[D(2027, 5, 10)] == "Day off in place of Victory Day"


def test_orthodox_christmas_and_kurban_ait_never_move():
    y2024 = days(2024)  # 7 January 2024 was a Sunday
    assert y2024[D(2024, 1, 7)] == "Orthodox Christmas"
    assert "Day off in place of Orthodox Christmas" not in y2024.values()
    y2027 = days(2027)  # Kurban Ait 2027 falls on Sunday 16 May
    assert y2027[D(2027, 5, 16)] == "Kurban Ait"
    assert "Day off in place of Kurban Ait" not in y2027.values()


@pytest.fixture
def university(db):
    """The demo university with its academic years and terms, as seed_demo's first step builds them."""
    ctx = DemoContext(today=timezone.localdate())
    seed_university(ctx)
    return ctx.university


def test_seed_calendar_fills_holidays_periods_and_opens_the_windows_today(university):
    today = timezone.localdate()
    terms = list(Term.objects.values_list("pk", "start_date", "end_date"))

    result = seed_calendar(today=today, university=university)

    assert list(Term.objects.values_list("pk", "start_date", "end_date")) == terms  # the terms are used as they are
    assert Holiday.objects.filter(university=university, date__year=today.year).count() >= 15
    assert Holiday.objects.filter(university=university, date__year=today.year + 1).exists()
    assert result["periods"] > 10
    windows = open_windows(university_id=university.pk, today=today)
    current = Term.objects.current(on=today)
    kinds = {(w.term.pk, p.kind) for w in windows for p in w.periods}
    assert (current.pk, Period.Kind.ADD_DROP) in kinds
    next_term = Term.objects.filter(start_date__gt=current.start_date).exclude(kind="summer").order_by("start_date")[0]
    assert (next_term.pk, Period.Kind.REGISTRATION) in kinds
    assert Period.objects.filter(term=current, kind=Period.Kind.STUDY).exists()
    assert Period.objects.filter(term=current, kind=Period.Kind.EXAM_SESSION).exists()


def test_seed_calendar_is_idempotent_and_reopens_windows_on_a_later_day(university):
    today = timezone.localdate()
    seed_calendar(today=today, university=university)
    counts = (Holiday.objects.count(), Period.objects.count())

    again = seed_calendar(today=today, university=university)

    assert (Holiday.objects.count(), Period.objects.count()) == counts
    assert again == {"holidays": 0, "periods": 0}
    later = today + datetime.timedelta(days=30)
    seed_calendar(today=later, university=university)
    assert open_windows(university_id=university.pk, today=later)


@pytest.mark.django_db
def test_seed_calendar_creates_no_terms():
    university = UniversityFactory()
    today = timezone.localdate()

    result = seed_calendar(today=today, university=university)

    assert not AcademicYear.objects.exists() and not Term.objects.exists()
    assert result["holidays"] > 0 and result["periods"] == 0
    assert not Period.objects.exists()

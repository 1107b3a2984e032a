"""One date and time style per language (config/formats): day before month, the Russian month in the genitive and
the Kazakh one in lower case inside a date, 24-hour time; relative times ("5 minutes ago") in every language."""

import datetime as dt

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from core.dates import date_range
from people.tests.factories import StudentFactory
from schedule.selectors.timetable import timetable_page

DAY = dt.date(2026, 11, 25)
AT = dt.datetime(2026, 11, 25, 9, 5, tzinfo=dt.UTC)

FORMATS = {
    "kk": {
        "DATE_FORMAT": "25 қараша 2026 ж.",
        "MONTH_DAY_FORMAT": "25 қараша",
        "YEAR_MONTH_FORMAT": "Қараша 2026 ж.",
        "SHORT_DATE_FORMAT": "25.11.2026",
    },
    "ru": {
        "DATE_FORMAT": "25 ноября 2026 г.",
        "MONTH_DAY_FORMAT": "25 ноября",
        "YEAR_MONTH_FORMAT": "Ноябрь 2026 г.",
        "SHORT_DATE_FORMAT": "25.11.2026",
    },
    "en": {
        "DATE_FORMAT": "25 November 2026",
        "MONTH_DAY_FORMAT": "25 November",
        "YEAR_MONTH_FORMAT": "November 2026",
        "SHORT_DATE_FORMAT": "25.11.2026",
    },
}


@pytest.mark.parametrize("language", FORMATS)
def test_dates_are_written_one_way_per_language(language):
    with translation.override(language):
        written = {name: date_format(DAY, name) for name in FORMATS[language]}
    assert written == FORMATS[language]


@pytest.mark.parametrize("language", FORMATS)
def test_time_is_24_hour_with_two_digits_everywhere(language):
    with translation.override(language), timezone.override("Asia/Almaty"):
        assert [time_format(dt.time(h), "TIME_FORMAT") for h in (9, 10, 12, 0)] == ["09:00", "10:00", "12:00", "00:00"]
        assert date_format(timezone.localtime(AT), "DATETIME_FORMAT").endswith("14:05")
        assert date_format(timezone.localtime(AT), "SHORT_DATETIME_FORMAT") == "25.11.2026 14:05"


@pytest.mark.parametrize(
    ("language", "week", "new_year"),
    [
        ("kk", "30 қараша – 6 желтоқсан 2026 ж.", "28 желтоқсан 2026 ж. – 3 қаңтар 2027 ж."),
        ("ru", "30 ноября – 6 декабря 2026 г.", "28 декабря 2026 г. – 3 января 2027 г."),
        ("en", "30 November – 6 December 2026", "28 December 2026 – 3 January 2027"),
    ],
)
def test_the_week_title_writes_both_days_alike(db, language, week, new_year):
    """It mixed "November 30" with "Dec. 6" in English and "30 Ноябрь" with "6 декабря" in Russian."""
    user = StudentFactory()
    today = dt.date(2026, 12, 2)
    with translation.override(language):
        assert timetable_page(user=user, view="week", day=today, today=today).title == week
        assert date_range(dt.date(2026, 12, 28), dt.date(2027, 1, 3)) == new_year


@pytest.mark.parametrize(
    ("language", "minutes", "days"),
    [
        ("kk", "5 минут бұрын", "3 күн, 2 сағат бұрын"),
        ("ru", "5 минут назад", "3 дня, 2 часа назад"),
        ("en", "5 minutes ago", "3 days, 2 hours ago"),
    ],
)
def test_relative_times_are_translated(language, minutes, days):
    """Kazakh said "5 minutes ago": Django has no Kazakh for humanize's relative times (config/formats/locale)."""
    now = timezone.now()
    with translation.override(language):
        written = [naturaltime(now - dt.timedelta(minutes=5)), naturaltime(now - dt.timedelta(days=3, hours=2))]
    assert [" ".join(w.split()) for w in written] == [minutes, days]

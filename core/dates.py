"""Dates written in the active language's formats (config/formats/<language>/formats.py), so every page says a
date one way: "30 ноября – 6 декабря 2026 г.", "30 қараша – 6 желтоқсан 2026 ж.", "30 November – 6 December 2026"."""

import datetime as dt

from django.utils.formats import date_format


def date_range(start: dt.date, end: dt.date) -> str:
    """Two dates as one range; the year is written once when both fall in it."""
    if start == end:
        return date_format(end, "DATE_FORMAT")
    first = date_format(start, "MONTH_DAY_FORMAT" if start.year == end.year else "DATE_FORMAT")
    return f"{first} – {date_format(end, 'DATE_FORMAT')}"

"""The journal's columns: settings of a university, and a stream's columns laid out from its timetable."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from academic_calendar.models import Holiday
from schedule.selectors.timetable import monday_of, slot_dates

from ..models import Column, ColumnKind, JournalSettings

ACADEMIC_HOUR_MINUTES = 50


def journal_settings_for(*, university_id: int) -> JournalSettings:
    """The university's journal settings; the defaults (docs/domain.md) are stored on first use."""
    rules = JournalSettings.objects.filter(university_id=university_id).first()
    if rules is None:
        rules, _created = JournalSettings.objects.get_or_create(university_id=university_id)
    return rules


def stream_rules(stream) -> JournalSettings:
    """The journal settings of the stream's university, read from the stream when it was loaded with them
    (journal.permissions loads `term__academic_year__university__journal_settings`), else queried."""
    university = stream.term.academic_year.university
    try:
        return university.journal_settings
    except JournalSettings.DoesNotExist:
        return journal_settings_for(university_id=university.pk)


def _hours(slot) -> int:
    minutes = (
        dt.datetime.combine(dt.date.min, slot.end_time) - dt.datetime.combine(dt.date.min, slot.start_time)
    ).seconds // 60
    return max(1, round(minutes / ACADEMIC_HOUR_MINUTES))


def control_dates(term, rules) -> dict[str, dt.date]:
    """The midterms on the Friday of their weeks, the exam on the term's last day, the retake two weeks after."""
    first_monday = monday_of(term.start_date)
    return {
        ColumnKind.MIDTERM1: first_monday + dt.timedelta(weeks=rules.r1_week - 1, days=4),
        ColumnKind.MIDTERM2: first_monday + dt.timedelta(weeks=rules.r2_week - 1, days=4),
        ColumnKind.EXAM: term.end_date,
        ColumnKind.RETAKE: term.end_date + dt.timedelta(days=14),
    }


@transaction.atomic
def stream_columns_sync(*, stream, rules, holidays: set[dt.date] | None = None) -> int:
    """Create the missing columns of a stream: one per dated lesson of its slots in the term, and the controls of
    its discipline and term. Idempotent (the unique constraints skip what exists); returns how many were made.
    `stream.slots` is read as prefetched when it is."""
    term = stream.term
    if holidays is None:
        holidays = set(
            Holiday.objects.filter(date__range=(term.start_date, term.end_date)).values_list("date", flat=True)
        )
    wanted = []
    for slot in stream.slots.all():
        for day in slot_dates(
            slot, term_start=term.start_date, start=term.start_date, end=term.end_date, holidays=holidays
        ):
            wanted.append(
                Column(
                    discipline_id=stream.discipline_id,
                    term_id=term.pk,
                    stream=stream,
                    kind=ColumnKind.LESSON,
                    date=day,
                    slot=slot,
                    hours=_hours(slot),
                )
            )
    for kind, day in control_dates(term, rules).items():
        wanted.append(Column(discipline_id=stream.discipline_id, term_id=term.pk, stream=None, kind=kind, date=day))
    existing_lessons = set(Column.objects.filter(stream=stream, kind=ColumnKind.LESSON).values_list("date", "slot_id"))
    existing_controls = set(
        Column.objects.filter(discipline_id=stream.discipline_id, term_id=term.pk, stream__isnull=True).values_list(
            "kind", flat=True
        )
    )
    missing = [
        c
        for c in wanted
        if (c.kind == ColumnKind.LESSON and (c.date, c.slot_id) not in existing_lessons)
        or (c.kind != ColumnKind.LESSON and c.kind not in existing_controls)
    ]
    if missing:
        Column.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)

"""Demo journal: grades and attendance of the demo student's current streams, up to today.

For every stream student@demo.kz chose in the current term, the columns are laid out from the timetable (the
journal's own service) and every student of the stream gets marks for the lessons held more than three days ago
(so the last days stay empty for the demo teacher to type in): about half graded, some absences and lateness, and
the first midterm once its date has passed. The demo student misses many lessons of one discipline, so the
absence warning shows. Past terms keep their final grades from demo.study: no cells are invented for them.
Idempotent: a stream with cells is left as it is. Bulk inserts only.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from academic_calendar.models import Holiday
from journal.models import Cell, Column, ColumnKind
from journal.services.columns import journal_settings_for, stream_columns_sync
from people.models import User
from schedule.models import Stream, StreamChoice

DEMO_STUDENT = "student@demo.kz"


@transaction.atomic
def seed_journal(*, today: dt.date) -> dict:
    user = User.objects.filter(email=DEMO_STUDENT).select_related("student_record").first()
    record = getattr(user, "student_record", None) if user else None
    if record is None:
        return {}
    streams = list(
        Stream.objects.filter(choices__student=record, term__start_date__lte=today, term__end_date__gte=today)
        .select_related("term__academic_year", "discipline")
        .prefetch_related("slots")
        .order_by("pk")
    )
    if not streams:
        return {}
    rules = journal_settings_for(university_id=streams[0].term.academic_year.university_id)
    term = streams[0].term
    holidays = set(Holiday.objects.filter(date__range=(term.start_date, term.end_date)).values_list("date", flat=True))
    created = 0
    truant_discipline = streams[0].discipline_id
    for stream in streams:
        stream_columns_sync(stream=stream, rules=rules, holidays=holidays)
        if Cell.objects.filter(column__stream=stream).exists():
            continue
        rng = random.Random(f"demo-journal:{stream.discipline.code}:{stream.code}")
        cutoff = today - dt.timedelta(days=3)
        columns = list(
            Column.objects.filter(discipline_id=stream.discipline_id, term_id=stream.term_id, date__lte=cutoff).filter(
                stream=stream
            )
        )
        controls = list(
            Column.objects.filter(
                discipline_id=stream.discipline_id,
                term_id=stream.term_id,
                stream__isnull=True,
                kind=ColumnKind.MIDTERM1,
                date__lte=cutoff,
            )
        )
        students = list(StreamChoice.objects.filter(stream=stream).values_list("student_id", flat=True))
        cells = []
        for student_id in students:
            skill = rng.randint(45, 95)
            truant = student_id == record.pk and stream.discipline_id == truant_discipline
            for column in columns:
                roll = rng.random()
                if truant and roll < 0.9 or roll < 0.07:
                    cells.append(
                        Cell(column=column, student_id=student_id, attendance="absent", absence_hours=column.hours)
                    )
                elif roll < 0.10:
                    cells.append(Cell(column=column, student_id=student_id, attendance="late"))
                elif roll < 0.55:
                    grade = Decimal(max(0, min(100, skill + rng.randint(-15, 10))))
                    cells.append(Cell(column=column, student_id=student_id, grade=grade, attendance="present"))
                else:
                    cells.append(Cell(column=column, student_id=student_id, attendance="present"))
            if stream.kind == "lecture":
                for column in controls:
                    grade = Decimal(max(0, min(100, skill + rng.randint(-10, 10))))
                    cells.append(Cell(column=column, student_id=student_id, grade=grade))
        Cell.objects.bulk_create(cells, ignore_conflicts=True)
        created += len(cells)
    return {"journal_cells": created}

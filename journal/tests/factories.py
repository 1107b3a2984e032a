"""A journal world: one university with the default scale, a term around today, a discipline with a lecture and a
practice stream (each a weekly slot on today's weekday, two teachers) and `students` students in both, registered.

`journal_world(students=3)` returns a `JournalWorld`; `column(world, kind, ...)` finds a column after the sync.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from curriculum.services.grading import grade_scale_install_default
from curriculum.tests.factories import DisciplineFactory, RegistrationFactory
from journal.models import Column, ColumnKind
from journal.services.columns import journal_settings_for, stream_columns_sync
from people.tests.factories import StudentRecordFactory, TeacherFactory
from schedule.models import LessonType
from schedule.tests.factories import StreamChoiceFactory, stream_with_slot
from university.tests.factories import AcademicYearFactory, ProgrammeFactory, TermFactory


@dataclass
class JournalWorld:
    university: object
    programme: object
    term: object
    discipline: object
    lecture: object
    practice: object
    students: list
    rules: object


def journal_world(*, students: int = 3, today: dt.date | None = None) -> JournalWorld:
    today = today or timezone.localdate()
    programme = ProgrammeFactory()
    university = programme.department.faculty.university
    grade_scale_install_default(university=university)
    year = AcademicYearFactory(
        university=university, start_date=today - dt.timedelta(days=90), end_date=today + dt.timedelta(days=200)
    )
    term = TermFactory(
        academic_year=year, start_date=today - dt.timedelta(days=63), end_date=today + dt.timedelta(days=42)
    )
    discipline = DisciplineFactory()
    common = {"discipline": discipline, "term": term, "weekday": today.weekday(), "capacity": max(students, 1) + 5}
    lecture = stream_with_slot(kind=LessonType.LECTURE, teacher=TeacherFactory(), **common)
    practice = stream_with_slot(
        kind=LessonType.PRACTICE, teacher=TeacherFactory(), start=(11, 0), end=(12, 40), **common
    )
    records = []
    for _ in range(students):
        record = StudentRecordFactory(programme=programme)
        RegistrationFactory(student=record, discipline=discipline, term=term)
        StreamChoiceFactory(student=record, stream=lecture)
        StreamChoiceFactory(student=record, stream=practice)
        records.append(record)
    rules = journal_settings_for(university_id=university.pk)
    for stream in (lecture, practice):
        stream_columns_sync(stream=stream, rules=rules)
    return JournalWorld(university, programme, term, discipline, lecture, practice, records, rules)


def column(world: JournalWorld, kind: str = ColumnKind.LESSON, *, stream=None, date: dt.date | None = None) -> Column:
    columns = Column.objects.filter(discipline=world.discipline, term=world.term, kind=kind)
    if kind == ColumnKind.LESSON:
        columns = columns.filter(stream=stream or world.lecture)
    if date is not None:
        columns = columns.filter(date=date)
    return columns.order_by("-date").first() if kind == ColumnKind.LESSON and date is None else columns.first()

"""Two teachers of one student (the lecture's and the practice's) saving at the same instant: the final grade
written is the one both saves' cells give (the registration's lock, docs/modules.md#journal). PostgreSQL only.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m pytest journal/tests -m postgres
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D

import pytest
from django.db import connection
from django.utils import timezone

from curriculum.models import FinalGrade
from journal.models import Cell, ColumnKind
from journal.selectors.grid import results_for, scale
from journal.services.entry import cell_enter

from .factories import column, journal_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_lecture_and_practice_saves_at_once_leave_the_final_of_both():
    world = journal_world(students=1)
    student = world.students[0]
    for kind, grade in ((ColumnKind.MIDTERM1, 80), (ColumnKind.MIDTERM2, 70), (ColumnKind.EXAM, 90)):
        Cell.objects.create(column=column(world, kind), student=student, grade=D(grade))
    today = timezone.localdate()
    lessons = {
        world.lecture.pk: column(world, date=today, stream=world.lecture),
        world.practice.pk: column(world, date=today, stream=world.practice),
    }
    bands = scale(world.university.pk)
    versions = dict.fromkeys(lessons, 0)

    def enter(stream, value):
        try:
            barrier.wait(timeout=30)
            cell, _result = cell_enter(
                stream=stream,
                column=lessons[stream.pk],
                student_id=student.pk,
                text=value,
                version=versions[stream.pk],
                actor=stream.teacher,
                rules=world.rules,
                bands=bands,
            )
            return cell.version
        finally:
            connection.close()

    for value_a, value_b in (("100", "0"), ("0", "100"), ("55", "95"), ("95", "55"), ("10", "20")):
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {
                world.lecture.pk: pool.submit(enter, world.lecture, value_a),
                world.practice.pk: pool.submit(enter, world.practice, value_b),
            }
            for pk, future in futures.items():
                versions[pk] = future.result()
        _cells, result = results_for(
            student_ids=[student.pk], discipline_id=world.discipline.pk, term=world.term, rules=world.rules, bands=bands
        )[student.pk]
        stored = FinalGrade.objects.filter(registration__student=student, registration__discipline=world.discipline)
        held = [(g.admission_rating, g.percent) for g in stored]
        # the last round's marks fall below admission: no final, and the one stored before is withdrawn
        assert held == ([(result.rd, result.final)] if result.final is not None else []), (value_a, value_b)
    assert result.final is None

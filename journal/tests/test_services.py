"""Saving cells: parsing, ranges, stale saves, the window and the registrar's unlock, the audit, final grades."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from curriculum.models import FinalGrade
from journal.models import Attendance, Cell, CellChange, Column, ColumnKind
from journal.selectors.grid import results_for, scale
from journal.services.cells import StaleCell, cell_save, parse_value, unlock_create
from journal.services.columns import stream_columns_sync
from journal.services.final import final_grade_sync

from .factories import column, journal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return journal_world(students=2)


def save(world, col, text, version=0, student=None, stream=None, **kwargs):
    stream = stream or world.lecture
    return cell_save(
        column=col,
        student_id=(student or world.students[0]).pk,
        stream=stream,
        text=text,
        version=version,
        actor=stream.teacher,
        rules=world.rules,
        **kwargs,
    )


def test_columns_from_the_timetable_and_controls(world):
    lessons = Column.objects.filter(stream=world.lecture, kind=ColumnKind.LESSON)
    # weekly on today's weekday over a 15-week term (63 days before today, 42 after): 16 dates
    assert lessons.count() == 16
    assert Column.objects.filter(stream__isnull=True, discipline=world.discipline).count() == 4
    practice = Column.objects.filter(stream=world.practice, kind=ColumnKind.LESSON).first()
    assert practice.hours == 2  # 11:00–12:40
    assert stream_columns_sync(stream=world.lecture, rules=world.rules) == 0  # idempotent


def test_parse_values():
    lesson = Column(kind=ColumnKind.LESSON)
    exam = Column(kind=ColumnKind.EXAM)
    assert parse_value("85", column=lesson).grade == D(85)
    assert parse_value("85", column=lesson).attendance == Attendance.PRESENT
    assert parse_value("70,5 l", column=lesson) == parse_value("70.5 оп", column=lesson)
    assert parse_value("н", column=lesson).attendance == Attendance.ABSENT
    assert parse_value("", column=lesson).grade is None
    for bad in ("101", "-1", "abc", "50.123", "nan"):
        with pytest.raises(ValidationError):
            parse_value(bad, column=lesson)
    with pytest.raises(ValidationError):
        parse_value("н", column=exam)
    with pytest.raises(ValidationError):
        parse_value("80 н", column=lesson)


def test_save_versions_and_audit(world):
    col = column(world, date=timezone.localdate())
    cell = save(world, col, "80")
    assert (cell.grade, cell.attendance, cell.version) == (D(80), "present", 1)
    cell = save(world, col, "a", version=1)
    assert (cell.grade, cell.attendance, cell.absence_hours, cell.version) == (None, "absent", 1, 2)
    changes = list(CellChange.objects.filter(cell=cell).order_by("pk"))
    assert [(c.old_grade, c.new_grade, c.old_attendance, c.new_attendance) for c in changes] == [
        (None, D(80), "", "present"),
        (D(80), None, "present", "absent"),
    ]
    assert changes[0].actor == world.lecture.teacher
    save(world, col, "a", version=2)  # unchanged: nothing written
    assert CellChange.objects.filter(cell=cell).count() == 2


def test_stale_save_refused_with_the_newer_value(world):
    col = column(world, ColumnKind.MIDTERM1)
    col.date = timezone.localdate()
    col.save()
    save(world, col, "70")  # the lecture teacher
    with pytest.raises(StaleCell) as stale:
        save(world, col, "90", version=0, stream=world.practice)  # the practice teacher's page was older
    assert stale.value.cell.grade == D(70)
    assert Cell.objects.get(column=col, student=world.students[0]).grade == D(70)
    save(world, col, "90", version=1, stream=world.practice)  # after seeing it
    assert Cell.objects.get(column=col, student=world.students[0]).version == 2


def test_window_and_unlock(world):
    today = timezone.localdate()
    old = Column.objects.filter(stream=world.lecture, date__lt=today - dt.timedelta(days=10)).order_by("-date").first()
    recent = Column.objects.filter(stream=world.lecture, date=today - dt.timedelta(days=7)).first()
    future = Column.objects.filter(stream=world.lecture, date__gt=today).first()
    save(world, recent, "75")
    with pytest.raises(ValidationError, match="closed"):
        save(world, old, "75")
    with pytest.raises(ValidationError):
        save(world, future, "75")
    assert not Cell.objects.filter(column__in=[old, future]).exists()
    unlock_create(stream=world.lecture, week_start=old.date, until=timezone.now() + dt.timedelta(days=1), actor=None)
    assert save(world, old, "75").grade == D(75)
    # the unlock is of the lecture stream: the practice stream's old week stays closed
    old_practice = Column.objects.filter(stream=world.practice, date=old.date).first()
    with pytest.raises(ValidationError):
        save(world, old_practice, "75", stream=world.practice)


def test_final_grade_flows_to_curriculum(world):
    student = world.students[0]
    values = {ColumnKind.MIDTERM1: "80", ColumnKind.MIDTERM2: "70", ColumnKind.EXAM: "90"}
    for kind, text in values.items():
        col = column(world, kind)
        Cell.objects.create(column=col, student=student, grade=D(text))
    lesson = column(world, date=timezone.localdate())
    save(world, lesson, "100", student=student)  # current control: 100 in the second half (after week 8)
    bands = scale(world.university.pk)
    _cells, result = results_for(
        student_ids=[student.pk], discipline_id=world.discipline.pk, term=world.term, rules=world.rules, bands=bands
    )[student.pk]
    # R1 = 0.5·0 + 0.5·80 = 40; R2 = 0.5·100 + 0.5·70 = 85; RD = 62.5; final = 37.5 + 36 = 73.5 → 74 C+
    assert (result.r1, result.r2, result.rd, result.final, result.letter) == (D(40), D(85), D("62.50"), D(74), "C+")
    final_grade_sync(
        student_id=student.pk,
        discipline_id=world.discipline.pk,
        term_id=world.term.pk,
        result=result,
        actor=world.lecture.teacher,
    )
    grade = FinalGrade.objects.get(registration__student=student, registration__discipline=world.discipline)
    assert (grade.percent, grade.letter, grade.points, grade.admission_rating, grade.exam) == (
        D(74),
        "C+",
        D("2.33"),
        D("62.50"),
        D(90),
    )


def test_the_grid_save_writes_the_final_and_withdraws_it_when_the_marks_no_longer_give_one(world):
    from audit.models import AuditRecord
    from journal.services.entry import cell_enter

    student = world.students[0]
    for kind, text in ((ColumnKind.MIDTERM1, "80"), (ColumnKind.MIDTERM2, "70"), (ColumnKind.EXAM, "90")):
        Cell.objects.create(column=column(world, kind), student=student, grade=D(text))
    lesson = column(world, date=timezone.localdate())
    bands = scale(world.university.pk)

    def enter(text, version):
        return cell_enter(
            stream=world.lecture,
            column=lesson,
            student_id=student.pk,
            text=text,
            version=version,
            actor=world.lecture.teacher,
            rules=world.rules,
            bands=bands,
        )

    cell, result = enter("100", 0)
    grade = FinalGrade.objects.get(registration__student=student, registration__discipline=world.discipline)
    assert (result.final, grade.percent, grade.letter, grade.admission_rating) == (D(74), D(74), "C+", D("62.50"))
    # R2 = 0.5·0 + 0.5·70 = 35, RD = 37.5: not admitted, so no final; the stored one is withdrawn, audited
    _cell, result = enter("0", cell.version)
    assert result.rd == D("37.50") and result.final is None
    assert not FinalGrade.objects.filter(registration__student=student).exists()
    assert AuditRecord.objects.filter(action="final_grade.withdraw").count() == 1

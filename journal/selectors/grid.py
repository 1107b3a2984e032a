"""The teacher's grid of a stream and the changes since a cursor (docs/modules.md#journal).

The grid costs the same queries for 15 or 150 students: the stream, its slots, the settings, the columns, the
roster, every cell of the roster in the discipline's columns (both streams' lessons: the ratings need them), the
unlocks and the scale. Everything computed (R1, R2, RD, the final) comes from services.ratings.compute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext

from assignments.selectors import graded_work_of_students
from core.collation import name_order
from curriculum.models import GradeBand
from schedule.models import StreamChoice
from schedule.selectors.timetable import monday_of

from ..models import Attendance, Cell, Column, ColumnKind, Unlock
from ..services.cells import editable_until
from ..services.ratings import CellValue, Result, compute

CONTROL_ORDER = {ColumnKind.MIDTERM1: 0, ColumnKind.MIDTERM2: 1, ColumnKind.EXAM: 2, ColumnKind.RETAKE: 3}


def attendance_marks() -> dict[str, str]:
    """The short marks shown in cells for attendances, in the active language (the parser reads all three
    languages' marks): read once per page, not per cell."""
    return {
        Attendance.ABSENT: pgettext("attendance mark", "a"),
        Attendance.LATE: pgettext("attendance mark", "l"),
        Attendance.EXCUSED: pgettext("attendance mark", "e"),
    }


def value_text(grade: Decimal | None, attendance: str, marks: dict[str, str]) -> str:
    """A cell as typed in the grid: '85', 'a', '70 l' (the export writes the same, so an import reads it back)."""
    mark = marks.get(attendance, "")
    if grade is None:
        return mark
    number = f"{grade.normalize():f}"
    return f"{number} {mark}" if mark else number


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return value_text(cell.grade, cell.attendance, attendance_marks())


def assignment_values(*, student_ids, term_ids, discipline_id: int | None = None) -> dict[tuple, list[CellValue]]:
    """Graded assignments as self-study grades, by (student, discipline, term), in one query.

    The points after the late penalty, scaled to 0–100, count on the assignment's deadline (which half of the term,
    R1 or R2, they belong to); they are read-only here: the teacher grades them in the assignments queue.
    """
    out: dict[tuple, list[CellValue]] = {}
    for work in graded_work_of_students(student_ids=student_ids, term_ids=term_ids, discipline_id=discipline_id):
        if not work.max_points or work.points is None:
            continue
        grade = (Decimal(work.points) * 100 / Decimal(work.max_points)).quantize(Decimal("0.01"))
        day = timezone.localdate(work.deadline) if work.deadline else timezone.localdate(work.graded_at)
        out.setdefault((work.student_id, work.discipline_id, work.term_id), []).append(
            CellValue(ColumnKind.SELF_STUDY, day, grade)
        )
    return out


class GridCell(NamedTuple):
    """What a cell of the grid shows: plain values, so a grid of 6,750 cells builds no model instance per cell
    (docs/modules.md#journal, "The grid's speed")."""

    column_id: int
    student_id: int
    text: str
    version: int
    editable: bool


class CellState(NamedTuple):
    """A stored cell as the grid reads it (no model instance)."""

    grade: Decimal | None
    attendance: str
    version: int


@dataclass
class GridRow:
    choice: StreamChoice
    cells: list[GridCell]
    result: Result

    @property
    def student(self):
        return self.choice.student


@dataclass
class Grid:
    stream: object
    rules: object
    columns: list[Column]
    editable: dict[int, bool]
    rows: list[GridRow]
    since: str
    bands: list = field(default_factory=list)


def _ordered(columns: list[Column]) -> list[Column]:
    lessons = [c for c in columns if not c.is_control]
    controls = sorted((c for c in columns if c.is_control), key=lambda c: CONTROL_ORDER[c.kind])
    # РК1 after the lessons of the first half, РК2 and the exam at the end
    return sorted(lessons, key=lambda c: (c.date, c.pk)) + controls


def discipline_columns(stream) -> list[Column]:
    """The columns of the stream's grid: its own lessons and self-study, and the discipline's controls."""
    return list(
        Column.objects.filter(discipline_id=stream.discipline_id, term_id=stream.term_id)
        .filter(Q(stream=stream) | Q(stream__isnull=True))
        .order_by("date", "pk")
    )


def results_for(
    *, student_ids, discipline_id: int, term, rules, bands
) -> dict[int, tuple[dict[int, CellState], Result]]:
    """Each student's cells (by column id, every stream of the discipline) and computed result: two queries (the
    cells with their columns' type and date, as plain rows; the graded assignments)."""
    rows = (
        Cell.objects.filter(student_id__in=student_ids, column__discipline_id=discipline_id, column__term_id=term.pk)
        .order_by()
        .values_list(
            "student_id", "column_id", "grade", "attendance", "absence_hours", "version", "column__kind", "column__date"
        )
    )
    by_student: dict[int, dict[int, CellState]] = {sid: {} for sid in student_ids}
    values: dict[int, list[CellValue]] = {sid: [] for sid in student_ids}
    for sid, column_id, grade, attendance, hours, version, kind, day in rows:
        by_student.setdefault(sid, {})[column_id] = CellState(grade, attendance, version)
        values.setdefault(sid, []).append(CellValue(kind, day, grade, attendance, hours))
    graded = assignment_values(student_ids=student_ids, term_ids=[term.pk], discipline_id=discipline_id)
    out = {}
    for sid, own in by_student.items():
        cells = values[sid] + graded.get((sid, discipline_id, term.pk), [])
        out[sid] = (own, compute(cells=cells, term_start=term.start_date, rules=rules, bands=bands))
    return out


def column_editability(*, columns: list[Column], stream, rules, today: dt.date) -> dict[int, bool]:
    weeks = set(Unlock.objects.filter(stream=stream, until__gt=timezone.now()).values_list("week_start", flat=True))
    return {
        c.pk: c.date <= today and (today <= editable_until(column=c, rules=rules) or monday_of(c.date) in weeks)
        for c in columns
    }


def scale(university_id: int) -> list[GradeBand]:
    return list(GradeBand.objects.filter(university_id=university_id).order_by("-min_percent"))


def stream_grid(*, stream, rules, can_edit: bool, today: dt.date | None = None) -> Grid:
    today = today or timezone.localdate()
    columns = _ordered(discipline_columns(stream))
    editable = column_editability(columns=columns, stream=stream, rules=rules, today=today) if can_edit else {}
    roster = list(
        StreamChoice.objects.filter(stream=stream)
        .select_related("student__user", "student__group")
        .order_by(*name_order("student__user__"), "student__student_number")
    )
    bands = scale(stream.term.academic_year.university_id)
    ids = [c.student_id for c in roster]
    results = results_for(
        student_ids=ids, discipline_id=stream.discipline_id, term=stream.term, rules=rules, bands=bands
    )
    marks = attendance_marks()
    empty = CellState(None, "", 0)
    layout = [(c.pk, editable.get(c.pk, False)) for c in columns]
    texts: dict[tuple, str] = {}  # a grid holds a few hundred distinct values among its thousands of cells
    rows = []
    for choice in roster:
        sid = choice.student_id
        own, result = results[sid]
        cells = []
        for column_id, can in layout:
            state = own.get(column_id, empty)
            if state.version:
                key = (state.grade, state.attendance)
                text = texts.get(key)
                if text is None:
                    text = texts[key] = value_text(state.grade, state.attendance, marks)
            else:
                text = ""
            cells.append(GridCell(column_id, sid, text, state.version, can))
        rows.append(GridRow(choice, cells, result))
    return Grid(stream, rules, columns, editable, rows, timezone.now().isoformat(), bands)


def grid_changes(*, stream, since: dt.datetime, editable: bool) -> list[GridCell]:
    """Cells of the stream's grid changed after `since` (with two seconds' overlap for late commits: the page
    skips a cell whose version it already shows), as the grid shows them."""
    overlap = since - dt.timedelta(seconds=2)
    rows = (
        Cell.objects.filter(
            Q(column__stream=stream)
            | Q(
                column__stream__isnull=True, column__discipline_id=stream.discipline_id, column__term_id=stream.term_id
            ),
            updated_at__gt=overlap,
            student__stream_choices__stream=stream,
        )
        .order_by()
        .values_list("column_id", "student_id", "grade", "attendance", "version")
    )
    marks = attendance_marks()
    return [
        GridCell(column_id, sid, value_text(grade, attendance, marks), version, editable)
        for column_id, sid, grade, attendance, version in rows
    ]

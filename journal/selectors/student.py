"""The student's journal (§2.12): per discipline of a term, absences, ratings, RD, exam, retake and the final, the
exam score needed for each letter, warnings; the details of one discipline with filters. The advisor's warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from curriculum.models import Registration
from university.models import Term

from ..models import Cell, ColumnKind, JournalSettings
from ..services.ratings import CellValue, Result, compute
from .grid import assignment_values, cell_text, scale

LOW_RD = "low_rd"
ABSENCES = "absences"


@dataclass
class DisciplineLine:
    registration: Registration
    result: Result
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def discipline(self):
        return self.registration.discipline

    @property
    def final_grade(self):
        return getattr(self.registration, "final_grade", None)


def _rules_for(university_id: int) -> JournalSettings:
    return JournalSettings.objects.filter(university_id=university_id).first() or JournalSettings(
        university_id=university_id
    )


def warnings_for(result: Result, rules) -> list[str]:
    out = []
    if result.rd is not None and result.rd < Decimal(rules.admission_min):
        out.append(LOW_RD)
    if result.unexcused_hours >= Decimal(rules.absence_limit_hours) * Decimal(rules.absence_warning_share):
        out.append(ABSENCES)
    return out


def student_terms(*, student) -> list[Term]:
    return list(
        Term.objects.filter(registrations__student=student)
        .distinct()
        .select_related("academic_year")
        .order_by("-start_date")
    )


def student_journal(*, student, term: Term, university_id: int) -> tuple[list[DisciplineLine], JournalSettings]:
    """Every discipline of the term: one query for the registrations (with final grades), one for every cell."""
    rules = _rules_for(university_id)
    bands = scale(university_id)
    registrations = list(
        Registration.objects.filter(student=student, term=term).select_related("discipline", "final_grade")
    )
    cells = (
        Cell.objects.filter(student=student, column__term=term)
        .select_related("column__stream", "column__slot")
        .order_by("column__date", "column__pk")
    )
    by_discipline: dict[int, list[Cell]] = {}
    for cell in cells:
        by_discipline.setdefault(cell.column.discipline_id, []).append(cell)
    graded = assignment_values(student_ids=[student.pk], term_ids=[term.pk])
    lines = []
    for registration in registrations:
        own = by_discipline.get(registration.discipline_id, [])
        values = [CellValue(c.column.kind, c.column.date, c.grade, c.attendance, c.absence_hours) for c in own]
        values += graded.get((student.pk, registration.discipline_id, term.pk), [])
        result = compute(cells=values, term_start=term.start_date, rules=rules, bands=bands)
        lines.append(DisciplineLine(registration, result, own, warnings_for(result, rules)))
    return lines, rules


def filter_details(
    cells: list[Cell],
    *,
    lesson_type: str = "",
    kind: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[dict]:
    """The intermediate grades of a discipline, filtered by lesson type (lecture, practice, lab), by kind (lessons,
    self-study, controls) and by dates."""
    rows = []
    for cell in cells:
        column = cell.column
        if lesson_type and not (column.stream is not None and column.stream.kind == lesson_type):
            continue
        if kind == "self_study" and column.kind != ColumnKind.SELF_STUDY:
            continue
        if kind == "lessons" and column.kind != ColumnKind.LESSON:
            continue
        if kind == "controls" and not column.is_control:
            continue
        if start and column.date < start or end and column.date > end:
            continue
        rows.append({"cell": cell, "column": column, "text": cell_text(cell)})
    return rows


def advisee_warnings(*, advisor, term_by_university: dict[int, Term] | None = None) -> list[tuple]:
    """(student, discipline, result, warnings) of the advisor's students in their current term: a bounded number of
    queries (students, registrations, cells, settings and scale per university)."""
    from people.models import StudentRecord

    students = list(
        StudentRecord.objects.filter(advisor=advisor, status=StudentRecord.Status.ACTIVE).select_related(
            "user", "group", "programme__department__faculty"
        )
    )
    if not students:
        return []
    today = timezone.localdate()
    universities = {s.programme.department.faculty.university_id for s in students}
    terms = {u: Term.objects.filter(academic_year__university_id=u).current(on=today) for u in universities}
    rules = {u: _rules_for(u) for u in universities}
    bands = {u: scale(u) for u in universities}
    term_ids = [t.pk for t in terms.values() if t]
    registrations = list(
        Registration.objects.filter(student__in=students, term_id__in=term_ids).select_related("discipline", "term")
    )
    cells: dict[tuple[int, int, int], list[CellValue]] = {}
    for c in Cell.objects.filter(student__in=students, column__term_id__in=term_ids).select_related("column"):
        key = (c.student_id, c.column.discipline_id, c.column.term_id)
        cells.setdefault(key, []).append(
            CellValue(c.column.kind, c.column.date, c.grade, c.attendance, c.absence_hours)
        )
    for key, values in assignment_values(student_ids=[s.pk for s in students], term_ids=term_ids).items():
        cells.setdefault(key, []).extend(values)
    by_id = {s.pk: s for s in students}
    out = []
    for registration in registrations:
        student = by_id[registration.student_id]
        university = student.programme.department.faculty.university_id
        result = compute(
            cells=cells.get((student.pk, registration.discipline_id, registration.term_id), []),
            term_start=registration.term.start_date,
            rules=rules[university],
            bands=bands[university],
        )
        flags = warnings_for(result, rules[university])
        if flags:
            out.append((student, registration.discipline, result, flags))
    return out

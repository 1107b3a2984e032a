"""CSV/XLSX export of a stream's grid and its import with a dry-run diff and per-row errors (tablib, the format
layer of django-import-export). The export's headers carry each column's id (`… #<id>`), its cells the values as
typed in the grid (grade and attendance mark), so an export imported back changes nothing: nothing is lost.
Applying goes through `cells.cell_save` cell by cell (window, ranges, audit), at the versions read for the diff,
then writes the touched students' final grades as the grid's save does."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.collation import name_order
from schedule.models import StreamChoice

from ..models import Cell
from ..selectors.grid import _ordered, cell_text, discipline_columns, results_for, scale
from .cells import StaleCell, cell_save, check_window, parse_value
from .final import final_grade_sync, registrations_locked

NUMBER, NAME = "student_number", "student"
COLUMN_ID = re.compile(r"#(\d+)\s*$")
FORMATS = ("csv", "xlsx")


def _header(column) -> str:
    label = column.get_kind_display() if column.is_control else column.date.isoformat()
    if column.title:  # a self-study column's title (the import reads only the id after '#')
        label = f"{label} {column.title.replace('#', '')}"
    return f"{label} #{column.pk}"


def grid_export(*, stream, file_format: str) -> bytes | str:
    columns = _ordered(discipline_columns(stream))
    roster = list(
        StreamChoice.objects.filter(stream=stream)
        .select_related("student__user")
        .order_by(*name_order("student__user__"), "student__student_number")
    )
    cells = {
        (c.column_id, c.student_id): c
        for c in Cell.objects.filter(column__in=columns, student_id__in=[r.student_id for r in roster])
    }
    data = tablib.Dataset(headers=[NUMBER, NAME, *(_header(c) for c in columns)])
    for choice in roster:
        student = choice.student
        row = [student.student_number, student.user.get_full_name()]
        row += [cell_text(cells.get((c.pk, student.pk))) for c in columns]
        data.append(row)
    return data.export(file_format)


@dataclass
class Change:
    student: object
    column: object
    old: str
    new: str
    version: int


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number in the file, message)
    applied: int = 0


def _load(upload, file_format: str) -> tablib.Dataset:
    content = upload.read()
    if file_format == "csv":
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The CSV file must be in UTF-8.")) from None
    try:
        return tablib.Dataset().load(content, format=file_format)
    except Exception:  # noqa: BLE001 (tablib and openpyxl raise many kinds on a broken file)
        raise ValidationError(
            _("The file could not be read as %(format)s.") % {"format": file_format.upper()}
        ) from None


def grid_import(*, stream, upload, file_format: str, actor, rules, dry_run: bool = True) -> ImportPlan:
    """Read a file, compare it with the grid, and (unless `dry_run`) save the changed cells. Rows with errors are
    reported and skipped; nothing is saved if any row has an error."""
    if file_format not in FORMATS:
        raise ValidationError(_("Choose a CSV or XLSX file."))
    data = _load(upload, file_format)
    headers = [str(h or "").strip() for h in (data.headers or [])]
    if NUMBER not in headers:
        raise ValidationError(_("The file has no “student_number” column: export the journal to see the format."))
    columns = {c.pk: c for c in discipline_columns(stream)}
    by_header = {}
    for header in headers:
        match = COLUMN_ID.search(header)
        if match:
            column = columns.get(int(match.group(1)))
            if column is None:
                raise ValidationError(_("The column “%(name)s” is not part of this journal.") % {"name": header})
            by_header[header] = column
    roster = {
        c.student.student_number: c.student
        for c in StreamChoice.objects.filter(stream=stream).select_related("student__user")
    }
    cells = {
        (c.column_id, c.student_id): c
        for c in Cell.objects.filter(column__in=list(columns.values()), student__in=list(roster.values()))
    }
    plan = ImportPlan()
    for index, raw in enumerate(data.dict, start=2):
        row = {str(k or "").strip(): ("" if v is None else str(v).strip()) for k, v in raw.items()}
        number = row.get(NUMBER, "")
        student = roster.get(number)
        if student is None:
            plan.errors.append((index, _("Student ID “%(number)s” is not in the stream.") % {"number": number}))
            continue
        for header, column in by_header.items():
            new = row.get(header, "")
            if new.endswith(".0") and new[:-2].isdigit():  # spreadsheets turn 85 into 85.0
                new = new[:-2]
            cell = cells.get((column.pk, student.pk))
            old = cell_text(cell)
            try:
                parsed = parse_value(new, column=column)
            except ValidationError as error:
                plan.errors.append((index, f"{header}: {' '.join(error.messages)}"))
                continue
            if cell is not None and parsed.grade == cell.grade and parsed.attendance == cell.attendance:
                continue
            if cell is None and parsed.grade is None and not parsed.attendance:
                continue
            try:
                check_window(column=column, stream=stream, rules=rules)
            except ValidationError as error:
                plan.errors.append((index, f"{header}: {' '.join(error.messages)}"))
                continue
            plan.changes.append(Change(student, column, old, new, cell.version if cell else 0))
    if dry_run or plan.errors:
        return plan
    touched = sorted({change.student.pk for change in plan.changes})
    term = stream.term
    with transaction.atomic():
        # the registrations first, as the grid's save takes them (services.final.registrations_locked)
        registrations = registrations_locked(student_ids=touched, discipline_id=stream.discipline_id, term_id=term.pk)
        for change in plan.changes:
            try:
                cell_save(
                    column=change.column,
                    student_id=change.student.pk,
                    stream=stream,
                    text=change.new,
                    version=change.version,
                    actor=actor,
                    rules=rules,
                    reason="import",
                )
            except StaleCell:
                transaction.set_rollback(True)
                plan.errors.append((0, _("The journal changed while importing: nothing was saved; try again.")))
                return plan
            plan.applied += 1
        if touched:
            bands = scale(term.academic_year.university_id)
            results = results_for(
                student_ids=touched, discipline_id=stream.discipline_id, term=term, rules=rules, bands=bands
            )
            for student_id in touched:
                final_grade_sync(
                    student_id=student_id,
                    discipline_id=stream.discipline_id,
                    term_id=term.pk,
                    result=results[student_id][1],
                    actor=actor,
                    registration=registrations.get(student_id),
                    bands=bands,
                )
    return plan

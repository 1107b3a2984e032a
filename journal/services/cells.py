"""Saving one cell of the journal (docs/modules.md#journal): parse, check, refuse a stale save, audit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schedule.selectors.timetable import monday_of

from ..models import Attendance, Cell, CellChange, Column, Unlock

# What a teacher may type for attendance, in any of the three languages (a number alone is a grade, present).
ATTENDANCE_CODES = {
    "a": Attendance.ABSENT,
    "н": Attendance.ABSENT,
    "нб": Attendance.ABSENT,
    "ж": Attendance.ABSENT,
    "l": Attendance.LATE,
    "о": Attendance.LATE,
    "оп": Attendance.LATE,
    "к": Attendance.LATE,
    "e": Attendance.EXCUSED,
    "у": Attendance.EXCUSED,
    "ув": Attendance.EXCUSED,
    "с": Attendance.EXCUSED,
    "p": Attendance.PRESENT,
    "+": Attendance.PRESENT,
}
TOKEN = re.compile(r"[^\s;/]+")


class StaleCell(Exception):
    """The cell changed since the page was loaded: the newer cell is attached."""

    def __init__(self, cell: Cell):
        super().__init__("stale")
        self.cell = cell


@dataclass(frozen=True)
class Parsed:
    grade: Decimal | None
    attendance: str


def parse_value(text: str, *, column: Column) -> Parsed:
    """'85' → grade 85; 'н', 'a' → absent; '70 l' → 70, late; '' → empty. Raises ValidationError with a message."""
    grade = None
    attendance = ""
    for token in TOKEN.findall((text or "").strip().lower()):
        code = ATTENDANCE_CODES.get(token)
        if code is not None:
            if not column.takes_attendance:
                raise ValidationError(_("Attendance is marked only in lesson columns."))
            attendance = code
            continue
        try:
            number = Decimal(token.replace(",", "."))
        except InvalidOperation:
            raise ValidationError(
                _("“%(value)s” is neither a grade from 0 to 100 nor an attendance mark.") % {"value": token}
            ) from None
        if not number.is_finite() or not (0 <= number <= 100):
            raise ValidationError(_("A grade must be between 0 and 100."))
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError(_("A grade has at most two decimal places."))
        grade = number
    if grade is not None and attendance in (Attendance.ABSENT, Attendance.EXCUSED):
        raise ValidationError(_("A student marked absent cannot have a grade for the lesson."))
    if grade is not None and column.takes_attendance and not attendance:
        attendance = Attendance.PRESENT
    return Parsed(grade=grade, attendance=attendance)


def editable_until(*, column: Column, rules) -> dt.date:
    return column.date + dt.timedelta(days=rules.edit_window_days)


def check_window(*, column: Column, stream, rules, today: dt.date | None = None) -> None:
    """A column is changed from its date until the window closes; later only within a registrar's unlock."""
    today = today or timezone.localdate()
    if column.date > today:
        raise ValidationError(_("This column's date has not come yet."))
    if today <= editable_until(column=column, rules=rules):
        return
    if Unlock.objects.filter(stream=stream, week_start=monday_of(column.date), until__gt=timezone.now()).exists():
        return
    raise ValidationError(
        _(
            "The week of %(date)s is closed: marks are entered within %(days)s days. Ask the registrar's office to unlock it."  # noqa: E501
        )
        % {"date": column.date.strftime("%d.%m.%Y"), "days": rules.edit_window_days}
    )


def cell_save(
    *, column: Column, student_id: int, stream, text: str, version: int, actor, rules, reason: str = "", today=None
) -> Cell:
    """Save a cell typed as `text` over the `version` the teacher saw (0: the cell was empty, no row).

    Refuses, before anything is written: a value out of range or unreadable, a closed week (ValidationError with
    the message), a stale version (StaleCell with the newer cell). An unchanged value is not saved again. Every
    change writes a CellChange (who, when, old → new, reason). The grid's save is services.entry.cell_enter, which
    also recomputes the row and its final grade."""
    parsed = parse_value(text, column=column)
    check_window(column=column, stream=stream, rules=rules, today=today)
    with transaction.atomic():
        return cell_write(
            column=column, student_id=student_id, parsed=parsed, version=version, actor=actor, reason=reason
        )


def cell_write(*, column: Column, student_id: int, parsed: Parsed, version: int, actor, reason: str = "") -> Cell:
    """The write of cell_save, checked already: inside the caller's transaction, the cell locked, its version
    compared (StaleCell), the value and its audit line written."""
    cell = Cell.objects.select_for_update().filter(column=column, student_id=student_id).first()
    current = cell.version if cell is not None else 0
    if current != version:
        raise StaleCell(cell)
    old_grade = cell.grade if cell else None
    old_attendance = cell.attendance if cell else ""
    if cell is not None and old_grade == parsed.grade and old_attendance == parsed.attendance:
        return cell
    hours = column.hours if parsed.attendance in (Attendance.ABSENT, Attendance.EXCUSED) else 0
    if cell is None:
        try:
            with transaction.atomic():  # a savepoint: the insert may meet another teacher's
                cell = Cell.objects.create(
                    column=column,
                    student_id=student_id,
                    grade=parsed.grade,
                    attendance=parsed.attendance,
                    absence_hours=hours,
                    updated_by=actor,
                )
        except IntegrityError:  # another teacher created it a moment ago
            raise StaleCell(Cell.objects.get(column=column, student_id=student_id)) from None
    else:
        cell.grade, cell.attendance, cell.absence_hours = parsed.grade, parsed.attendance, hours
        cell.version += 1
        cell.updated_by = actor
        cell.save(update_fields=["grade", "attendance", "absence_hours", "version", "updated_by", "updated_at"])
    CellChange.objects.create(
        cell=cell,
        actor=actor,
        old_grade=old_grade,
        new_grade=parsed.grade,
        old_attendance=old_attendance,
        new_attendance=parsed.attendance,
        reason=reason[:255],
    )
    return cell


@transaction.atomic
def unlock_create(*, stream, week_start: dt.date, until: dt.datetime, actor, reason: str = "") -> Unlock:
    """The registrar opens one week of a stream after its window, until a moment."""
    if until <= timezone.now():
        raise ValidationError(_("The unlock must end in the future."))
    return Unlock.objects.create(
        stream=stream, week_start=monday_of(week_start), until=until, reason=reason[:255], created_by=actor
    )

"""The journal's columns: settings of a university, a stream's columns laid out from its timetable, and the
self-study columns its teacher adds, edits and deletes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from academic_calendar.models import Holiday
from audit.models import AuditAction
from audit.services import audit_record_create
from schedule.selectors.timetable import monday_of, slot_dates

from ..models import Cell, Column, ColumnKind, JournalSettings
from ..permissions import can_edit_grid

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


# --- Self-study columns (docs/modules.md#journal) ------------------------------------------------------------------

TITLE_MAX = 200


def _self_study_check(*, stream, title: str, date: dt.date | None, actor) -> str:
    """The teacher's own stream, a title of at most 200 characters, a date within the stream's term: the clean
    title, or a ValidationError by field."""
    if not can_edit_grid(actor, stream):
        raise PermissionDenied
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the self-study column a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title is longer than %(max)s characters.") % {"max": TITLE_MAX}
    term = stream.term
    if date is None:
        errors["date"] = _("Give the self-study column a date.")
    elif not (term.start_date <= date <= term.end_date):
        errors["date"] = _("The date must fall within the stream's term, %(start)s–%(end)s.") % {
            "start": term.start_date.strftime("%d.%m.%Y"),
            "end": term.end_date.strftime("%d.%m.%Y"),
        }
    if errors:
        raise ValidationError(errors)
    return title


def _own_self_study(column: Column) -> None:
    if column.kind != ColumnKind.SELF_STUDY or column.stream_id is None:
        raise ValidationError(_("Only a stream's self-study columns can be changed here."))


@transaction.atomic
def self_study_column_create(*, stream, title: str, date: dt.date, actor) -> Column:
    """A self-study (СӨЖ) column of the teacher's stream, dated within its term; one academic hour."""
    title = _self_study_check(stream=stream, title=title, date=date, actor=actor)
    column = Column.objects.create(
        discipline_id=stream.discipline_id,
        term_id=stream.term_id,
        stream=stream,
        kind=ColumnKind.SELF_STUDY,
        date=date,
        title=title,
    )
    _audit(column, AuditAction.JOURNAL_COLUMN_ADD, actor, before=None, after=_described(column))
    return column


def _described(column: Column) -> dict:
    return {"title": column.title, "date": column.date.isoformat()}


def _audit(column: Column, action, actor, *, before, after) -> None:
    summary = f"{column.stream_id}: {column.title} {column.date.isoformat()}"
    audit_record_create(actor=actor, action=action, target=column, summary=summary, before=before, after=after)


@transaction.atomic
def self_study_column_update(*, column: Column, title: str, date: dt.date, actor) -> Column:
    """A new title or date of a self-study column (its cells stay, and count in the half of the new date)."""
    _own_self_study(column)
    before = _described(column)
    column.title = _self_study_check(stream=column.stream, title=title, date=date, actor=actor)
    column.date = date
    column.save(update_fields=["title", "date"])
    if _described(column) != before:
        _audit(column, AuditAction.JOURNAL_COLUMN_EDIT, actor, before=before, after=_described(column))
    return column


@transaction.atomic
def self_study_column_delete(*, column: Column, actor) -> None:
    """Delete a self-study column that holds nothing: a column with any cell is kept, since its cells carry the
    audited history of their changes (CellChange) that a delete would erase. Graded assignments count as
    self-study by themselves, never through a column (selectors.grid.assignment_values), so no column is fed by
    one and a delete never touches them."""
    _own_self_study(column)
    if not can_edit_grid(actor, column.stream):
        raise PermissionDenied
    # the column's row locked: a cell being saved at this moment waits for the delete, then fails on its column
    Column.objects.select_for_update().filter(pk=column.pk).first()
    cells = Cell.objects.filter(column=column)
    if cells.exclude(grade__isnull=True, attendance="").exists():
        raise ValidationError(_("The column holds marks: clear its cells first, then delete it."))
    if cells.exists():
        raise ValidationError(
            _("The column's cells have a history of changes, which a delete would erase: rename it instead.")
        )
    _audit(column, AuditAction.JOURNAL_COLUMN_DELETE, actor, before=_described(column), after=None)
    column.delete()

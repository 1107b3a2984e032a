"""One cell typed in the grid (docs/modules.md#journal): checked, saved, its row recomputed and the student's
final grade written, in one transaction, under the registration's lock (services.final.registrations_locked)."""

from __future__ import annotations

from django.db import transaction

from ..models import Cell, Column
from ..selectors.grid import results_for
from .cells import cell_write, check_window, parse_value
from .final import final_grade_sync, registrations_locked
from .ratings import Result


def cell_enter(
    *, stream, column: Column, student_id: int, text: str, version: int, actor, rules, bands, today=None
) -> tuple[Cell, Result]:
    """Save what the teacher typed into one cell over the `version` they saw; answer the cell and the student's
    result (R1, R2, RD, final) computed from every cell of the discipline after the save.

    Refuses with nothing written: a ValidationError (unreadable, out of range, closed week) or StaleCell (the cell
    changed since the teacher's page: the newer cell attached). `bands` is the university's scale."""
    parsed = parse_value(text, column=column)
    check_window(column=column, stream=stream, rules=rules, today=today)
    discipline_id, term = stream.discipline_id, stream.term
    with transaction.atomic():
        registration = registrations_locked(student_ids=[student_id], discipline_id=discipline_id, term_id=term.pk)
        cell = cell_write(column=column, student_id=student_id, parsed=parsed, version=version, actor=actor)
        _own, result = results_for(
            student_ids=[student_id], discipline_id=discipline_id, term=term, rules=rules, bands=bands
        )[student_id]
        final_grade_sync(
            student_id=student_id,
            discipline_id=discipline_id,
            term_id=term.pk,
            result=result,
            actor=actor,
            registration=registration.get(student_id),
            bands=bands,
        )
    return cell, result

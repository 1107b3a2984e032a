"""Final grades computed by the journal flow into curriculum.FinalGrade (the transcript and the statuses read it)."""

from __future__ import annotations

from django.db import transaction

from curriculum.models import FinalGrade, Registration
from curriculum.services.grading import final_grade_set, final_grade_withdraw

from .ratings import Result

UNSET = object()


def registrations_locked(*, student_ids, discipline_id: int, term_id: int) -> dict[int, Registration]:
    """The students' registrations for the discipline with their final grades, locked (in the students' order)
    until the transaction ends. Every journal write that recomputes a final takes these locks before it touches a
    cell, so two teachers saving the same student's cells (the lecture's and the practice's) compute the final one
    after the other, each from the other's committed cells (docs/modules.md#journal)."""
    rows = (
        Registration.objects.select_for_update(no_key=True)  # the rows referencing it stay free to be checked
        .filter(student_id__in=sorted(set(student_ids)), discipline_id=discipline_id, term_id=term_id)
        .order_by("student_id")
        # read after the lock is held, in its own query: a join in the locking query would show the final grade
        # as it was before the wait (PostgreSQL re-reads only the locked row), not the one just committed
        .prefetch_related("final_grade")
    )
    return {r.student_id: r for r in rows}


@transaction.atomic(savepoint=False)
def final_grade_sync(
    *,
    student_id: int,
    discipline_id: int,
    term_id: int,
    result: Result,
    actor,
    registration=UNSET,
    bands=None,
) -> FinalGrade | None:
    """Write the computed final of a student's discipline to its registration's FinalGrade when it differs from what
    is stored, or withdraw the stored one when the marks no longer give a final (docs/domain.md#admission-rating:
    computed only when RD admits and the exam is present). A registration-less student (a guest) has none to write.
    `registration` (from registrations_locked, None for none) and `bands` (the scale) are read instead of queried
    when given."""
    if registration is UNSET:
        registration = (
            Registration.objects.filter(student_id=student_id, discipline_id=discipline_id, term_id=term_id)
            .select_related("student__programme__department__faculty", "final_grade")
            .first()
        )
    if registration is None:
        return None
    stored = getattr(registration, "final_grade", None)
    if result.final is None:
        if stored is not None:
            final_grade_withdraw(registration=registration, actor=actor)
        return None
    exam = result.exam_used
    if (
        stored is not None
        and stored.percent == result.final
        and stored.admission_rating == result.rd
        and stored.exam == exam
    ):
        return stored
    return final_grade_set(
        registration=registration,
        percent=result.final,
        actor=actor,
        admission_rating=result.rd,
        exam=exam,
        bands=bands,
    )

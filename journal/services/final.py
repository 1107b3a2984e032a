"""Final grades computed by the journal flow into curriculum.FinalGrade (the transcript and the statuses read it)."""

from __future__ import annotations

from django.db import transaction

from curriculum.models import FinalGrade, Registration
from curriculum.services.grading import final_grade_set

from .ratings import Result


@transaction.atomic
def final_grade_sync(*, student_id: int, discipline_id: int, term_id: int, result: Result, actor) -> FinalGrade | None:
    """Write the computed final of a student's discipline to its registration's FinalGrade, when it is computed and
    differs from what is stored (a registration-less student, e.g. a guest, has none to write)."""
    if result.final is None:
        return None
    registration = (
        Registration.objects.filter(student_id=student_id, discipline_id=discipline_id, term_id=term_id)
        .select_related("student__programme__department__faculty", "final_grade")
        .first()
    )
    if registration is None:
        return None
    stored = getattr(registration, "final_grade", None)
    exam = result.exam_used
    if (
        stored is not None
        and stored.percent == result.final
        and stored.admission_rating == result.rd
        and stored.exam == exam
    ):
        return stored
    return final_grade_set(
        registration=registration, percent=result.final, actor=actor, admission_rating=result.rd, exam=exam
    )

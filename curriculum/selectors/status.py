"""Discipline statuses of a student, always derived from registrations and final grades, never stored.

docs/domain.md#grading-scale: NOT TAKEN, IN PROGRESS (in the IUP, not graded yet), PASSED (graded, satisfactory),
FAILED. The latest registration of a discipline (by term) decides:
- no registration                       -> NOT TAKEN
- the latest one has no final grade     -> IN PROGRESS (also a registration for the next term)
- the latest one has a passing grade    -> PASSED
- the latest one has a failing grade    -> FAILED (a newer registration would make it IN PROGRESS)
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import FinalGrade, Registration


class DisciplineStatus(models.TextChoices):
    NOT_TAKEN = "not_taken", _("Not taken")
    IN_PROGRESS = "in_progress", _("In progress")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


# Bootstrap badge classes and icons of each status (the manual's green notebook: registrable).
STATUS_BADGE = {
    DisciplineStatus.NOT_TAKEN: "text-bg-light border",
    DisciplineStatus.IN_PROGRESS: "text-bg-primary",
    DisciplineStatus.PASSED: "text-bg-success",
    DisciplineStatus.FAILED: "text-bg-danger",
}
STATUS_ICON = {
    DisciplineStatus.NOT_TAKEN: "journal",
    DisciplineStatus.IN_PROGRESS: "hourglass-split",
    DisciplineStatus.PASSED: "check-circle",
    DisciplineStatus.FAILED: "x-circle",
}
# What each status means, for the legend beside the curriculum.
STATUS_HINT = {
    DisciplineStatus.NOT_TAKEN: _("not registered yet"),
    DisciplineStatus.IN_PROGRESS: _("in your IUP, not graded yet"),
    DisciplineStatus.PASSED: _("graded, satisfactory"),
    DisciplineStatus.FAILED: _("must be taken again"),
}
REGISTRABLE = frozenset({DisciplineStatus.NOT_TAKEN, DisciplineStatus.FAILED})


@dataclass(frozen=True)
class StatusInfo:
    status: str
    registration: Registration | None = None  # the latest one
    grade: FinalGrade | None = None  # the grade of the latest registration, if any

    @property
    def label(self):
        return DisciplineStatus(self.status).label

    @property
    def badge(self) -> str:
        return STATUS_BADGE[self.status]

    @property
    def icon(self) -> str:
        return STATUS_ICON[self.status]

    @property
    def hint(self):
        return STATUS_HINT[self.status]

    @property
    def registrable(self) -> bool:
        return self.status in REGISTRABLE


NOT_TAKEN = StatusInfo(DisciplineStatus.NOT_TAKEN)
STATUS_LEGEND = tuple(StatusInfo(status) for status in DisciplineStatus)


class StudentStatuses(dict):
    """discipline_id -> StatusInfo for every discipline the student ever registered; NOT TAKEN otherwise.

    Also keeps every registration (in term order), so pages can count credits per term without another query.
    """

    def __init__(self, registrations: list[Registration]):
        super().__init__()
        self.registrations = registrations
        for registration in registrations:  # in term order: the last one wins
            grade = getattr(registration, "final_grade", None)
            if grade is None:
                status = DisciplineStatus.IN_PROGRESS
            elif grade.passing:
                status = DisciplineStatus.PASSED
            else:
                status = DisciplineStatus.FAILED
            self[registration.discipline_id] = StatusInfo(status, registration, grade)

    def of(self, discipline_id: int) -> StatusInfo:
        return self.get(discipline_id, NOT_TAKEN)

    def registrations_in(self, term_id: int) -> list[Registration]:
        return [r for r in self.registrations if r.term_id == term_id]


def discipline_statuses(*, student) -> StudentStatuses:
    """All statuses of a student in one query (registrations joined with their term, discipline and grade)."""
    registrations = list(
        Registration.objects.filter(student=student)
        .select_related("final_grade", "term", "discipline")
        .order_by("term__start_date", "created_at", "pk")
    )
    return StudentStatuses(registrations)

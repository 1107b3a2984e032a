"""Reads of the assignments module: the student's list and board, the task page, the teacher's assignments and
queue, and the graded work the journal counts as self-study. Each runs a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from people.models import StudentRecord

from .models import Assignment, LatePolicy, Submission, ThreadMessage


class Progress(models.TextChoices):
    """Where a task stands for the student: the columns of the board, in the order work passes through them."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("In progress")
    RETURNED = "returned", _("Returned for rework")
    OVERDUE = "overdue", _("Overdue")
    SUBMITTED = "submitted", _("Sent for checking")
    GRADED = "graded", _("Graded")


# Bootstrap's emphasis colours for the status labels (contrast AA on their subtle backgrounds).
PROGRESS_COLOURS = {
    Progress.NOT_STARTED: "secondary",
    Progress.DRAFT: "primary",
    Progress.RETURNED: "warning",
    Progress.OVERDUE: "danger",
    Progress.SUBMITTED: "info",
    Progress.GRADED: "success",
}


def progress_of(assignment: Assignment, submission: Submission | None, now: dt.datetime) -> str:
    status = submission.status if submission else None
    if status == Submission.Status.GRADED:
        return Progress.GRADED
    if status == Submission.Status.SUBMITTED:
        return Progress.SUBMITTED
    if status == Submission.Status.RETURNED:
        return Progress.RETURNED
    if now > assignment.deadline:
        return Progress.OVERDUE
    return Progress.DRAFT if status == Submission.Status.DRAFT else Progress.NOT_STARTED


@dataclass
class TaskRow:
    assignment: Assignment
    submission: Submission | None
    progress: str

    @property
    def progress_label(self):
        return Progress(self.progress).label

    @property
    def colour(self) -> str:
        return PROGRESS_COLOURS[self.progress]

    @property
    def open_for_late_work(self) -> bool:
        return self.assignment.late_policy == LatePolicy.PENALTY


@dataclass
class Column:
    status: str
    label: str
    colour: str
    hidden: bool
    rows: list[TaskRow] = field(default_factory=list)


@dataclass
class StudentTasks:
    rows: list[TaskRow]
    columns: list[Column]
    counts: dict[str, int]


def student_tasks(
    *, student: StudentRecord, now: dt.datetime, status: str | None = None, hidden: frozenset[str] = frozenset()
) -> StudentTasks:
    """The student's assignments of every stream they chose, with their submission: 2 queries (+1 for files)."""
    assignments = list(
        Assignment.objects.filter(stream__choices__student=student)
        .select_related("stream__discipline")
        .prefetch_related("files")
        .order_by("deadline", "pk")
    )
    submissions = {
        s.assignment_id: s
        for s in Submission.objects.filter(student=student, assignment__in=[a.pk for a in assignments]).only(
            "pk", "assignment_id", "status", "points", "final_points", "days_late", "submitted_at", "penalty"
        )
    }
    every = [TaskRow(a, submissions.get(a.pk), progress_of(a, submissions.get(a.pk), now)) for a in assignments]
    counts = {value: 0 for value in Progress.values}
    for row in every:
        counts[row.progress] += 1
    rows = [row for row in every if status is None or row.progress == status]
    columns = []
    for value, label in Progress.choices:
        if status is not None and value != status:
            continue
        columns.append(
            Column(value, label, PROGRESS_COLOURS[value], value in hidden, [r for r in rows if r.progress == value])
        )
    return StudentTasks(rows=rows, columns=columns, counts=counts)


def thread_for(*, assignment: Assignment, student: StudentRecord) -> list[ThreadMessage]:
    return list(
        ThreadMessage.objects.filter(assignment=assignment, student=student)
        .select_related("author")
        .order_by("created_at", "pk")
    )


# --- The teacher's side --------------------------------------------------------------------------------------------


@dataclass
class TaughtAssignment:
    assignment: Assignment
    students: int
    to_check: int
    graded: int


def teacher_assignments(*, teacher) -> list[TaughtAssignment]:
    """The assignments of the teacher's streams with how many wait for a check: 1 query."""
    assignments = (
        Assignment.objects.filter(stream__teacher_id=teacher.pk)
        .select_related("stream__discipline", "stream__term")
        .annotate(
            to_check=Count("submissions", filter=Q(submissions__status=Submission.Status.SUBMITTED), distinct=True),
            graded=Count("submissions", filter=Q(submissions__status=Submission.Status.GRADED), distinct=True),
        )
        .order_by("-deadline", "-pk")
    )
    return [TaughtAssignment(a, a.stream.taken, a.to_check, a.graded) for a in assignments]


@dataclass
class QueueRow:
    student: StudentRecord
    submission: Submission | None
    progress: str

    @property
    def progress_label(self):
        return Progress(self.progress).label

    @property
    def colour(self) -> str:
        return PROGRESS_COLOURS[self.progress]


def assignment_queue(*, assignment: Assignment, now: dt.datetime) -> list[QueueRow]:
    """Every student of the stream with their work, sent work first (oldest first): 2 queries."""
    students = list(
        StudentRecord.objects.filter(stream_choices__stream_id=assignment.stream_id)
        .select_related("user", "group")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    submissions = {s.student_id: s for s in Submission.objects.filter(assignment=assignment)}
    rows = [QueueRow(s, submissions.get(s.pk), progress_of(assignment, submissions.get(s.pk), now)) for s in students]
    first = {Progress.SUBMITTED: 0, Progress.RETURNED: 1, Progress.GRADED: 2}
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(
        rows,
        key=lambda r: (first.get(r.progress, 3), r.submission.submitted_at or far if r.submission else far),
    )


# --- For the journal -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradedWork:
    """A graded submission as the journal counts it (self-study): `points` are after the late penalty."""

    assignment_id: int
    stream_id: int
    student_id: int  # people.StudentRecord pk
    title: str
    points: int
    max_points: int
    graded_at: dt.datetime
    discipline_id: int = 0
    term_id: int = 0
    deadline: dt.datetime | None = None


def stream_assignments(*, stream_id: int) -> list[Assignment]:
    """The assignments set for a stream, by deadline, in one query (the discipline chat's homework mode lists them)."""
    return list(
        Assignment.objects.filter(stream_id=stream_id).order_by("deadline", "pk").only("pk", "title", "deadline")
    )


def graded_work_for_streams(stream_ids) -> list[GradedWork]:
    """Every graded submission of assignments of these streams, in one query, by stream, deadline, student."""
    rows = (
        Submission.objects.filter(assignment__stream_id__in=list(stream_ids), status=Submission.Status.GRADED)
        .order_by("assignment__stream_id", "assignment__deadline", "assignment_id", "student_id")
        .values_list(
            "assignment_id",
            "assignment__stream_id",
            "student_id",
            "assignment__title",
            "final_points",
            "assignment__max_points",
            "graded_at",
        )
    )
    return [GradedWork(*row) for row in rows]


def graded_work_of_students(*, student_ids, term_ids, discipline_id: int | None = None) -> list[GradedWork]:
    """The graded work of these students in these terms (one discipline's, or all), in one query, with each
    assignment's discipline, term and deadline: the journal counts it as self-study (docs/modules.md#journal)."""
    rows = Submission.objects.filter(
        student_id__in=list(student_ids),
        assignment__stream__term_id__in=list(term_ids),
        status=Submission.Status.GRADED,
    )
    if discipline_id is not None:
        rows = rows.filter(assignment__stream__discipline_id=discipline_id)
    rows = rows.order_by("assignment__deadline", "assignment_id", "student_id").values_list(
        "assignment_id",
        "assignment__stream_id",
        "student_id",
        "assignment__title",
        "final_points",
        "assignment__max_points",
        "graded_at",
        "assignment__stream__discipline_id",
        "assignment__stream__term_id",
        "assignment__deadline",
    )
    return [GradedWork(*row) for row in rows]

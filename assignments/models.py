"""Assignments (docs/modules.md#assignments): a task a teacher sets for a stream, each student's submission, and
their thread.

The title, description and reading list are plain fields, not kk/ru/en translations: an assignment is written by
one teacher, once, in the stream's language of instruction (schedule.Stream.language), and its students read it
in that language. Translating it three times would be work nobody does for homework.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LatePolicy(models.TextChoices):
    CLOSED = "closed", _("Closed after the deadline")
    PENALTY = "penalty", _("Accepted with a penalty per day")


class Assignment(models.Model):
    """A task of one stream. Allowed answer formats are three switches; at least one is on."""

    stream = models.ForeignKey("schedule.Stream", on_delete=models.PROTECT, related_name="assignments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_assignments",
        verbose_name=_("teacher"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reading = models.TextField(_("recommended reading"), blank=True, help_text=_("One source a line."))
    deadline = models.DateTimeField(_("deadline"))
    allow_text = models.BooleanField(_("text answer"), default=True)
    allow_file = models.BooleanField(_("file answer"), default=False)
    allow_link = models.BooleanField(_("link answer"), default=False)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=100, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    late_policy = models.CharField(_("late work"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.CLOSED)
    penalty_per_day = models.PositiveSmallIntegerField(
        _("penalty per day late, %"), default=0, validators=[MaxValueValidator(100)]
    )
    penalty_floor = models.PositiveSmallIntegerField(
        _("least share kept, %"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("However late, the work keeps at least this share of its points."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(allow_text=True) | Q(allow_file=True) | Q(allow_link=True), name="assignment_some_format"
            ),
            models.CheckConstraint(condition=Q(max_points__gte=1, max_points__lte=100), name="assignment_max_points"),
            models.CheckConstraint(
                condition=Q(penalty_per_day__lte=100, penalty_floor__lte=100), name="assignment_penalty_percent"
            ),
        ]
        indexes = [models.Index(fields=["stream", "deadline"], name="assignment_stream_idx")]

    def __str__(self):
        return self.title

    @property
    def formats(self) -> list[str]:
        return [
            name for name, on in (("text", self.allow_text), ("file", self.allow_file), ("link", self.allow_link)) if on
        ]


def material_path(instance, filename: str) -> str:
    return f"assignments/materials/{instance.assignment_id}/{instance.token}"


def answer_path(instance, filename: str) -> str:
    return f"assignments/answers/{instance.submission_id}/{instance.token}"


class StoredFile(models.Model):
    """A checked upload (assignments/files.py) stored under a random `token`; the name the person gave is kept
    apart, with the type its content showed."""

    token = models.CharField(max_length=32, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class AssignmentFile(StoredFile):
    """A material file of the task."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=material_path, max_length=255)

    class Meta:
        ordering = ["assignment", "id"]
        verbose_name = _("material file")
        verbose_name_plural = _("material files")


class Submission(models.Model):
    """One student's answer to one assignment: a draft until sent; the teacher grades it or returns it for rework.

    `points` is what the teacher gave; `final_points` is after the late penalty (docs/domain.md#admission-rating:
    assignments count in the current control); `days_late` and `penalty` are kept as they were when the work was
    sent, so the grade shows how it was reached."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Sent for checking")
        RETURNED = "returned", _("Returned for rework")
        GRADED = "graded", _("Graded")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="submissions")
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="submissions")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    text = models.TextField(_("answer"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    days_late = models.PositiveSmallIntegerField(_("days late"), default=0)
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    penalty = models.PositiveSmallIntegerField(_("late penalty, %"), default=0)
    final_points = models.PositiveSmallIntegerField(_("final points"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "student"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="submission_one_per_student"),
            models.CheckConstraint(
                condition=Q(status="graded", points__isnull=False, final_points__isnull=False)
                | (~Q(status="graded") & Q(final_points__isnull=True)),
                name="submission_graded_has_points",
            ),
        ]
        indexes = [models.Index(fields=["student", "status"], name="submission_student_idx")]

    def __str__(self):
        return f"{self.assignment_id} · {self.student_id}"


class SubmissionFile(StoredFile):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=answer_path, max_length=255)

    class Meta:
        ordering = ["submission", "id"]
        verbose_name = _("answer file")
        verbose_name_plural = _("answer files")


class ThreadMessage(models.Model):
    """A message of the thread about one assignment between one student and the stream's teacher (§2.11.1)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="messages")
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="assignment_messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("thread message")
        verbose_name_plural = _("thread messages")
        indexes = [models.Index(fields=["assignment", "student", "created_at"], name="thread_idx")]

    def __str__(self):
        return f"{self.assignment_id} · {self.student_id} · {self.author_id}"

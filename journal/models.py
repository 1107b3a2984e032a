"""The journal (docs/modules.md#journal): columns of a stream, one cell per student and column, the audit of every
cell change, the university's journal settings and the registrar's unlocks.

Lesson columns belong to one stream (its dated lessons, from the timetable). Control columns (midterms РК1 and
РК2, exam, retake) belong to the discipline and term, with no stream: the lecture and the practice teacher of the
same students see and grade the same control cells, and the ratings are computed from both streams' lessons.
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JournalSettings(models.Model):
    """The university's rules of the journal (docs/domain.md#ratings-and-the-final-grade), seeded with defaults."""

    university = models.OneToOneField(
        "university.University", on_delete=models.CASCADE, related_name="journal_settings"
    )
    edit_window_days = models.PositiveSmallIntegerField(_("days to enter a week's marks"), default=10)
    absence_limit_hours = models.PositiveSmallIntegerField(_("limit of unexcused absences, hours"), default=36)
    certificate_window_days = models.PositiveSmallIntegerField(_("days to hand in a medical certificate"), default=3)
    absence_warning_share = models.DecimalField(
        _("warn at this share of the absence limit"), max_digits=3, decimal_places=2, default=Decimal("0.75")
    )
    r1_week = models.PositiveSmallIntegerField(_("week of the first midterm (R1)"), default=8)
    r2_week = models.PositiveSmallIntegerField(_("week of the second midterm (R2)"), default=15)
    current_weight = models.DecimalField(
        _("weight of the current control in R"), max_digits=3, decimal_places=2, default=Decimal("0.50")
    )
    midterm_weight = models.DecimalField(
        _("weight of the midterm control in R"), max_digits=3, decimal_places=2, default=Decimal("0.50")
    )
    rating_weight = models.DecimalField(
        _("weight of the admission rating in the final"), max_digits=3, decimal_places=2, default=Decimal("0.60")
    )
    exam_weight = models.DecimalField(
        _("weight of the exam in the final"), max_digits=3, decimal_places=2, default=Decimal("0.40")
    )
    admission_min = models.DecimalField(_("admission rating needed"), max_digits=5, decimal_places=2, default=50)
    each_rating_min = models.BooleanField(_("each of R1 and R2 must reach it too"), default=False)
    exam_pass_min = models.DecimalField(_("exam pass mark"), max_digits=5, decimal_places=2, default=50)

    class Meta:
        ordering = ["university"]
        verbose_name = _("journal settings")
        verbose_name_plural = _("journal settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    current_weight__gte=0, midterm_weight__gte=0, rating_weight__gte=0, exam_weight__gte=0
                ),
                name="journal_settings_weights",
            ),
        ]

    def __str__(self):
        return f"{self.university}"


class ColumnKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    SELF_STUDY = "self_study", _("Self-study")
    MIDTERM1 = "midterm1", pgettext_lazy("journal column", "Midterm 1")
    MIDTERM2 = "midterm2", pgettext_lazy("journal column", "Midterm 2")
    EXAM = "exam", pgettext_lazy("journal column", "Exam")
    RETAKE = "retake", pgettext_lazy("journal column", "Retake")


CONTROL_KINDS = (ColumnKind.MIDTERM1, ColumnKind.MIDTERM2, ColumnKind.EXAM, ColumnKind.RETAKE)


class Column(models.Model):
    """One column of the journal: a dated lesson of a stream, a self-study task, or a control of the discipline."""

    discipline = models.ForeignKey("curriculum.Discipline", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="+")
    stream = models.ForeignKey(
        "schedule.Stream", on_delete=models.CASCADE, related_name="journal_columns", null=True, blank=True
    )
    kind = models.CharField(_("type"), max_length=12, choices=ColumnKind.choices)
    date = models.DateField(_("date"))
    slot = models.ForeignKey("schedule.Slot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    hours = models.PositiveSmallIntegerField(_("academic hours"), default=1)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "kind", "pk"]
        verbose_name = _("journal column")
        verbose_name_plural = _("journal columns")
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "date", "slot"],
                condition=models.Q(kind="lesson"),
                name="journal_lesson_column_unique",
            ),
            models.UniqueConstraint(
                fields=["discipline", "term", "kind"],
                condition=models.Q(kind__in=["midterm1", "midterm2", "exam", "retake"]),
                name="journal_control_column_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["midterm1", "midterm2", "exam", "retake"], stream__isnull=True)
                | (~models.Q(kind__in=["midterm1", "midterm2", "exam", "retake"]) & models.Q(stream__isnull=False)),
                name="journal_column_stream_by_kind",
            ),
        ]
        indexes = [models.Index(fields=["discipline", "term"], name="journal_column_dt_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"

    @property
    def is_control(self) -> bool:
        return self.kind in CONTROL_KINDS

    @property
    def takes_attendance(self) -> bool:
        return self.kind == ColumnKind.LESSON


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")


class Cell(models.Model):
    """A student's grade (0–100) and attendance in one column. `version` grows on every save: a save made on an
    older version is refused as stale (docs/modules.md#journal)."""

    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="cells")
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="journal_cells")
    grade = models.DecimalField(
        _("grade"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, blank=True)
    absence_hours = models.PositiveSmallIntegerField(_("hours missed"), default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["column", "student"]
        verbose_name = _("journal cell")
        verbose_name_plural = _("journal cells")
        constraints = [
            models.UniqueConstraint(fields=["column", "student"], name="journal_cell_unique"),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=0, grade__lte=100),
                name="journal_cell_grade_range",
            ),
        ]
        indexes = [models.Index(fields=["student", "column"], name="journal_cell_student_idx")]

    def __str__(self):
        return f"{self.student_id} · {self.column_id}: {self.grade} {self.attendance}"


class CellChange(models.Model):
    """The audit of one cell change: who, when, old → new, and why (docs/architecture.md#audit)."""

    cell = models.ForeignKey(Cell, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    old_grade = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    new_grade = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    old_attendance = models.CharField(max_length=8, blank=True)
    new_attendance = models.CharField(max_length=8, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("journal change")
        verbose_name_plural = _("journal changes")

    def __str__(self):
        return f"{self.cell_id}: {self.old_grade}/{self.old_attendance} → {self.new_grade}/{self.new_attendance}"


class Unlock(models.Model):
    """The registrar's permission to change a stream's marks of one week after the window, until a moment."""

    stream = models.ForeignKey("schedule.Stream", on_delete=models.CASCADE, related_name="journal_unlocks")
    week_start = models.DateField(_("week (its Monday)"))
    until = models.DateTimeField(_("open until"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("journal unlock")
        verbose_name_plural = _("journal unlocks")
        indexes = [models.Index(fields=["stream", "week_start"], name="journal_unlock_idx")]

    def __str__(self):
        return f"{self.stream_id} {self.week_start} → {self.until:%Y-%m-%d %H:%M}"


def certificate_path(instance, filename: str) -> str:
    return f"journal/certificates/{instance.student_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:5]}"


class MedicalCertificate(models.Model):
    """A student's medical certificate for days of illness; once confirmed by a teacher of the student or the
    registrar's office, the absences of those days become excused. Handed in within the university's window."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="medical_certificates")
    start_date = models.DateField(_("ill from"))
    end_date = models.DateField(_("ill until"))
    file = models.FileField(_("file"), upload_to=certificate_path)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("handed in"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("medical certificate")
        verbose_name_plural = _("medical certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="medical_certificate_dates"
            ),
        ]

    def __str__(self):
        return f"{self.student_id}: {self.start_date}–{self.end_date}"

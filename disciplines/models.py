"""Syllabi of disciplines (docs/modules.md#my-disciplines, §2.8): weeks, their lessons and materials.

A discipline has one syllabus; its weeks (1..15 or more) have a topic and open their lessons (lecture, practice,
lab: schedule's LessonType); a lesson holds content (basic formatting, sanitised with nh3 when saved), links, a
reading list and files. Every text a person reads is translated (kk/ru/en, disciplines/translation.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import SafeLinkValidator
from schedule.models import LessonType

MAX_WEEKS = 30


class Syllabus(models.Model):
    class ControlForm(models.TextChoices):
        EXAM = "exam", _("Exam")
        DIFF_CREDIT = "diff_credit", _("Graded credit")
        CREDIT = "credit", _("Pass/fail credit")
        PROJECT = "project", _("Course project")

    discipline = models.OneToOneField("curriculum.Discipline", on_delete=models.CASCADE, related_name="syllabus")
    summary = models.TextField(_("summary"), blank=True)
    skills = models.TextField(_("skills and learning outcomes"), blank=True)
    hours_lecture = models.PositiveSmallIntegerField(_("lecture hours"), default=0)
    hours_practice = models.PositiveSmallIntegerField(_("practice hours"), default=0)
    hours_lab = models.PositiveSmallIntegerField(_("lab hours"), default=0)
    hours_self_study = models.PositiveSmallIntegerField(_("self-study hours"), default=0)
    control_form = models.CharField(_("form of control"), max_length=12, choices=ControlForm.choices, default="exam")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("syllabus")
        verbose_name_plural = _("syllabi")

    def __str__(self):
        return str(self.discipline)


class SyllabusWeek(models.Model):
    syllabus = models.ForeignKey(Syllabus, on_delete=models.CASCADE, related_name="weeks")
    number = models.PositiveSmallIntegerField(
        _("week"), validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)]
    )
    topic = models.CharField(_("topic"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["syllabus", "number"]
        verbose_name = _("syllabus week")
        verbose_name_plural = _("syllabus weeks")
        constraints = [
            models.UniqueConstraint(fields=["syllabus", "number"], name="syllabus_week_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=MAX_WEEKS), name="syllabus_week_number_range"
            ),
        ]

    def __str__(self):
        return f"{self.syllabus} · {self.number}"


class Lesson(models.Model):
    week = models.ForeignKey(SyllabusWeek, on_delete=models.CASCADE, related_name="lessons")
    kind = models.CharField(_("type"), max_length=10, choices=LessonType.choices)
    title = models.CharField(_("title"), max_length=255)
    content = models.TextField(_("content"), blank=True, help_text=_("Basic formatting (bold, lists, links) is kept."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week", "order", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self):
        return self.title


class LessonLink(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("link"), max_length=500, validators=[SafeLinkValidator(schemes=("http", "https"))])

    class Meta:
        ordering = ["lesson", "pk"]
        verbose_name = _("lesson link")
        verbose_name_plural = _("lesson links")

    def __str__(self):
        return self.title


class ReadingItem(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reading")
    citation = models.CharField(_("reference"), max_length=500)
    required = models.BooleanField(_("required reading"), default=True)

    class Meta:
        ordering = ["lesson", "-required", "pk"]
        verbose_name = _("reading item")
        verbose_name_plural = _("reading list")

    def __str__(self):
        return self.citation


def lesson_file_path(instance, filename):
    # the stored name is ours, not the uploader's; the original name is kept in `name`
    return f"disciplines/lessons/{instance.lesson_id}/{instance.token}"


class LessonFile(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=lesson_file_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    token = models.CharField(max_length=32, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["lesson", "pk"]
        verbose_name = _("lesson file")
        verbose_name_plural = _("lesson files")

    def __str__(self):
        return self.title

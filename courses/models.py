"""Online courses (SPEC §2.7): a catalogue of courses outside the curriculum, their sections, lessons and materials,
the tests an author attaches (testing.Quiz with audience "course"), a student's enrolment and progress, favourites
and the certificate of completion (docs/modules.md#online-courses)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.models import new_verification_code


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("course category")
        verbose_name_plural = _("course categories")

    def __str__(self):
        return self.name


class Topic(models.Model):
    """A tag of a course; a student's interests are the topics of the courses they enrolled in or flagged."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Course(models.Model):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="courses", verbose_name=_("category"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_courses",
        limit_choices_to={"is_teacher": True},
        verbose_name=_("author"),
    )
    cover = models.ImageField(_("cover image"), upload_to="courses/covers/%Y/", blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.BEGINNER)
    language = models.CharField(_("language of teaching"), max_length=2, choices=Language.choices, default="kk")
    topics = models.ManyToManyField(Topic, blank=True, related_name="courses", verbose_name=_("topics"))
    programmes = models.ManyToManyField(
        "university.Programme",
        blank=True,
        related_name="suggested_courses",
        verbose_name=_("programmes it suits"),
        help_text=_("Students of these programmes see the course among their recommendations."),
    )
    price = models.DecimalField(
        _("price, ₸"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("0: free."),
    )
    needs_moderation = models.BooleanField(
        _("enrolment is approved by a moderator"),
        default=False,
        help_text=_("An application waits until the author or the office approves it (a paid course is paid then)."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("online course")
        verbose_name_plural = _("online courses")
        constraints = [models.CheckConstraint(condition=Q(price__gte=0), name="course_price_not_negative")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:detail", args=[self.pk])

    @property
    def is_free(self) -> bool:
        return self.price == 0


class Section(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["course", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class Lesson(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    video_file = models.FileField(
        _("video file"), upload_to="courses/videos/%Y/", blank=True, help_text=_("MP4 or WebM, at most 500 MB.")
    )
    video_type = models.CharField(max_length=20, blank=True, editable=False)
    video_url = models.URLField(_("video link"), blank=True, help_text=_("A link to the video elsewhere."))
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), null=True, blank=True)

    class Meta:
        ordering = ["section", "position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:lesson", args=[self.pk])


class LessonMaterial(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to="courses/materials/%Y/", blank=True)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["lesson", "position", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="course_material_file_or_link"),
        ]

    def __str__(self):
        return self.name


class CourseTest(models.Model):
    """A test of the course (testing.Quiz with audience "course", the author's settings), during or after it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="tests")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="tests", verbose_name=_("section")
    )
    quiz = models.ForeignKey(
        "testing.Quiz",
        on_delete=models.PROTECT,
        related_name="course_links",
        limit_choices_to={"audience": "course"},
        verbose_name=_("test"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    required_for_completion = models.BooleanField(_("needed to complete the course"), default=True)

    class Meta:
        ordering = ["course", "position", "id"]
        verbose_name = _("course test")
        verbose_name_plural = _("course tests")
        constraints = [models.UniqueConstraint(fields=["course", "quiz"], name="course_test_unique")]

    def __str__(self):
        return str(self.quiz)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Studying")
        REJECTED = "rejected", _("Not approved")
        COMPLETED = "completed", _("Completed")

    OPEN = (Status.ACTIVE, Status.COMPLETED)  # the learner may study the course

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="course_enrolments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    notify = models.BooleanField(_("notifications about the course"), default=True)
    paid_transaction = models.ForeignKey(
        "finance.Transaction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["course", "student"], name="course_enrolment_unique")]
        indexes = [models.Index(fields=["course", "status"], name="course_enrolment_status_idx")]

    def __str__(self):
        return f"{self.course_id}/{self.student_id} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["enrolment", "completed_at"]
        verbose_name = _("lesson done")
        verbose_name_plural = _("lessons done")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="course_lesson_progress_unique")]

    def __str__(self):
        return f"{self.enrolment_id}/{self.lesson_id}"


class Favourite(models.Model):
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="course_favourites")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("favourite course")
        verbose_name_plural = _("favourite courses")
        constraints = [models.UniqueConstraint(fields=["student", "course"], name="course_favourite_unique")]

    def __str__(self):
        return f"{self.student_id}/{self.course_id}"


class CompletionCertificate(models.Model):
    """Issued when an enrolment completes; verified by its code on the public page `courses:verify`. The PDF is
    rendered on demand from what is kept here (the name and title as of the day it was issued)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_verification_code)
    holder_name = models.CharField(_("issued to"), max_length=255)
    course_title = models.CharField(_("course"), max_length=200)
    site_root = models.CharField(max_length=255, blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate of completion")
        verbose_name_plural = _("certificates of completion")

    def __str__(self):
        return f"{self.course_title} ({self.code})"

    def get_absolute_url(self):
        return reverse("courses:verify", args=[self.code])

"""A test and its settings, the questions it draws, and a student's extra time."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .bank import Question, QuestionBank


class Quiz(models.Model):
    class Kind(models.TextChoices):
        EXAM = "exam", pgettext_lazy("test type", "Exam")
        MIDTERM = "midterm", pgettext_lazy("test type", "Midterm")
        CONTROL = "control", pgettext_lazy("test type", "Control")
        QUIZ = "quiz", pgettext_lazy("test type", "Quiz")

    class Audience(models.TextChoices):
        STREAMS = "streams", _("Students of the discipline")
        COURSE = "course", _("Learners of an online course")

    class Navigation(models.TextChoices):
        FREE = "free", _("Free: any question, in any order")
        SEQUENTIAL = "sequential", _("One way: no going back")

    class ShowResults(models.TextChoices):
        AFTER_ATTEMPT = "attempt", _("After the attempt")
        AFTER_WINDOW = "window", _("After the test closes")
        NEVER = "never", _("Not shown")

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quizzes", verbose_name=_("author")
    )
    audience = models.CharField(_("who sits it"), max_length=8, choices=Audience.choices, default=Audience.STREAMS)
    # a test of a discipline's term; blank for a course's test (courses link to theirs)
    discipline = models.ForeignKey(
        "curriculum.Discipline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("discipline"),
    )
    term = models.ForeignKey(
        "university.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("term"),
    )
    streams = models.ManyToManyField(
        "schedule.Stream",
        blank=True,
        related_name="quizzes",
        verbose_name=_("streams"),
        help_text=_("None chosen: every student registered for the discipline this term."),
    )
    timetable_exam = models.ForeignKey(
        "schedule.Exam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("exam of the timetable"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.QUIZ)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration, minutes"), default=40, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    grading = models.CharField(_("result kept"), max_length=8, choices=Grading.choices, default=Grading.HIGHEST)
    navigation = models.CharField(_("navigation"), max_length=10, choices=Navigation.choices, default=Navigation.FREE)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    pass_percent = models.DecimalField(
        _("pass mark, %"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    admission_required = models.BooleanField(
        _("admission needed"), default=False, help_text=_("Only students whose admission rating reaches the threshold.")
    )
    admission_min = models.DecimalField(
        _("admission rating threshold"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Blank: the university's admission rating (the journal's settings)."),
    )
    proctored = models.BooleanField(_("proctored"), default=False)
    proctoring_backend = models.CharField(
        _("proctoring service"), max_length=30, blank=True, help_text=_("Blank: the browser checks of the cabinet.")
    )
    show_percent = models.BooleanField(_("show the percent"), default=True)
    show_points = models.BooleanField(_("show the points"), default=True)
    show_results = models.CharField(
        _("results shown"), max_length=8, choices=ShowResults.choices, default=ShowResults.AFTER_ATTEMPT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opens_at", "id"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="quiz_window",
            ),
            models.CheckConstraint(
                condition=Q(audience="course") | Q(discipline__isnull=False, term__isnull=False),
                name="quiz_streams_discipline",
            ),
        ]
        indexes = [models.Index(fields=["discipline", "term", "status"], name="quiz_discipline_term_idx")]

    def __str__(self):
        return self.title


class QuizQuestion(models.Model):
    """A question every attempt gets."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Blank: the question's own.")
    )

    class Meta:
        ordering = ["quiz", "position", "id"]
        verbose_name = _("question of the test")
        verbose_name_plural = _("questions of the test")
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="quiz_question_unique")]

    def __str__(self):
        return f"{self.quiz_id}/{self.question_id}"


class QuizPool(models.Model):
    """`count` questions drawn at random for each attempt from a bank's category (blank: the whole bank)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="pools")
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="+", verbose_name=_("bank"))
    category = models.CharField(_("category"), max_length=255, blank=True)
    include_subcategories = models.BooleanField(_("with its subcategories"), default=True)
    count = models.PositiveSmallIntegerField(_("questions drawn"), validators=[MinValueValidator(1)])
    points = models.DecimalField(
        _("points each"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Blank: the question's own."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["quiz", "position", "id"]
        verbose_name = _("random questions")
        verbose_name_plural = _("random questions")
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="quiz_pool_count")]

    def __str__(self):
        return f"{self.count} × {self.category or self.bank_id}"


class Accommodation(models.Model):
    """Extra time for one student on one test (e.g. a documented disability)."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="accommodations")
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="test_accommodations")
    extra_minutes = models.PositiveSmallIntegerField(
        _("extra minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quiz", "student"]
        verbose_name = _("extra time")
        verbose_name_plural = _("extra time")
        constraints = [models.UniqueConstraint(fields=["quiz", "student"], name="accommodation_unique")]

    def __str__(self):
        return f"+{self.extra_minutes} min ({self.student_id})"

"""A teacher's question bank for a discipline, its questions and their images."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "truefalse", _("True or false")
    SHORT = "short", _("Short answer")
    NUMERIC = "numeric", _("Numeric")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    ESSAY = "essay", _("Essay")


#: graded by hand, not when the attempt closes
HAND_GRADED = (QuestionType.ESSAY,)


class QuestionBank(models.Model):
    discipline = models.ForeignKey(
        "curriculum.Discipline", on_delete=models.PROTECT, related_name="question_banks", verbose_name=_("discipline")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="question_banks", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self):
        return self.title


class Question(models.Model):
    """One question. `data` holds what its type needs (docs/modules.md#question-data):

    - single / multiple / truefalse: {"options": [{"id": "a", "text": html, "fraction": 1.0, "feedback": html}]}
      (truefalse has the two options "true" and "false"); multiple's fractions may be negative;
    - short: {"answers": [{"text": "Astana", "fraction": 1.0}], "case_sensitive": false} (`*` is a wildcard);
    - numeric: {"answers": [{"value": 3.14, "tolerance": 0.01, "fraction": 1.0}], "units": [...]}
    - matching: {"pairs": [{"id": "1", "prompt": html, "answer": "text"}]} (a pair with an empty prompt is a
      distractor answer);
    - ordering: {"items": [{"id": "1", "text": html}]} in the right order;
    - essay: {"response_format": "editor", "min_words": 0, "max_words": 0, "grader_info": html}.
    `text` is sanitised HTML; `@@PLUGINFILE@@/name` in it points to a QuestionFile of the question (Moodle's
    own convention, so an imported bank keeps its images). Formulas are TeX between \\( \\) or $$ $$.
    """

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    category = models.CharField(
        _("category"), max_length=255, blank=True, help_text=_("A path such as “Chapter 1/Limits”; pools draw by it.")
    )
    type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    name = models.CharField(_("name"), max_length=255)
    text = models.TextField(_("question text"))
    general_feedback = models.TextField(_("general feedback"), blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=1)
    shuffle = models.BooleanField(_("shuffle options"), default=True)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bank", "category", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["bank", "category"], name="question_bank_category_idx")]

    def __str__(self):
        return self.name

    @property
    def hand_graded(self) -> bool:
        return self.type in HAND_GRADED


def question_file_path(instance, filename: str) -> str:
    return f"testing/questions/{instance.question_id}/{instance.token}"


class QuestionFile(models.Model):
    """An image (or other file) a question's text shows, by its `name` (`@@PLUGINFILE@@/<name>`)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="files")
    token = models.CharField(max_length=32, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to=question_file_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "name"]
        verbose_name = _("question file")
        verbose_name_plural = _("question files")
        constraints = [models.UniqueConstraint(fields=["question", "name"], name="question_file_name_unique")]

    def __str__(self):
        return self.name

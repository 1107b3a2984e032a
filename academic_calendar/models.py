from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.Model):
    """A period of the academic calendar set by the registrar for one term (docs/domain.md#academic-calendar).

    A registration period belongs to the term it registers for, even when it runs before that term starts.
    """

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        STREAM_SELECTION = "stream_selection", _("Stream selection")
        STUDY = "study", _("Study period")
        ADD_DROP = "add_drop", _("Add/drop")
        MIDTERM = "midterm", _("Midterm control")
        EXAM_SESSION = "exam_session", _("Exam session")
        RETAKE = "retake", _("Retake (FX) period")
        HOLIDAYS = "holidays", _("Holidays")
        OTHER = "other", _("Other")

    term = models.ForeignKey("university.Term", on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Optional; the kind is shown if empty")
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_date", "kind"]
        verbose_name = _("calendar period")
        verbose_name_plural = _("calendar periods")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="period_dates"),
        ]
        indexes = [models.Index(fields=["kind", "start_date", "end_date"], name="period_kind_dates_idx")]

    def __str__(self):
        return f"{self.display_title} ({self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y})"

    @property
    def display_title(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def length_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def contains(self, day) -> bool:
        return self.start_date <= day <= self.end_date


class Holiday(models.Model):
    """A public holiday or day off of Kazakhstan (docs/domain.md#academic-calendar), pre-filled by seed_demo."""

    name = models.CharField(_("name"), max_length=255)
    university = models.ForeignKey("university.University", on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [models.UniqueConstraint(fields=["university", "date"], name="holiday_unique_date")]

    def __str__(self):
        return self.name

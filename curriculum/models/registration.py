from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditLimit(models.Model):
    """Credit limits for one term, for one programme or (programme empty) for all; overrides the programme's."""

    term = models.ForeignKey("university.Term", on_delete=models.CASCADE, related_name="credit_limits")
    programme = models.ForeignKey(
        "university.Programme", on_delete=models.CASCADE, related_name="credit_limits", null=True, blank=True
    )
    min_credits = models.PositiveSmallIntegerField(_("minimum credits"), default=0)
    max_credits = models.PositiveSmallIntegerField(_("maximum credits"))

    class Meta:
        ordering = ["term", "programme"]
        verbose_name = _("credit limit")
        verbose_name_plural = _("credit limits")
        constraints = [
            models.UniqueConstraint(fields=["term", "programme"], name="credit_limit_unique"),
            models.UniqueConstraint(
                fields=["term"], condition=models.Q(programme__isnull=True), name="credit_limit_term_default_unique"
            ),
        ]

    def __str__(self):
        return f"{self.term}: {self.min_credits}–{self.max_credits}"


class Registration(models.Model):
    """A student's registration for a discipline in a term, one IUP line (docs/domain.md#registration-and-holds)."""

    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="registrations")
    discipline = models.ForeignKey("curriculum.Discipline", on_delete=models.PROTECT, related_name="registrations")
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="registrations")
    semester = models.PositiveSmallIntegerField(_("curriculum semester"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["term__start_date", "semester", "discipline__code"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["student", "discipline", "term"], name="registration_unique"),
        ]
        indexes = [models.Index(fields=["student", "term"], name="registration_student_term_idx")]

    def __str__(self):
        return f"{self.student_id} · {self.discipline_id} · {self.term_id}"


class FinalGrade(models.Model):
    """The final grade of one registration (docs/domain.md#admission-rating: final = 0.6·RD + 0.4·exam), on the scale.

    Letter, points and traditional grade are kept as issued, so a later change of the scale does not rewrite
    grades already on a transcript. The journal module fills these; seed_demo gives demo histories.
    """

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="final_grade")
    admission_rating = models.DecimalField(_("admission rating"), max_digits=5, decimal_places=2, null=True, blank=True)
    exam = models.DecimalField(_("exam"), max_digits=5, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("final, %"), max_digits=5, decimal_places=2)
    letter = models.CharField(_("letter"), max_length=3)
    points = models.DecimalField(_("grade points"), max_digits=3, decimal_places=2)
    traditional = models.PositiveSmallIntegerField(_("traditional grade"))
    passing = models.BooleanField(_("passing"))
    graded_at = models.DateTimeField(_("graded at"))
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["registration"]
        verbose_name = _("final grade")
        verbose_name_plural = _("final grades")
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__gte=0, percent__lte=100), name="final_grade_percent"),
        ]

    def __str__(self):
        return f"{self.percent} {self.letter}"

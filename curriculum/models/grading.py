from django.db import models
from django.utils.translation import gettext_lazy as _


class GradeBand(models.Model):
    """One row of the university's grading scale: percent range -> letter, points, traditional grade.

    docs/domain.md#grading-scale: the scale is data (some universities have no FX), seeded with the common variant.
    """

    class Traditional(models.IntegerChoices):
        EXCELLENT = 5, _("excellent")
        GOOD = 4, _("good")
        SATISFACTORY = 3, _("satisfactory")
        UNSATISFACTORY = 2, _("unsatisfactory")

    university = models.ForeignKey("university.University", on_delete=models.CASCADE, related_name="grade_bands")
    letter = models.CharField(_("letter"), max_length=3)
    min_percent = models.DecimalField(_("from, %"), max_digits=5, decimal_places=2)
    max_percent = models.DecimalField(_("to, %"), max_digits=5, decimal_places=2)
    points = models.DecimalField(_("grade points"), max_digits=3, decimal_places=2)
    traditional = models.PositiveSmallIntegerField(_("traditional grade"), choices=Traditional.choices)
    passing = models.BooleanField(_("passing"), default=True)
    retake_allowed = models.BooleanField(_("exam retake allowed"), default=False)

    class Meta:
        ordering = ["university", "-min_percent"]
        verbose_name = _("grade band")
        verbose_name_plural = _("grading scale")
        constraints = [
            models.UniqueConstraint(fields=["university", "letter"], name="grade_band_letter_unique"),
            models.CheckConstraint(
                condition=models.Q(max_percent__gte=models.F("min_percent")), name="grade_band_range"
            ),
        ]

    def __str__(self):
        return f"{self.letter} ({self.min_percent}–{self.max_percent}%)"

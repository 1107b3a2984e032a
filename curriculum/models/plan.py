from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Discipline(models.Model):
    class Cycle(models.TextChoices):
        GENERAL = "general", _("General education (GED)")
        BASIC = "basic", _("Basic disciplines (BD)")
        PROFILE = "profile", _("Profile disciplines (PD)")

    class Component(models.TextChoices):
        MANDATORY = "mandatory", _("Compulsory component")
        UNIVERSITY = "university", _("University component")
        ELECTIVE = "elective", _("Elective component")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    credits = models.PositiveSmallIntegerField(_("credits (ECTS)"), validators=[MinValueValidator(1)])
    cycle = models.CharField(_("cycle"), max_length=10, choices=Cycle.choices)
    component = models.CharField(_("component"), max_length=12, choices=Component.choices)
    languages = models.CharField(_("languages"), max_length=20, default="kk,ru", help_text=_("e.g. kk,ru,en"))
    description = models.TextField(_("description"), blank=True)
    competences = models.TextField(_("competences"), blank=True)
    department = models.ForeignKey(
        "university.Department", on_delete=models.PROTECT, related_name="disciplines", null=True, blank=True
    )
    counts_in_gpa = models.BooleanField(_("counts in GPA"), default=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, related_name="postrequisites", blank=True, verbose_name=_("prerequisites")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        constraints = [models.CheckConstraint(condition=models.Q(credits__gt=0), name="discipline_credits_positive")]

    def __str__(self):
        return f"{self.code} {self.name}"


class Curriculum(models.Model):
    """A programme's plan of disciplines by semester for the students admitted in one year."""

    programme = models.ForeignKey("university.Programme", on_delete=models.PROTECT, related_name="curricula")
    admission_year = models.PositiveSmallIntegerField(_("year of admission"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme__code", "-admission_year"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")
        constraints = [
            models.UniqueConstraint(fields=["programme", "admission_year"], name="curriculum_unique"),
        ]

    def __str__(self):
        return f"{self.programme.code} ({self.admission_year})"


class ElectiveGroup(models.Model):
    """'Choose k of these n' within one curriculum."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="elective_groups")
    title = models.CharField(_("title"), max_length=200)
    choose = models.PositiveSmallIntegerField(_("disciplines to choose"), default=1)

    class Meta:
        ordering = ["curriculum", "title"]
        verbose_name = _("elective group")
        verbose_name_plural = _("elective groups")

    def __str__(self):
        return self.title


class CurriculumItem(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="items")
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="curriculum_items")
    semester = models.PositiveSmallIntegerField(_("semester"), validators=[MinValueValidator(1), MaxValueValidator(14)])
    elective_group = models.ForeignKey(
        ElectiveGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )

    class Meta:
        ordering = ["curriculum", "semester", "discipline__code"]
        verbose_name = _("curriculum entry")
        verbose_name_plural = _("curriculum entries")
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "discipline"], name="curriculum_item_unique"),
            models.CheckConstraint(
                condition=models.Q(semester__gte=1, semester__lte=14), name="curriculum_semester_range"
            ),
        ]

    def __str__(self):
        return f"{self.curriculum} · {self.semester} · {self.discipline.code}"

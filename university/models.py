from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class University(models.Model):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50)
    host = models.CharField(_("host"), max_length=255, blank=True, help_text=_("e.g. university.studyspace.kz"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("university")
        verbose_name_plural = _("universities")

    def __str__(self):
        return self.name


class Faculty(models.Model):
    name = models.CharField(_("name"), max_length=255)
    university = models.ForeignKey(University, on_delete=models.PROTECT, related_name="faculties")
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        constraints = [models.UniqueConstraint(fields=["university", "code"], name="faculty_code_unique")]

    def __str__(self):
        return self.name


class Department(models.Model):
    name = models.CharField(_("name"), max_length=255)
    faculty = models.ForeignKey(Faculty, on_delete=models.PROTECT, related_name="departments")
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["faculty", "code"], name="department_code_unique")]

    def __str__(self):
        return self.name


class Programme(models.Model):
    class Degree(models.TextChoices):
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        DOCTORATE = "doctorate", _("Doctorate")

    name = models.CharField(_("name"), max_length=255)

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="programmes")
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. 6B06101"))
    degree = models.CharField(_("degree"), max_length=20, choices=Degree.choices, default=Degree.BACHELOR)
    semesters = models.PositiveSmallIntegerField(_("length in semesters"), default=8)
    total_credits = models.PositiveSmallIntegerField(_("credits to graduate"), default=240)
    min_credits_per_semester = models.PositiveSmallIntegerField(_("minimum credits per semester"), default=15)
    max_credits_per_semester = models.PositiveSmallIntegerField(_("maximum credits per semester"), default=36)

    class Meta:
        ordering = ["code"]
        verbose_name = _("educational programme")
        verbose_name_plural = _("educational programmes")

    def __str__(self):
        return f"{self.code} {self.name}"


class AcademicYear(models.Model):
    university = models.ForeignKey(University, on_delete=models.PROTECT, related_name="academic_years")
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        constraints = [
            models.UniqueConstraint(fields=["university", "start_date"], name="academic_year_unique"),
            models.CheckConstraint(condition=models.Q(end_date__gt=models.F("start_date")), name="academic_year_dates"),
        ]

    def __str__(self):
        return f"{self.start_date.year}–{self.end_date.year}"


def academic_year_start(day) -> int:
    """The calendar year in which the academic year containing `day` began (it begins on 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


class TermQuerySet(models.QuerySet):
    def current(self, on=None):
        """The term whose dates contain `on` (today), else the latest one that has started."""
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).order_by("-start_date").select_related("academic_year").first()


class Term(models.Model):
    class Kind(models.TextChoices):
        AUTUMN = "autumn", _("Autumn semester")
        SPRING = "spring", _("Spring semester")
        SUMMER = "summer", _("Summer semester")

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="terms")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "kind"], name="term_kind_unique"),
            models.CheckConstraint(condition=models.Q(end_date__gt=models.F("start_date")), name="term_dates"),
        ]

    def __str__(self):
        return f"{self.academic_year}, {self.get_kind_display()}"


class StudyGroup(models.Model):
    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=50, unique=True)
    admission_year = models.PositiveSmallIntegerField(_("year of admission"))
    language = models.CharField(_("language of instruction"), max_length=2, choices=Language.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")

    def __str__(self):
        return self.name

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    ADVISOR = "advisor", _("Advisor")
    REGISTRAR = "registrar", _("Registrar")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, is_administrator=True)
        return self._create_user(email, password, **extra)

    def with_role(self, role: str):
        return self.filter(**{f"is_{role}": True})


def full_name(last_name: str, first_name: str, middle_name: str) -> str:
    """Surname, name, patronymic, the ones given (how the cabinet names a person)."""
    return " ".join(p for p in (last_name, first_name, middle_name) if p)


class User(AbstractBaseUser, PermissionsMixin):
    """A person of the university. The e-mail is the login; roles are flags, several at once."""

    email = models.EmailField(_("e-mail"), unique=True)
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    middle_name = models.CharField(_("patronymic"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/%Y/", blank=True)
    telegram = models.CharField(_("Telegram"), max_length=64, blank=True)
    instagram = models.CharField(_("Instagram"), max_length=64, blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)

    is_applicant = models.BooleanField(_("applicant"), default=False)
    is_student = models.BooleanField(_("student"), default=False)
    is_teacher = models.BooleanField(_("teacher"), default=False)
    is_advisor = models.BooleanField(_("advisor"), default=False)
    is_registrar = models.BooleanField(_("registrar"), default=False)
    is_administrator = models.BooleanField(_("administrator"), default=False)

    is_staff = models.BooleanField(_("staff status"), default=False, help_text=_("May sign in to Django admin."))
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:profile")

    def get_full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def preferred_language(self) -> str:
        """The language the person reads (e-mails, feeds, documents): their choice, else the university's default."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def initials(self) -> str:
        return ((self.first_name[:1] + self.last_name[:1]) or self.email[:1]).upper()

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(r for r in Role.values if getattr(self, f"is_{r}"))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in Role.values if r in self.roles]


class StudentRecord(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Studying")
        ACADEMIC_LEAVE = "leave", _("Academic leave")
        EXPELLED = "expelled", _("Expelled")
        GRADUATED = "graduated", _("Graduated")

    class Funding(models.TextChoices):
        GRANT = "grant", _("State grant")
        PAID = "paid", _("Paid")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="student_record")
    student_number = models.CharField(_("student ID"), max_length=20, unique=True)
    programme = models.ForeignKey("university.Programme", on_delete=models.PROTECT, related_name="students")
    year_of_study = models.PositiveSmallIntegerField(_("year of study"), default=1)
    group = models.ForeignKey(
        "university.StudyGroup", on_delete=models.PROTECT, related_name="students", null=True, blank=True
    )
    advisor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisees",
        limit_choices_to={"is_advisor": True},
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    funding = models.CharField(_("funding"), max_length=10, choices=Funding.choices, default=Funding.GRANT)
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("student record")
        verbose_name_plural = _("student records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_of_study__gte=1, year_of_study__lte=7), name="student_year_of_study_range"
            ),
        ]

    def __str__(self):
        return f"{self.student_number} {self.user}"


class TeacherRecord(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="teacher_record")
    department = models.ForeignKey("university.Department", on_delete=models.PROTECT, related_name="teachers")
    position = models.CharField(_("position"), max_length=100, blank=True)
    academic_degree = models.CharField(_("academic degree"), max_length=100, blank=True)
    competences = models.TextField(_("competences"), blank=True)
    # the teacher's card on a discipline page (docs/modules.md#my-disciplines): achievements, experience and contacts
    achievements = models.TextField(_("achievements"), blank=True)
    experience = models.TextField(_("experience"), blank=True)
    phone = models.CharField(_("work phone"), max_length=30, blank=True)
    office = models.CharField(_("office"), max_length=50, blank=True, help_text=_("e.g. A-305"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("teacher record")
        verbose_name_plural = _("teacher records")

    def __str__(self):
        return str(self.user)

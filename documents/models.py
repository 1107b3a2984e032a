import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


class IssuedDocument(models.Model):
    """An official document the university issued, verifiable by its code or QR on a public page.

    `content` keeps exactly what the document showed, so the public page confirms it without showing more;
    `site_root` the portal's address it was issued from, which its QR code and printed link point at.
    """

    class Kind(models.TextChoices):
        TRANSCRIPT = "transcript", _("Official transcript")
        IUP = "iup", _("Individual study plan")
        CERTIFICATE = "certificate", _("Certificate")

    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_verification_code)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issued_documents")
    title = models.CharField(_("title"), max_length=255)
    content = models.JSONField(_("content as issued"), default=dict)
    site_root = models.CharField(
        _("issued from"),
        max_length=255,
        blank=True,
        help_text=_("The portal's address the document was issued from: its QR code and printed link point there."),
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    job = models.ForeignKey(
        "CertificateJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="documents", editable=False
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self):
        return f"{self.title} ({self.code})"

    def get_absolute_url(self):
        return reverse("documents:verify", args=[self.code])

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.valid_until is not None and self.valid_until < timezone.localdate()


# The values a template's text may name, each in braces: {full_name_dative}. documents/services/certificates.py fills
# them from the student's record in the document's language.
PLACEHOLDERS = (
    "full_name",
    "full_name_genitive",
    "full_name_dative",
    "student_number",
    "programme",
    "programme_code",
    "degree",
    "course",
    "group",
    "study_form",
    "funding",
    "start_year",
    "end_year",
    "university",
    "issued_on",
    "valid_until",
)
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def validate_placeholders(text: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER_RE.findall(text or "") if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(unknown)s. Allowed: %(allowed)s.")
            % {"unknown": ", ".join(f"{{{name}}}" for name in unknown), "allowed": ", ".join(PLACEHOLDERS)}
        )


class DocumentTemplate(models.Model):
    """The text of a certificate the university edits in admin, in kk/ru/en (django-modeltranslation).

    `body` names the student's data by placeholders ({full_name_dative}, {programme}, ...: PLACEHOLDERS); a
    certificate keeps the text as it was filled in when issued, so editing a template never changes one issued.
    """

    class Kind(models.TextChoices):
        STUDY = "study", _("Certificate of study")
        MILITARY = "military", _("Certificate for the military office")
        PENSION_4 = "pension_4", _("Certificate for the pension centre, form 4")
        PENSION_6 = "pension_6", _("Certificate for the pension centre, form 6")
        PENSION_21 = "pension_21", _("Certificate for the pension centre, form 21")

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(
        _("addressee"), max_length=200, blank=True, help_text=_('e.g. "To whom it may concern", "Military office"')
    )
    body = models.TextField(
        _("text"),
        validators=[validate_placeholders],
        help_text=_("Placeholders in braces are filled in from the student's record, e.g. {full_name_dative}."),
    )
    valid_days = models.PositiveSmallIntegerField(
        _("valid for, days"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3660)],
        help_text=_("Empty: valid without a time limit. Pension centre certificates: 365."),
    )
    is_active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return self.title or self.slug


class Signatory(models.Model):
    """Who signs certificates (the rector): name and position in kk/ru/en, the signature and the seal as images.

    The one `is_active` signs new certificates; an issued certificate keeps the one who signed it.
    """

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    signature = models.ImageField(_("signature image"), upload_to="documents/signatures/")
    seal = models.ImageField(_("seal image"), upload_to="documents/seals/", blank=True)
    is_active = models.BooleanField(_("signs certificates"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="documents_one_active_signatory"
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.position}"


def certificate_zip_path(job, filename):
    # the name carries a random part: the folder is not listed, and the file is served through the job's page only
    return f"documents/jobs/{job.pk}-{secrets.token_urlsafe(12)}.zip"


class CertificateJob(models.Model):
    """Certificates for a group (or one student), issued by a background job; one ZIP of the PDFs at the end."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificate_jobs",
        verbose_name=_("started by"),
    )
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="jobs")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    group = models.ForeignKey(
        "university.StudyGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate_jobs"
    )
    student = models.ForeignKey(
        "people.StudentRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate_jobs"
    )
    student_ids = models.JSONField(_("students"), default=list)
    site_root = models.CharField(max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    zip_file = models.FileField(_("ZIP file"), upload_to=certificate_zip_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate job")
        verbose_name_plural = _("certificate jobs")
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="documents_job_done_le_total")
        ]

    def __str__(self):
        return f"{self.template} · {self.done}/{self.total}"

    def get_absolute_url(self):
        return reverse("documents:job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Hold(models.Model):
    """A block placed by an office (docs/domain.md#registration-and-holds): the student sees who, why, what lifts it."""

    class Kind(models.TextChoices):
        DEBT = "debt", _("Tuition debt")
        DOCUMENT = "document", _("Missing document")
        UNSIGNED_IUP = "unsigned_iup", _("Unsigned IUP")
        LIBRARY = "library", _("Library debt")
        OTHER = "other", _("Other")

    class Office(models.TextChoices):
        REGISTRAR = "registrar", _("Registrar's office")
        FINANCE = "finance", _("Finance office")
        DEAN = "dean", _("Dean's office")
        LIBRARY = "library", _("Library")
        ADVISOR = "advisor", _("Advisor")

    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="holds")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    office = models.CharField(_("office"), max_length=20, choices=Office.choices)
    reason = models.TextField(_("reason"))
    how_to_lift = models.TextField(_("how to lift it"))
    blocks_registration = models.BooleanField(_("blocks registration"), default=True)
    blocks_exams = models.BooleanField(_("blocks exams"), default=False)
    blocks_documents = models.BooleanField(_("blocks documents"), default=False)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        indexes = [models.Index(fields=["student", "lifted_at"], name="hold_active_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.student}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None

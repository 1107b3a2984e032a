import secrets

from django.conf import settings
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

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self):
        return f"{self.title} ({self.code})"

    def get_absolute_url(self):
        return reverse("documents:verify", args=[self.code])

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .messages import message_render


class Kind(models.TextChoices):
    """What a notification is about; each kind has its own toggles in Profile settings."""

    STUDY_PLAN = "study_plan", _("Study plan and IUP")
    SCHEDULE = "schedule", _("Schedule and exams")
    ASSIGNMENT = "assignment", _("Assignments")
    GRADE = "grade", _("Grades and journal")
    TESTING = "testing", _("Tests")
    REQUEST = "request", _("My requests")
    FINANCE = "finance", _("Finance")
    NEWS = "news", _("News and events")
    MESSAGE = "message", _("Messages")
    ACCOUNT = "account", _("Account and security")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The message ids of the title and the text and their values, rendered in the reader's language when shown
    # (notifications/messages.py); a row made before they were kept holds its text as it was written.
    title_msgid = models.CharField(_("title (message id)"), max_length=255)
    body_msgid = models.TextField(_("text (message id)"), blank=True)
    params = models.JSONField(_("values of the message"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set when the e-mail copy is claimed for sending, so a task that runs twice sends once.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language."""
        return message_render(self.title_msgid, self.params)

    @property
    def body(self) -> str:
        """The text in the active language."""
        return message_render(self.body_msgid, self.params)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """A person's choice for one kind; no row means the kind's default (in-app on, e-mail on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    in_app = models.BooleanField(_("in the cabinet"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self):
        return f"{self.user} · {self.kind}"

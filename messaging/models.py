"""The boundary of the messaging module: conversations between people and their messages.

The envelope in the top bar counts unread messages from here; chats with teachers and the advisor
(homework, announcements, correspondence) are built on these models by later modules.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    class Mode(models.TextChoices):
        CORRESPONDENCE = "correspondence", _("Correspondence")
        HOMEWORK = "homework", _("Homework submission")
        ANNOUNCEMENTS = "announcements", _("Announcements")

    subject = models.CharField(_("subject"), max_length=255, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.CORRESPONDENCE)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="conversations")
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self):
        return self.subject or f"#{self.pk}"


class Membership(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    last_read_at = models.DateTimeField(_("read up to"), null=True, blank=True)

    class Meta:
        ordering = ["conversation", "user"]
        verbose_name = _("conversation member")
        verbose_name_plural = _("conversation members")
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} in {self.conversation}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_messages")
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.body[:50]

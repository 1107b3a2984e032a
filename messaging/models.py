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
    # The discipline chat's stream (homework, announcements, correspondence about one discipline); empty for a
    # direct conversation (with the advisor, or started from "New message").
    stream = models.ForeignKey(
        "schedule.Stream", on_delete=models.CASCADE, null=True, blank=True, related_name="conversations"
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["stream"], condition=models.Q(mode="announcements"), name="conversation_one_announcements"
            )
        ]

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
    # Sanitised HTML (messaging/text.py): what was typed, escaped, with safe links only.
    body = models.TextField(_("text"))
    attachment = models.FileField(_("attachment"), upload_to="messaging/%Y/%m/", blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["conversation", "id"], name="message_conversation_id")]

    def __str__(self):
        return self.body[:50]

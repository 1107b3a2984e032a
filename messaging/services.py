"""Writes of the messaging module: conversations, messages, read state, announcements to a stream."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind
from notifications.services import notify
from schedule.models import Stream, StreamChoice

from .attachments import EXTENSIONS, attachment_check
from .models import Conversation, Membership, Message
from .permissions import may_write, stream_role
from .text import message_html

MAX_LENGTH = 5000
NOT_A_CONTACT = _(
    "You can write only to your teachers and your advisor; a teacher to the students of their streams, an advisor "
    "to their students. This message was not sent."
)


class MessageRefused(ValidationError):
    """The message was not sent; the message tells the sender why."""


def _check_text(text: str, upload) -> None:
    if not text.strip() and upload is None:
        raise MessageRefused(_("Write a message or attach a file."), code="empty")
    if len(text) > MAX_LENGTH:
        raise MessageRefused(_("The message is too long: at most 5000 characters."), code="too_long")


def _pair_conversation(*, first, second, stream=None, mode=Conversation.Mode.CORRESPONDENCE) -> Conversation:
    """The conversation of exactly these two people (about the stream, in the mode), created if missing.

    Inside the sender's transaction: before creating, the two people's rows are locked in the order of their ids
    and the lookup repeated, so two first messages sent at the same instant (each of the pair writing, or one
    person clicking twice) land in one conversation, not two."""

    def find():
        return (
            Conversation.objects.filter(stream=stream, mode=mode, memberships__user=first)
            .filter(memberships__user=second)
            .order_by("pk")
            .first()
        )

    existing = find()
    if existing is not None:
        return existing
    ids = sorted({first.pk, second.pk})
    # FOR NO KEY UPDATE: it serialises the pair's creators without blocking the foreign-key checks (FOR KEY
    # SHARE, at COMMIT) of a message someone else is sending in their existing conversation at that moment
    list(
        get_user_model()
        .objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    existing = find()  # a new statement: it sees what the holder of the lock committed
    if existing is not None:
        return existing
    # no subject: a discipline chat is named by its discipline, shown in the reader's language
    conversation = Conversation.objects.create(stream=stream, mode=mode)
    Membership.objects.bulk_create([Membership(conversation=conversation, user=u) for u in (first, second)])
    return conversation


def _store(*, conversation: Conversation, sender, text: str, upload) -> Message:
    message = Message(conversation=conversation, sender=sender, body=message_html(text))
    if upload is not None:
        content_type = attachment_check(upload)
        message.attachment_type = content_type
        message.attachment_name = (upload.name or "file")[-255:]
        message.attachment.save(f"attachment.{EXTENSIONS[content_type]}", upload, save=False)
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    Membership.objects.filter(conversation=conversation, user=sender).update(last_read_at=message.created_at)
    return message


@transaction.atomic
def direct_message_send(*, sender, recipient, text: str, upload=None) -> Message:
    """A message to one person the sender may write to (permissions.contacts_for), in their direct conversation."""
    _check_text(text, upload)
    if recipient is None or not may_write(sender, recipient):
        raise MessageRefused(NOT_A_CONTACT, code="not_a_contact")
    conversation = _pair_conversation(first=sender, second=recipient)
    return _store(conversation=conversation, sender=sender, text=text, upload=upload)


@transaction.atomic
def message_send(*, sender, conversation: Conversation, text: str, upload=None) -> Message:
    """A reply in a conversation the sender is a member of; announcements are written by the stream's teacher."""
    _check_text(text, upload)
    if not Membership.objects.filter(conversation=conversation, user=sender).exists():
        raise MessageRefused(NOT_A_CONTACT, code="not_a_member")
    if conversation.mode == Conversation.Mode.ANNOUNCEMENTS:
        return announcement_send(sender=sender, stream=conversation.stream, text=text, upload=upload)
    return _store(conversation=conversation, sender=sender, text=text, upload=upload)


@transaction.atomic
def stream_message_send(*, sender, stream: Stream, mode: str, text: str, upload=None) -> Message:
    """A student's message in their discipline chat (homework or correspondence) with the stream's teacher."""
    _check_text(text, upload)
    if mode == Conversation.Mode.ANNOUNCEMENTS:
        return announcement_send(sender=sender, stream=stream, text=text, upload=upload)
    if stream_role(sender, stream) != "student":
        raise MessageRefused(NOT_A_CONTACT, code="not_in_stream")
    conversation = _pair_conversation(first=sender, second=stream.teacher, stream=stream, mode=mode)
    return _store(conversation=conversation, sender=sender, text=text, upload=upload)


def announcements_conversation(stream: Stream, *, create: bool = False) -> Conversation | None:
    found = Conversation.objects.filter(stream=stream, mode=Conversation.Mode.ANNOUNCEMENTS).first()
    if found is None and create:
        # one per stream (a unique constraint): get_or_create reads the other's row if two create at once
        found, _created = Conversation.objects.get_or_create(stream=stream, mode=Conversation.Mode.ANNOUNCEMENTS)
    return found


@transaction.atomic
def announcement_send(*, sender, stream: Stream, text: str, upload=None) -> Message:
    """The teacher's announcement to the whole stream: every student gets it (and a notification); read-only."""
    _check_text(text, upload)
    if stream.teacher_id != sender.pk:
        raise MessageRefused(_("Only the stream's teacher can post announcements."), code="not_teacher")
    conversation = announcements_conversation(stream, create=True)
    student_ids = list(StreamChoice.objects.filter(stream=stream).values_list("student__user_id", flat=True))
    Membership.objects.bulk_create(
        [Membership(conversation=conversation, user_id=pk) for pk in [sender.pk, *student_ids]],
        ignore_conflicts=True,
    )
    message = _store(conversation=conversation, sender=sender, text=text, upload=upload)
    url = reverse("messaging:stream", args=[stream.pk]) + "?mode=announcements"
    for student in stream.choices.select_related("student__user"):
        notify(
            recipient=student.student.user,
            kind=Kind.MESSAGE,
            title=_("New announcement: %(discipline)s"),
            body=_("%(teacher)s posted an announcement for stream %(stream)s."),
            params={
                "discipline": lambda: stream.discipline.name,
                "teacher": sender.get_full_name(),
                "stream": stream.code,
            },
            url=url,
        )
    return message


def conversation_mark_read(*, user, conversation: Conversation) -> None:
    """Everything in the conversation up to now is read by `user` (one UPDATE)."""
    Membership.objects.filter(conversation=conversation, user=user).update(last_read_at=timezone.now())

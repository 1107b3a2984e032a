from django.db.models import Count, F, Q

from .models import Conversation, Membership, Message

THREAD_LENGTH = 100


def unread_message_count(*, user) -> int:
    """Messages from others that arrived after the person last read each conversation."""
    return (
        Message.objects.filter(
            Q(conversation__memberships__last_read_at__isnull=True)
            | Q(created_at__gt=F("conversation__memberships__last_read_at")),
            conversation__memberships__user=user,
        )
        .exclude(sender=user)
        .count()
    )


def anything_new_since(*, user, since) -> bool:
    """Has anyone written to the person after `since`? One indexed query (message time, then membership)."""
    return (
        Message.objects.filter(conversation__memberships__user=user, created_at__gt=since).exclude(sender=user).exists()
    )


def conversations_for(*, user, limit: int | None = 10, **filters):
    """The person's active chats, newest first, each with its unread count (one query)."""
    queryset = (
        Membership.objects.filter(user=user, **filters)
        .select_related("conversation__stream__discipline")
        .annotate(
            unread=Count(
                "conversation__messages",
                filter=(Q(last_read_at__isnull=True) | Q(conversation__messages__created_at__gt=F("last_read_at")))
                & ~Q(conversation__messages__sender=user),
            )
        )
        .order_by(F("conversation__last_message_at").desc(nulls_last=True), "-conversation_id")
    )
    return queryset[:limit] if limit else queryset


def membership_or_none(*, user, conversation_id: int) -> Membership | None:
    return (
        Membership.objects.filter(user=user, conversation_id=conversation_id)
        .select_related("conversation__stream__discipline", "conversation__stream__teacher")
        .first()
    )


def thread_messages(*, conversation: Conversation, after: int = 0) -> list[Message]:
    """The latest messages of a conversation, oldest first, with their senders (one query)."""
    queryset = Message.objects.filter(conversation=conversation).select_related("sender")
    if after:
        return list(queryset.filter(id__gt=after).order_by("id")[:THREAD_LENGTH])
    return list(reversed(queryset.order_by("-id")[:THREAD_LENGTH]))

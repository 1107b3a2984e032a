from django.db.models import Count, F, Q

from .models import Membership, Message


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


def conversations_for(*, user, limit: int = 10):
    """The person's active chats, newest first, each with its unread count (one query)."""
    return (
        Membership.objects.filter(user=user)
        .select_related("conversation")
        .annotate(
            unread=Count(
                "conversation__messages",
                filter=(Q(last_read_at__isnull=True) | Q(conversation__messages__created_at__gt=F("last_read_at")))
                & ~Q(conversation__messages__sender=user),
            )
        )
        .order_by(F("conversation__last_message_at").desc(nulls_last=True))[:limit]
    )

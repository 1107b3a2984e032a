from django.db.models import QuerySet

from .models import Kind, Notification, Preference

DROPDOWN_SIZE = 10


def unread_notification_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user) -> QuerySet[Notification]:
    """All of the person's notifications, newest first (the list page paginates it)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def latest_notifications(*, user, limit: int = DROPDOWN_SIZE) -> list[Notification]:
    """What the bell's dropdown shows: the newest notifications, read or not."""
    return list(notifications_for(user=user)[:limit])


def notification_preferences(*, user) -> dict[str, tuple[bool, bool]]:
    """Every kind with the person's `(in_app, email)` choice; a kind without a row is on for both."""
    saved = {p.kind: (p.in_app, p.email) for p in Preference.objects.filter(user=user)}
    return {kind: saved.get(kind, (True, True)) for kind in Kind.values}

from django.shortcuts import get_object_or_404

from .models import Notification


def notifications_visible_to(user):
    """A person sees only their own notifications."""
    return Notification.objects.filter(recipient=user)


def notification_get_for_user_or_404(user, pk) -> Notification:
    """404 for both a missing notification and someone else's."""
    return get_object_or_404(notifications_visible_to(user), pk=pk)

import time
from functools import cache

from django.conf import settings

from messaging.selectors import unread_message_count
from notifications.selectors import unread_notification_count

from .modules import modules_for


def shell(request):
    """What the top bar and the side menu need on every signed-in page.

    The unread counts are callables, counted once and only when a template reads them (Django templates call a
    callable variable): an htmx fragment that shows no top bar runs no counting query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGES_MENU": settings.LANGUAGES}
    return {
        "LANGUAGES_MENU": settings.LANGUAGES,
        "menu_modules": modules_for(user),
        "unread_notifications": cache(lambda: unread_notification_count(user=user)),
        "unread_messages": cache(lambda: unread_message_count(user=user)),
        "poll_since": time.time(),  # the envelope asks "anything new since?" from here (messaging:unread)
    }

from django.conf import settings

from messaging.selectors import unread_message_count
from notifications.selectors import unread_notification_count

from .modules import modules_for


def shell(request):
    """What the top bar and the side menu need on every signed-in page (two counting queries)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGES_MENU": settings.LANGUAGES}
    return {
        "LANGUAGES_MENU": settings.LANGUAGES,
        "menu_modules": modules_for(user),
        "unread_notifications": unread_notification_count(user=user),
        "unread_messages": unread_message_count(user=user),
    }

"""Background jobs of the notifications module: the e-mail copy of a notification."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from university.selectors import university_site_url

from .messages import message_render
from .models import Kind
from .services import notification_email_claim, notification_email_release

logger = logging.getLogger(__name__)

TRANSIENT = (smtplib.SMTPException, OSError)
DELIVERY_KEY_TTL = 60 * 60 * 24 * 7


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_notification_email_task(
    self,
    notification_id: int | None = None,
    *,
    recipient_id: int | None = None,
    kind: str = "",
    title: str = "",
    body: str = "",
    url: str = "",
    params: dict | None = None,
    delivery_key: str = "",
) -> bool:
    """Send the e-mail copy of a notification, once: by its row id, or by plain values and a delivery key
    (when the person turned the in-app copy off, there is no row). `title` and `body` are message ids with
    their `params`, written in the recipient's language. Returns whether a message left."""
    if notification_id is not None:
        notification = notification_email_claim(notification_id=notification_id)
        if notification is None:
            return False  # already sent by an earlier run, or the notification is gone
        recipient = notification.recipient
        kind, url = notification.kind, notification.url
        title, body, params = notification.title_msgid, notification.body_msgid, notification.params

        def release():
            notification_email_release(notification_id=notification_id)

    else:
        key = f"notifications:email:{delivery_key}"
        if not delivery_key or not cache.add(key, 1, DELIVERY_KEY_TTL):
            return False
        recipient = get_user_model().objects.filter(pk=recipient_id).first()

        def release():
            cache.delete(key)

    if recipient is None or not recipient.is_active or not recipient.email:
        return False
    try:
        _send(recipient=recipient, kind=kind, title=title, body=body, params=params or {}, url=url)
    except TRANSIENT as exc:
        release()
        logger.warning("Notification e-mail to user %s failed, will retry: %s", recipient.pk, exc)
        raise self.retry(exc=exc) from exc
    return True


def _send(*, recipient, kind: str, title: str, body: str, params: dict, url: str) -> None:
    base = university_site_url()
    with translation.override(recipient.preferred_language):
        title = message_render(title, params)
        context = {
            "recipient": recipient,
            "kind": Kind(kind).label if kind in Kind.values else "",
            "title": title,
            "body": message_render(body, params),
            "link": _absolute(base, url),
            "settings_link": _absolute(base, reverse("people:settings_notifications")),
        }
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(title.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _absolute(base: str, url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{base}{url}" if base and url.startswith("/") else ""

"""Writes of the notifications module. `notify()` is the one door every module uses
(docs/modules.md#notifications-and-messages)."""

import uuid

from django.db import transaction
from django.utils import timezone

from core.jobs import enqueue_after_commit

from .messages import message_id, message_params
from .models import Kind, Notification, Preference

TITLE_MAX = Notification._meta.get_field("title_msgid").max_length
URL_MAX = Notification._meta.get_field("url").max_length


@transaction.atomic
def notify(*, recipient, kind: str, title, body="", params: dict | None = None, url="") -> Notification | None:
    """Tell a person about something, as they chose in Profile settings → Notifications
    (docs/modules.md#profile-settings).

    - in-app: a Notification row, unless the person turned the kind off in the cabinet;
    - e-mail: a task enqueued after the surrounding transaction commits, unless turned off.
    No Preference row means the default: both on. Returns the row, or None when in-app is off.
    A missing recipient (e.g. a student without an advisor yet) is nobody to tell: nothing happens.

    `title` and `body` are message ids, `gettext_lazy("Your IUP for {term} is signed")` or a plain string, with
    `{name}` or `%(name)s` placeholders for `params`; the values may be lazy translations, model objects whose
    names exist in three languages, dates or datetimes. Nothing is rendered here: every screen and e-mail shows
    the notification in its reader's language (notifications/messages.py). Text someone wrote (a comment) goes
    in `params`, so it is never looked up in the catalog.
    """
    if recipient is None:
        return None
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    url = str(url)
    if len(url) > URL_MAX:
        raise ValueError(f"A notification link is at most {URL_MAX} characters")
    title, body = message_id(title).strip(), message_id(body).strip()
    if not title:
        raise ValueError("A notification needs a title")
    if len(title) > TITLE_MAX:
        raise ValueError(f"A notification title is at most {TITLE_MAX} characters")
    params = message_params(params)

    preference = Preference.objects.filter(user=recipient, kind=kind).only("in_app", "email").first()
    in_app = preference.in_app if preference else True
    email = preference.email if preference else True

    notification = None
    if in_app:
        notification = Notification.objects.create(
            recipient=recipient, kind=kind, title_msgid=title, body_msgid=body, params=params, url=url
        )
    if email and recipient.email and recipient.is_active:
        from .tasks import send_notification_email_task

        # a broker outage is logged; it must not turn the already committed change into an error page
        if notification is not None:
            enqueue_after_commit(send_notification_email_task, notification_id=notification.pk)
        else:
            # No row to remember the sending, so the task gets a key to claim instead.
            values = {"recipient_id": recipient.pk, "kind": kind, "title": title, "body": body, "url": url}
            enqueue_after_commit(send_notification_email_task, **values, params=params, delivery_key=uuid.uuid4().hex)
    return notification


@transaction.atomic
def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read; someone else's raises DoesNotExist."""
    notification = Notification.objects.select_for_update().get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the person read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_email_claim(*, notification_id: int) -> Notification | None:
    """Claim the e-mail copy of a notification: the first caller gets the row, later callers None."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return None
    return Notification.objects.select_related("recipient").get(pk=notification_id)


@transaction.atomic
def notification_email_release(*, notification_id: int) -> None:
    """Give the claim back after a failed send, so a retry may send it."""
    Notification.objects.filter(pk=notification_id).update(emailed_at=None)


@transaction.atomic
def notification_preferences_set(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Save the person's toggles, `{kind: (in_app, email)}`, one Preference row per kind given."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    Preference.objects.bulk_create(
        [Preference(user=user, kind=kind, in_app=in_app, email=email) for kind, (in_app, email) in choices.items()],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["in_app", "email"],
    )

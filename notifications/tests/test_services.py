import smtplib

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from notifications.models import Kind, Notification, Preference
from notifications.selectors import notification_preferences, unread_notification_count
from notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
    notify,
)
from notifications.tasks import send_notification_email_task

from .factories import NotificationFactory, PreferenceFactory

pytestmark = pytest.mark.django_db


def test_notify_by_default_creates_the_row_and_sends_the_email_after_commit(
    student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify(
            recipient=student, kind=Kind.GRADE, title="Grade posted", body="Algorithms: 92", url="/m/journal/"
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 1
    assert Notification.objects.get(recipient=student).pk == notification.pk
    assert notification.read_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [student.email]
    assert message.subject == "Grade posted"
    assert "Algorithms: 92" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_in_app_off_creates_no_row_but_email_still_goes(student, django_capture_on_commit_callbacks):
    PreferenceFactory(user=student, kind=Kind.GRADE, in_app=False, email=True)

    with django_capture_on_commit_callbacks(execute=True):
        result = notify(recipient=student, kind=Kind.GRADE, title="Grade posted")

    assert result is None
    assert not Notification.objects.filter(recipient=student).exists()
    assert [m.subject for m in mail.outbox] == ["Grade posted"]


def test_email_off_sends_nothing_but_keeps_the_in_app_row(student, django_capture_on_commit_callbacks):
    PreferenceFactory(user=student, kind=Kind.NEWS, in_app=True, email=False)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipient=student, kind=Kind.NEWS, title="Open day")

    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=student, kind=Kind.NEWS).count() == 1


def test_preferences_of_one_kind_do_not_touch_another(student, django_capture_on_commit_callbacks):
    PreferenceFactory(user=student, kind=Kind.NEWS, in_app=False, email=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=student, kind=Kind.GRADE, title="Grade posted")

    assert Notification.objects.filter(recipient=student, kind=Kind.GRADE).count() == 1
    assert len(mail.outbox) == 1


def test_both_off_does_nothing(student, django_capture_on_commit_callbacks):
    PreferenceFactory(user=student, kind=Kind.GRADE, in_app=False, email=False)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(recipient=student, kind=Kind.GRADE, title="Grade posted") is None

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_email_task_run_twice_sends_once(student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=student, kind=Kind.GRADE, title="Grade posted")
    assert len(mail.outbox) == 1

    assert send_notification_email_task.delay(notification_id=notification.pk).get() is False

    assert len(mail.outbox) == 1


def test_email_task_with_plain_values_run_twice_sends_once(student):
    values = {"recipient_id": student.pk, "kind": Kind.GRADE, "title": "Grade posted", "delivery_key": "abc123"}

    assert send_notification_email_task.delay(**values).get() is True
    assert send_notification_email_task.delay(**values).get() is False

    assert len(mail.outbox) == 1


def test_email_task_skips_an_inactive_person(student):
    notification = NotificationFactory(recipient=student)
    student.is_active = False
    student.save()

    assert send_notification_email_task.delay(notification_id=notification.pk).get() is False
    assert mail.outbox == []


def test_email_is_written_in_the_recipients_language(student, django_capture_on_commit_callbacks):
    student.language = "en"
    student.save()
    with translation.override("kk"), django_capture_on_commit_callbacks(execute=True):
        notify(recipient=student, kind=Kind.ACCOUNT, title=gettext_lazy("Notifications"))

    assert mail.outbox[0].subject == "Notifications"
    assert "Hello" in mail.outbox[0].body


def test_notify_refuses_an_unknown_kind_and_an_empty_title(student):
    with pytest.raises(ValueError):
        notify(recipient=student, kind="gossip", title="Hi")
    with pytest.raises(ValueError):
        notify(recipient=student, kind=Kind.NEWS, title="   ")
    assert not Notification.objects.exists()


def test_notify_without_a_recipient_does_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(recipient=None, kind=Kind.STUDY_PLAN, title="Nobody to tell") is None

    assert callbacks == []
    assert not Notification.objects.exists()


def test_mark_read_sets_read_at_and_lowers_the_count(student):
    first, _second = NotificationFactory.create_batch(2, recipient=student)
    assert unread_notification_count(user=student) == 2

    notification = notification_mark_read(user=student, notification_id=first.pk)

    first.refresh_from_db()
    assert first.read_at is not None
    assert notification.read_at == first.read_at
    assert unread_notification_count(user=student) == 1


def test_mark_read_twice_keeps_the_first_time(student):
    notification = NotificationFactory(recipient=student)
    first_time = notification_mark_read(user=student, notification_id=notification.pk).read_at

    assert notification_mark_read(user=student, notification_id=notification.pk).read_at == first_time


def test_mark_read_of_someone_elses_notification_fails_and_changes_nothing(student, teacher):
    theirs = NotificationFactory(recipient=teacher)

    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=student, notification_id=theirs.pk)

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_the_persons_unread(student, teacher):
    NotificationFactory.create_batch(3, recipient=student)
    theirs = NotificationFactory(recipient=teacher)

    assert notifications_mark_all_read(user=student) == 3

    assert unread_notification_count(user=student) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_set_upserts_rows(student):
    PreferenceFactory(user=student, kind=Kind.NEWS, in_app=True, email=True)

    notification_preferences_set(user=student, choices={Kind.NEWS: (False, True), Kind.GRADE: (True, False)})

    assert Preference.objects.filter(user=student).count() == 2
    prefs = notification_preferences(user=student)
    assert prefs[Kind.NEWS] == (False, True)
    assert prefs[Kind.GRADE] == (True, False)
    assert prefs[Kind.FINANCE] == (True, True)


def test_a_transient_smtp_failure_releases_the_claim_and_the_retry_sends(student, monkeypatch):
    """The SMTP server (outside the project) refuses once; the retry sends the e-mail exactly once."""
    from django.core.mail.backends.locmem import EmailBackend

    notification = NotificationFactory(recipient=student)
    real_send = EmailBackend.send_messages
    calls = []

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)

    # throw=False: run the retry eagerly too, as a worker would run it later
    result = send_notification_email_task.apply(kwargs={"notification_id": notification.pk}, throw=False)

    assert result.get() is True
    assert len(calls) == 2
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_email_links_to_the_cabinet_when_the_site_address_is_known(student, settings):
    settings.SITE_URL = "https://university.studyspace.kz"
    student.language = "en"
    student.save()
    notification = NotificationFactory(recipient=student, kind=Kind.GRADE, title="Grade posted", url="/m/journal/")

    send_notification_email_task.delay(notification_id=notification.pk)

    text = mail.outbox[0].body
    assert "Grades and journal: Grade posted" in text
    assert "https://university.studyspace.kz/m/journal/" in text
    assert "https://university.studyspace.kz/settings/notifications/" in text
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://university.studyspace.kz/m/journal/"' in html

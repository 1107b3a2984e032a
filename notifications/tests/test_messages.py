"""A notification is written in its reader's language, whatever language it was created in (issue 9, 5.4):
it keeps its message ids and values, and every screen and e-mail renders them in its own language."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from curriculum.models import Hold
from curriculum.services.holds import hold_place
from curriculum.tests.factories import install_grade_scale, registration_setup
from notifications.messages import message_params, message_render
from notifications.models import Kind, Notification
from notifications.services import notify

from .factories import NotificationFactory, PreferenceFactory

pytestmark = pytest.mark.django_db

HOLD_TITLE = {
    "kk": "Аккаунтыңызға шектеу қойылды: Оқу ақысы бойынша берешек",
    "ru": "На вашу учётную запись установлена блокировка: Задолженность по оплате обучения",
    "en": "A hold was placed on your account: Tuition debt",
}


def place_hold(student, registrar):
    """The registrar's office, working in Russian, places a hold on a student."""
    with translation.override("ru"):
        hold_place(
            student=student,
            kind=Hold.Kind.DEBT,
            office=Hold.Office.FINANCE,
            reason="оплата за осенний семестр",
            how_to_lift="100% {оплата} в кассе",
            actor=registrar,
        )


@pytest.fixture
def kazakh_student():
    install_grade_scale()
    return registration_setup(user__language="kk")


@pytest.fixture
def kazakh_student_with_a_hold(kazakh_student, registrar):
    place_hold(kazakh_student.student, registrar)
    return kazakh_student.user


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_list_shows_a_notification_in_the_readers_language(client, kazakh_student_with_a_hold, language):
    """It showed the title in the language it was created in: Kazakh on an English screen, and the reverse."""
    user = kazakh_student_with_a_hold
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)

    html = client.get(reverse("notifications:list")).content.decode()

    assert HOLD_TITLE[language] in html
    assert all(title not in html for other, title in HOLD_TITLE.items() if other != language)
    # what someone wrote stays as they wrote it, braces and percent signs included
    assert "100% {оплата} в кассе" in html


@pytest.mark.parametrize(("language", "ago"), [("kk", "3 сағат бұрын"), ("ru", "3 часа назад"), ("en", "3 hours ago")])
def test_how_long_ago_is_written_in_the_readers_language(client, student, language, ago):
    """ "… ago" stayed English on a Kazakh screen."""
    NotificationFactory(recipient=student)
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(hours=3))
    student.language = language
    student.save(update_fields=["language"])
    client.force_login(student)

    html = client.get(reverse("notifications:dropdown"), headers={"HX-Request": "true"}).content.decode()

    assert ago in " ".join(html.split())  # Django writes a no-break space between the number and the unit


def test_values_are_written_in_the_readers_language_and_date_format(student):
    """A choice label and a discipline's name are kept in every language, a deadline as a moment in time."""
    deadline = dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC)  # 11:30 in Almaty
    with translation.override("en"):
        notification = notify(
            recipient=student,
            kind=Kind.SCHEDULE,
            title=gettext_lazy("A hold was placed on your account: %(kind)s"),
            body="{what} · {deadline}",
            params={"kind": Hold.Kind.DEBT.label, "what": gettext_lazy("online test"), "deadline": deadline},
        )
    notification.refresh_from_db()

    assert notification.title_msgid == "A hold was placed on your account: %(kind)s"
    written = {}
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            written[language] = (notification.title, notification.body)
    assert written == {
        "kk": (HOLD_TITLE["kk"], "онлайн тест · 25 қараша 2026 ж. 11:30"),
        "ru": (HOLD_TITLE["ru"], "онлайн-тест · 25 ноября 2026 г. 11:30"),
        "en": (HOLD_TITLE["en"], "online test · 25 November 2026, 11:30"),
    }


def test_the_email_is_written_in_the_recipients_language_whoever_caused_it(
    kazakh_student, registrar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        place_hold(kazakh_student.student, registrar)

    assert mail.outbox[-1].subject == HOLD_TITLE["kk"]
    assert "Оқу ақысы бойынша берешек" in mail.outbox[-1].body


def test_the_email_without_an_in_app_copy_is_written_in_the_recipients_language(
    student, django_capture_on_commit_callbacks
):
    """No row to render from: the task gets the message ids and the values."""
    student.language = "ru"
    student.save(update_fields=["language"])
    PreferenceFactory(user=student, kind=Kind.STUDY_PLAN, in_app=False, email=True)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=student,
            kind=Kind.STUDY_PLAN,
            title=gettext_lazy("A hold was placed on your account: %(kind)s"),
            params={"kind": Hold.Kind.DEBT.label},
        )

    assert not Notification.objects.exists()
    assert [m.subject for m in mail.outbox] == [HOLD_TITLE["ru"]]


def test_a_notification_made_before_message_ids_keeps_its_text():
    """Rows of before the migration hold their text in the message id column and no values."""
    assert message_render("Сіздің ЖОЖ-ыңыз 50% {дайын}", {}) == "Сіздің ЖОЖ-ыңыз 50% {дайын}"
    assert message_render("", {"term": "x"}) == ""


def test_only_named_placeholders_are_filled():
    params = message_params({"term": "2026–2027, Autumn", "count": 3})
    assert (
        message_render("{term}: %(count)d of {missing} %(other)s", params)
        == "2026–2027, Autumn: 3 of {missing} %(other)s"
    )
    assert message_render("{term.__class__}", params) == "{term.__class__}"

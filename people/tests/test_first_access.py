"""First access (docs/modules.md#accounts): a student the office added asks for a link, opens it, sets a password."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from people.services.access import first_access_link_request, student_create
from people.tasks import send_first_access_email_task
from people.tests.factories import PASSWORD, StudentFactory
from people.tokens import first_access_token_generator
from university.tests.factories import StudyGroupFactory, UniversityFactory

pytestmark = pytest.mark.django_db

LINK_RE = re.compile(r"https?://\S+/access/first/[^/\s]+/[^/\s]+/")
NEW_PASSWORD = "first-own-pass-31"


@pytest.fixture
def newcomer(registrar):
    """A student the registrar enrolled: an account without a password."""
    group = StudyGroupFactory()
    record = student_create(
        email="Newcomer@Example.kz",
        last_name="Abaev",
        first_name="Aidos",
        programme=group.programme,
        group=group,
        student_number="S-NEW-1",
        actor=registrar,
    )
    # the e-mail goes out in the person's language (Kazakh when unset); these tests read it in English
    record.user.language = "en"
    record.user.save(update_fields=["language"])
    return record.user


def request_link(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("access:first_access"), {"email": email})


def link_for(user, token=None):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = token or first_access_token_generator.make_token(user)
    return reverse("access:first_access_confirm", kwargs={"uidb64": uidb64, "token": token})


def test_first_access_end_to_end(en_client, newcomer, django_capture_on_commit_callbacks):
    assert not newcomer.has_usable_password()

    response = request_link(en_client, "newcomer@example.kz", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("access:first_access_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["newcomer@example.kz"]
    assert message.subject == "Your first access to the student cabinet"
    link = LINK_RE.search(message.body).group(0)
    assert link.startswith("http://testserver/access/first/")

    opened = en_client.get(link)  # the token moves into the session, out of the address bar
    assert opened.status_code == 302
    assert opened["Location"].endswith("/set-password/")
    form_page = en_client.get(opened["Location"])
    assert form_page.status_code == 200
    assert "Choose your password" in form_page.content.decode()

    done = en_client.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == reverse("cabinet:dashboard")
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert en_client.session[SESSION_KEY] == str(newcomer.pk)
    address = EmailAddress.objects.get(user=newcomer)
    assert (address.email, address.verified, address.primary) == ("newcomer@example.kz", True, True)

    en_client.logout()  # the test client drops every cookie, the language one too
    en_client.cookies["django_language"] = "en"
    reused = en_client.get(link)
    assert reused.status_code == 200
    assert 'data-testid="first-access-invalid"' in reused.content.decode()
    assert "already been used or has expired" in reused.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)


def test_the_new_password_signs_in_through_the_login_page(en_client, newcomer):
    set_url = en_client.get(link_for(newcomer))["Location"]
    en_client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    en_client.logout()  # the test client drops every cookie, the language one too
    en_client.cookies["django_language"] = "en"
    response = en_client.post(reverse("account_login"), {"login": newcomer.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert en_client.session[SESSION_KEY] == str(newcomer.pk)


def test_unknown_email_sends_nothing_and_answers_the_same(en_client, newcomer, django_capture_on_commit_callbacks):
    known = request_link(en_client, newcomer.email, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    unknown = request_link(en_client, "nobody@example.kz", django_capture_on_commit_callbacks)

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert mail.outbox == []
    page = en_client.get(unknown["Location"]).content.decode()
    assert "If this e-mail belongs to an account that has no password yet" in page


def test_someone_with_a_password_gets_nothing(en_client, student, django_capture_on_commit_callbacks):
    response = request_link(en_client, student.email, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("access:first_access_sent")
    assert mail.outbox == []


def test_a_closed_account_gets_nothing(en_client, newcomer, django_capture_on_commit_callbacks):
    newcomer.is_active = False
    newcomer.save()
    request_link(en_client, newcomer.email, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_email_is_queued_only_after_commit(newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert first_access_link_request(email=newcomer.email) is True
        assert mail.outbox == []
    assert len(callbacks) == 1


def test_bad_email_keeps_the_input_and_shows_an_error(en_client):
    response = en_client.post(reverse("access:first_access"), {"email": "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html
    assert 'value="not-an-email"' in html


def test_too_many_requests_for_one_email_are_refused(en_client, newcomer, django_capture_on_commit_callbacks):
    for _ in range(5):
        assert request_link(en_client, newcomer.email, django_capture_on_commit_callbacks).status_code == 302
    response = request_link(en_client, newcomer.email, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert len(mail.outbox) == 5


def test_expired_link_shows_the_used_or_expired_page(en_client, newcomer, monkeypatch):
    four_days_ago = datetime.datetime.now() - datetime.timedelta(days=4)
    monkeypatch.setattr(first_access_token_generator, "_now", lambda: four_days_ago)
    old_link = link_for(newcomer)
    monkeypatch.undo()

    response = en_client.get(old_link)

    html = response.content.decode()
    assert response.status_code == 200
    assert "This link no longer works" in html
    assert f'action="{reverse("access:first_access")}"' in html  # a new link is one click away


def test_a_link_two_days_old_still_works(en_client, newcomer, monkeypatch):
    two_days_ago = datetime.datetime.now() - datetime.timedelta(days=2)
    monkeypatch.setattr(first_access_token_generator, "_now", lambda: two_days_ago)
    link = link_for(newcomer)
    monkeypatch.undo()
    assert en_client.get(link).status_code == 302


def test_a_password_reset_token_is_not_a_first_access_token(en_client, newcomer):
    from django.contrib.auth.tokens import default_token_generator

    response = en_client.get(link_for(newcomer, token=default_token_generator.make_token(newcomer)))
    assert 'data-testid="first-access-invalid"' in response.content.decode()


def test_garbage_link_is_the_invalid_page_not_an_error(en_client):
    response = en_client.get(reverse("access:first_access_confirm", kwargs={"uidb64": "!!!", "token": "x-y"}))
    assert response.status_code == 200
    assert 'data-testid="first-access-invalid"' in response.content.decode()
    direct = en_client.get(reverse("access:first_access_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}))
    assert 'data-testid="first-access-invalid"' in direct.content.decode()


def test_mismatched_passwords_keep_the_page_and_change_nothing(en_client, newcomer):
    set_url = en_client.get(link_for(newcomer))["Location"]
    response = en_client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "something-else-9"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()
    assert SESSION_KEY not in en_client.session


def test_signed_in_person_is_sent_to_the_dashboard(client, student):
    client.force_login(student)
    assert client.get(reverse("access:first_access"))["Location"] == reverse("cabinet:dashboard")


def test_task_uses_the_university_host_and_the_persons_language(newcomer):
    university = UniversityFactory()
    university.host = "demo.studyspace.kz"
    university.save()
    newcomer.language = "en"
    newcomer.save()

    assert send_first_access_email_task(newcomer.pk) is True

    body = mail.outbox[0].body
    assert LINK_RE.search(body).group(0).startswith("http://demo.studyspace.kz/access/first/")
    assert "Hello, Aidos!" in body
    assert "works for 3 days" in body


def test_task_is_harmless_once_a_password_is_set(newcomer):
    newcomer.set_password(PASSWORD)
    newcomer.save()
    assert send_first_access_email_task(newcomer.pk) is False
    assert send_first_access_email_task(10**9) is False
    assert mail.outbox == []


def test_new_link_replaces_nothing_but_both_die_with_the_password(en_client, newcomer):
    first, second = link_for(newcomer), link_for(newcomer)
    set_url = en_client.get(first)["Location"]
    en_client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    en_client.logout()  # the test client drops every cookie, the language one too
    en_client.cookies["django_language"] = "en"
    assert 'data-testid="first-access-invalid"' in en_client.get(second).content.decode()


def test_student_factory_users_are_not_first_access_candidates(db):
    person = StudentFactory()
    assert first_access_link_request(email=person.email) is False

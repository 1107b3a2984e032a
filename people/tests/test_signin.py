"""Sign-in, sign-out, password reset and change through allauth with our pages (docs/modules.md#accounts)."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from people.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

MISMATCH = "The e-mail or the password is not correct."
ACCOUNT_FORMS = {  # the lines to add to config/settings/base.py
    "signup": "people.forms.ApplicantSignupForm",
    "add_email": "people.forms.ChangeEmailForm",
}
LOCKOUT = "Too many failed sign-in attempts."


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in_pk(client):
    return client.session.get(SESSION_KEY)


def test_login_page_is_ours_with_first_access_link(en_client):
    response = en_client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "First access? Get your link" in html
    assert f'href="{reverse("access:first_access")}"' in html
    assert f'href="{reverse("account_reset_password")}"' in html
    assert "bootstrap" in html  # our public layout, not allauth's bare one


def test_sign_in_with_the_right_password(en_client, student):
    response = sign_in(en_client, "Student@Example.kz", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("cabinet:dashboard")
    assert signed_in_pk(en_client) == str(student.pk)


def test_wrong_password_is_refused_with_a_message_and_keeps_the_email(en_client, student):
    response = sign_in(en_client, student.email, "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert MISMATCH in html
    assert f'value="{student.email}"' in html
    assert signed_in_pk(en_client) is None


def test_unknown_email_gets_the_same_message_as_a_wrong_password(en_client, student):
    wrong = sign_in(en_client, student.email, "not-the-password")
    unknown = sign_in(en_client, "nobody@example.kz", "not-the-password")
    assert unknown.status_code == wrong.status_code == 200
    assert [str(e) for e in unknown.context["form"].non_field_errors()] == [MISMATCH]
    assert [str(e) for e in wrong.context["form"].non_field_errors()] == [MISMATCH]
    assert signed_in_pk(en_client) is None


def test_five_wrong_passwords_lock_the_email_even_for_the_right_one(en_client, student):
    for _ in range(5):
        assert MISMATCH in sign_in(en_client, student.email, "guess").content.decode()

    response = sign_in(en_client, student.email, PASSWORD)

    html = response.content.decode()
    assert response.status_code == 200
    assert LOCKOUT in html
    assert 'data-testid="lockout"' in html
    assert signed_in_pk(en_client) is None


def test_lockout_is_per_email(en_client, student, teacher):
    for _ in range(5):
        sign_in(en_client, student.email, "guess")
    assert sign_in(en_client, teacher.email, PASSWORD).status_code == 302
    assert signed_in_pk(en_client) == str(teacher.pk)


def test_sign_out_asks_then_signs_out(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)

    page = client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert "Are you sure you want to sign out" in page.content.decode()
    assert signed_in_pk(client) == str(student.pk)

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert signed_in_pk(client) is None


def test_password_reset_mails_a_working_link_to_a_known_address(en_client, student):
    response = en_client.post(reverse("account_reset_password"), {"email": student.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [student.email]
    link = re.search(r"https?://\S+/password/reset/key/\S+", mail.outbox[0].body).group(0)

    form_page = en_client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    action = form_page.redirect_chain[-1][0]
    done = en_client.post(action, {"password1": "brand-new-pass-77", "password2": "brand-new-pass-77"})

    assert done.status_code == 302
    student.refresh_from_db()
    assert student.check_password("brand-new-pass-77")
    assert not student.check_password(PASSWORD)


def test_password_reset_answers_the_same_for_an_unknown_address(en_client, student):
    known = en_client.post(reverse("account_reset_password"), {"email": student.email})
    unknown = en_client.post(reverse("account_reset_password"), {"email": "nobody@example.kz"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    done_page = en_client.get(unknown["Location"]).content.decode()
    assert "If an account uses this address" in done_page
    # the only mail to the unknown address carries no reset link
    to_unknown = [m for m in mail.outbox if m.to == ["nobody@example.kz"]]
    assert all("/password/reset/key/" not in m.body for m in to_unknown)


def test_used_reset_link_shows_a_clear_page(en_client):
    response = en_client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}))
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


def test_password_change(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)

    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200
    assert "Current password" in page.content.decode()

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another-pass-88", "password2": "another-pass-88"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("another-pass-88")
    assert signed_in_pk(client) == str(student.pk)  # ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False


def test_password_change_with_a_wrong_current_password_changes_nothing(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "another-pass-88", "password2": "another-pass-88"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


def test_email_page_renders_for_a_student(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    assert "New e-mail" in response.content.decode()


def test_email_change_keeps_the_login_until_the_new_address_is_confirmed(client, student, settings):
    """The student's own address was never confirmed (the registrar gave it): changing must not erase it."""
    settings.ACCOUNT_FORMS = ACCOUNT_FORMS
    student.language = "en"
    student.save()
    client.force_login(student)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new.address@example.kz"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.email == "student@example.kz"  # unchanged until confirmed
    assert [m.to for m in mail.outbox] == [["new.address@example.kz"]]
    page = client.get(reverse("account_email")).content.decode()
    assert 'data-testid="pending-email"' in page
    assert "new.address@example.kz" in page

    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[0].body).group(0)
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    student.refresh_from_db()
    assert student.email == "new.address@example.kz"
    client.logout()
    assert sign_in(client, "new.address@example.kz", PASSWORD).status_code == 302

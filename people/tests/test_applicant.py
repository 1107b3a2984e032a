"""Applicants sign up themselves; an admitted applicant becomes a student in place (docs/modules.md#accounts)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditRecord
from people.models import StudentRecord, User
from people.services.access import applicant_admit, student_create
from people.tests.factories import PASSWORD, StudentFactory, UserFactory
from university.tests.factories import StudyGroupFactory

pytestmark = pytest.mark.django_db

ACCOUNT_FORMS = {  # the lines to add to config/settings/base.py
    "signup": "people.forms.ApplicantSignupForm",
    "add_email": "people.forms.ChangeEmailForm",
}


@pytest.fixture
def account_forms(settings):
    settings.ACCOUNT_FORMS = ACCOUNT_FORMS


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.kz", is_applicant=True)


@pytest.fixture
def group(db):
    return StudyGroupFactory(name="IS-26-1")


def signup_data(**overrides):
    data = {
        "last_name": "Nurlanova",
        "first_name": "Aruzhan",
        "email": "Aruzhan@Example.kz",
        "password1": "applicant-pass-55",
        "password2": "applicant-pass-55",
    }
    return data | overrides


def test_signup_page_asks_names_email_and_password_twice(en_client, account_forms):
    response = en_client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Last name", "First name", "E-mail", "Password", "Password again"):
        assert f">{label}</label>" in html
    assert list(response.context["form"].fields)[:5] == ["last_name", "first_name", "email", "password1", "password2"]


def test_signup_creates_an_applicant_who_confirms_the_address_to_sign_in(en_client, account_forms):
    response = en_client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="aruzhan@example.kz")
    assert (user.last_name, user.first_name) == ("Nurlanova", "Aruzhan")
    assert user.is_applicant and not user.is_student and not user.is_staff
    assert user.roles == {"applicant"}
    assert user.language == "en"
    assert user.check_password("applicant-pass-55")
    assert SESSION_KEY not in en_client.session  # not yet: a taken address must get the same answer
    assert EmailAddress.objects.filter(user=user, email="aruzhan@example.kz", primary=True).exists()
    assert [m.to for m in mail.outbox] == [["aruzhan@example.kz"]]

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    confirm_page = en_client.get(link)
    assert confirm_page.status_code == 200
    confirmed = en_client.post(link)
    assert confirmed.status_code == 302
    assert en_client.session[SESSION_KEY] == str(user.pk)  # the link, opened where they signed up, signs them in
    assert EmailAddress.objects.get(user=user).verified


def test_signup_without_names_is_refused_and_keeps_what_was_typed(en_client, account_forms):
    response = en_client.post(reverse("account_signup"), signup_data(last_name="", first_name=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert not User.objects.exists()
    assert 'value="Aruzhan@Example.kz"' in html
    assert html.count("This field is required.") == 2


def test_signup_answers_the_same_for_a_taken_email_and_tells_its_owner_by_mail(en_client, account_forms, student):
    """Security review: sign-up said "already in use", telling anyone who has an account (issue 9, part 7.4)."""
    taken = en_client.post(reverse("account_signup"), signup_data(email=student.email.upper()))
    taken_page = en_client.get(taken["Location"]).content.decode()
    fresh = en_client.post(reverse("account_signup"), signup_data(email="fresh@example.kz"))
    fresh_page = en_client.get(fresh["Location"]).content.decode()

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == reverse("account_email_verification_sent")
    assert _without_csrf(taken_page.replace(student.email, "fresh@example.kz")) == _without_csrf(fresh_page)
    assert "already in use" not in taken_page
    assert User.objects.filter(email=student.email).count() == 1
    student.refresh_from_db()
    assert student.check_password(PASSWORD) and not student.is_applicant
    to_owner = [m for m in mail.outbox if m.to == [student.email]]
    assert [m.subject for m in to_owner] == ["You already have an account"]
    assert "/accounts/password/reset/" in to_owner[0].body


def _without_csrf(html: str) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_signup_with_mandatory_verification_hides_a_taken_email(en_client, account_forms, student, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    taken = en_client.post(reverse("account_signup"), signup_data(email=student.email))
    fresh = en_client.post(reverse("account_signup"), signup_data(email="fresh@example.kz"))
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert User.objects.filter(email=student.email).count() == 1
    assert "You already have an account" in [m.subject for m in mail.outbox]


def test_applicant_admit_keeps_the_same_account_login_and_password(en_client, applicant, group, registrar):
    pk, email, password_hash = applicant.pk, applicant.email, applicant.password

    record = applicant_admit(
        user=applicant, programme=group.programme, group=group, student_number="S2600001", actor=registrar
    )

    person = User.objects.get(pk=pk)
    assert User.objects.filter(email=email).count() == 1
    assert record.user_id == pk
    assert (person.email, person.password) == (email, password_hash)
    assert person.is_student and not person.is_applicant
    assert person.student_record.student_number == "S2600001"
    assert person.student_record.group == group
    assert applicant.is_student  # the caller's instance follows
    audit = AuditRecord.objects.get(action="people.applicant_admit")
    assert (audit.actor, audit.target_id) == (registrar, str(pk))
    assert audit.after["student_number"] == "S2600001"

    response = en_client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    assert en_client.session[SESSION_KEY] == str(pk)


def test_applicant_admit_refuses_twice(applicant, group, registrar):
    applicant_admit(user=applicant, programme=group.programme, group=group, student_number="S1", actor=registrar)

    with pytest.raises(ValidationError, match="already a student"):
        applicant_admit(user=applicant, programme=group.programme, group=group, student_number="S2", actor=registrar)

    assert StudentRecord.objects.filter(user=applicant).count() == 1
    assert AuditRecord.objects.filter(action="people.applicant_admit").count() == 1


def test_applicant_admit_refuses_a_student_or_a_non_applicant(student, teacher, group, registrar):
    with pytest.raises(ValidationError, match="already a student"):
        applicant_admit(user=student, programme=group.programme, group=group, student_number="S9", actor=registrar)
    with pytest.raises(ValidationError, match="not an applicant"):
        applicant_admit(user=teacher, programme=group.programme, group=group, student_number="S9", actor=registrar)
    teacher.refresh_from_db()
    assert not teacher.is_student
    assert not StudentRecord.objects.filter(student_number="S9").exists()


def test_applicant_admit_refuses_a_taken_student_id_or_a_foreign_group(applicant, group, registrar):
    taken = StudentFactory().student_record.student_number
    with pytest.raises(ValidationError) as error:
        applicant_admit(user=applicant, programme=group.programme, group=group, student_number=taken, actor=registrar)
    assert "student_number" in error.value.message_dict

    other = StudyGroupFactory()
    with pytest.raises(ValidationError) as error:
        applicant_admit(user=applicant, programme=group.programme, group=other, student_number="S5", actor=registrar)
    assert "group" in error.value.message_dict

    applicant.refresh_from_db()
    assert applicant.is_applicant and not applicant.is_student
    assert not StudentRecord.objects.filter(user=applicant).exists()


def test_student_create_makes_an_account_without_a_password(group, registrar):
    record = student_create(
        email=" Bolat@Example.KZ ",
        last_name="Serikov",
        first_name="Bolat",
        programme=group.programme,
        group=group,
        student_number="S2600002",
        actor=registrar,
    )

    user = record.user
    assert user.email == "bolat@example.kz"
    assert user.is_student and not user.is_applicant
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, email=user.email, primary=True, verified=False).exists()
    assert AuditRecord.objects.filter(action="people.student_create", target_id=str(user.pk)).exists()


def test_student_create_refuses_a_known_email(student, group, registrar):
    with pytest.raises(ValidationError) as error:
        student_create(
            email="STUDENT@example.kz",
            last_name="X",
            first_name="Y",
            programme=group.programme,
            group=group,
            student_number="S77",
            actor=registrar,
        )
    assert "email" in error.value.message_dict
    assert User.objects.filter(email="student@example.kz").count() == 1
    assert not StudentRecord.objects.filter(student_number="S77").exists()

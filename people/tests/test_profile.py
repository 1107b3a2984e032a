import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Kind, Notification, Preference
from notifications.services import notify
from people.tests.factories import AdvisorFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

SETTINGS_PAGES = [
    "people:settings",
    "people:settings_notifications",
    "people:settings_contacts",
    "people:settings_security",
]


def sign_in(client, person):
    person.language = "en"
    person.save()
    client.force_login(person)
    return client


# Profile card


def test_profile_shows_the_students_card_and_record(client):
    advisor = AdvisorFactory(first_name="Aigerim", last_name="Seitkali")
    student = StudentFactory(phone="+77012345678", record__advisor=advisor, record__year_of_study=2)
    record = student.student_record
    sign_in(client, student)

    response = client.get(reverse("people:profile"))

    html = response.content.decode()
    assert student.get_full_name() in html
    assert student.email in html
    assert "+77012345678" in html
    assert "Student" in html
    assert record.student_number in html
    assert record.programme.code in html and record.programme.name_en in html
    assert record.group.name in html
    assert "Seitkali Aigerim" in html
    assert 'data-testid="teacher-record"' not in html


def test_profile_shows_the_teachers_record(client, teacher):
    sign_in(client, teacher)

    html = client.get(reverse("people:profile")).content.decode()

    assert 'data-testid="teacher-record"' in html
    assert teacher.teacher_record.department.name_en in html
    assert "Senior lecturer" in html
    assert 'data-testid="student-record"' not in html


def test_profile_of_a_person_without_records(client):
    sign_in(client, UserFactory(is_applicant=True))

    html = client.get(reverse("people:profile")).content.decode()

    assert 'data-testid="no-record"' in html


def test_profile_query_budget(client, student, django_assert_max_num_queries):
    sign_in(client, student)
    with django_assert_max_num_queries(6):
        client.get(reverse("people:profile"))


@pytest.mark.parametrize("name", ["people:profile", *SETTINGS_PAGES])
def test_profile_pages_require_sign_in(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# Settings tabs


@pytest.mark.parametrize(
    ("name", "active"),
    [
        ("people:settings", "Personal data"),
        ("people:settings_notifications", "Notifications"),
        ("people:settings_contacts", "Contacts"),
        ("people:settings_security", "Security"),
    ],
)
def test_each_settings_tab_has_its_own_url_and_is_marked_active(client, student, name, active):
    sign_in(client, student)

    html = client.get(reverse(name)).content.decode()

    assert html.count('class="nav-link active"') == 1
    active_link = html.split('class="nav-link active"', 1)[1].split("</a>", 1)[0]
    assert active in active_link
    for other in SETTINGS_PAGES:
        assert reverse(other) in html


def test_security_tab_links_to_password_change_and_shows_last_sign_in(client, student):
    sign_in(client, student)
    student.refresh_from_db()
    assert student.last_login is not None

    html = client.get(reverse("people:settings_security")).content.decode()

    assert reverse("account_change_password") in html
    last_login = html.split('data-testid="last-login"', 1)[1].split("</dd>", 1)[0]
    assert "<time datetime=" in last_login
    assert str(student.last_login.year) in last_login


def test_contacts_tab_sends_e_mail_changes_to_allauth(client, student):
    sign_in(client, student)

    html = client.get(reverse("people:settings_contacts")).content.decode()

    assert reverse("account_email") in html
    assert student.email in html


# Notifications tab


def test_notification_preferences_save_and_are_respected(client, student, django_capture_on_commit_callbacks):
    sign_in(client, student)
    data = {f"{kind}-in_app": "on" for kind in Kind.values} | {f"{kind}-email": "on" for kind in Kind.values}
    del data["grade-in_app"]
    del data["news-email"]

    response = client.post(reverse("people:settings_notifications"), data, follow=True)

    assert "Your notification settings are saved." in response.content.decode()
    assert Preference.objects.filter(user=student).count() == len(Kind.values)
    grade = Preference.objects.get(user=student, kind=Kind.GRADE)
    assert (grade.in_app, grade.email) == (False, True)
    news = Preference.objects.get(user=student, kind=Kind.NEWS)
    assert (news.in_app, news.email) == (True, False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=student, kind=Kind.GRADE, title="Grade posted")
        notify(recipient=student, kind=Kind.NEWS, title="Open day")
    assert list(Notification.objects.filter(recipient=student).values_list("title_msgid", flat=True)) == ["Open day"]
    assert [m.subject for m in mail.outbox] == ["Grade posted"]


def test_notification_tab_shows_the_saved_choices(client, student):
    Preference.objects.create(user=student, kind=Kind.FINANCE, in_app=False, email=True)
    sign_in(client, student)

    html = client.get(reverse("people:settings_notifications")).content.decode()

    finance_in_app = (
        html.split('name="finance-in_app"', 1)[0].rsplit("<input", 1)[1]
        + html.split('name="finance-in_app"', 1)[1].split(">", 1)[0]
    )
    assert "checked" not in finance_in_app
    assert html.count("checked") == 2 * len(Kind.values) - 1


def test_notification_tab_query_budget_does_not_grow(client, student, django_assert_max_num_queries):
    sign_in(client, student)
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("people:settings_notifications"))
    for kind in Kind.values:
        Preference.objects.create(user=student, kind=kind, in_app=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("people:settings_notifications"))


def test_forged_preferences_post_changes_only_the_signed_in_person(client, student, teacher):
    sign_in(client, student)

    client.post(reverse("people:settings_notifications"), {"user": teacher.pk, "user_id": teacher.pk})

    assert not Preference.objects.filter(user=teacher).exists()
    assert Preference.objects.filter(user=student, in_app=False, email=False).count() == len(Kind.values)


# Contacts tab

GOOD_CONTACTS = {
    "phone": "8 (701) 234-56-78",
    "telegram": "@aidana_s",
    "instagram": "https://www.instagram.com/aidana.s/",
    "linkedin": "https://www.linkedin.com/in/aidana-s",
}


def test_contacts_save_normalised(client, student):
    sign_in(client, student)

    response = client.post(reverse("people:settings_contacts"), GOOD_CONTACTS, follow=True)

    assert "Your contacts are saved." in response.content.decode()
    student.refresh_from_db()
    assert student.phone == "+77012345678"
    assert student.telegram == "aidana_s"
    assert student.instagram == "aidana.s"
    assert student.linkedin == "https://www.linkedin.com/in/aidana-s"


def test_contacts_can_be_cleared(client):
    student = StudentFactory(phone="+77012345678", telegram="aidana_s")
    sign_in(client, student)

    client.post(reverse("people:settings_contacts"), {"phone": "", "telegram": "", "instagram": "", "linkedin": ""})

    student.refresh_from_db()
    assert (student.phone, student.telegram) == ("", "")


@pytest.mark.parametrize("phone", ["12345", "+7 701 234 56", "call me", "+7 701 234 56 78 99", "+0 123 456 789"])
def test_bad_phone_is_refused_keeping_what_was_typed(client, phone):
    student = StudentFactory(phone="+77010000000")
    sign_in(client, student)
    data = GOOD_CONTACTS | {"phone": phone}

    response = client.post(reverse("people:settings_contacts"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid phone number with the country code." in html
    assert f'value="{phone}"' in html
    assert 'value="@aidana_s"' in html  # the other typed values stay in the form too
    student.refresh_from_db()
    assert student.phone == "+77010000000"
    assert student.telegram == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("telegram", "ab", "A Telegram username"),
        ("instagram", "not a name!", "An Instagram username"),
        ("linkedin", "https://evil.example.com/in/me", "LinkedIn profile"),
        ("linkedin", "javascript:alert(1)", "Enter a valid URL"),
        # a browser opens these on evil.example (issue 9, part 7.8)
        ("linkedin", "https://evil.example\\@www.linkedin.com/in/me", "LinkedIn profile"),
        ("linkedin", "https://evil.example@www.linkedin.com/in/me", "LinkedIn profile"),
    ],
)
def test_bad_social_profiles_are_refused(client, student, field, value, message):
    sign_in(client, student)

    response = client.post(reverse("people:settings_contacts"), GOOD_CONTACTS | {field: value})

    assert message in response.content.decode()
    student.refresh_from_db()
    assert student.phone == ""


def test_forged_contacts_post_changes_only_the_signed_in_person(client, student, teacher):
    sign_in(client, student)
    teacher_email = teacher.email
    forged = GOOD_CONTACTS | {"user": teacher.pk, "id": teacher.pk, "pk": teacher.pk, "email": "hijack@example.kz"}

    client.post(reverse("people:settings_contacts"), forged)

    teacher.refresh_from_db()
    assert (teacher.phone, teacher.telegram, teacher.email) == ("", "", teacher_email)
    student.refresh_from_db()
    assert student.phone == "+77012345678"
    assert student.email == "student@example.kz"


def test_forged_photo_post_cannot_touch_another_persons_photo(client, student):
    other = UserFactory(photo="photos/2026/other.jpg")
    sign_in(client, student)

    client.post(reverse("people:photo_remove"), {"user": other.pk, "pk": other.pk})

    other.refresh_from_db()
    assert other.photo.name == "photos/2026/other.jpg"

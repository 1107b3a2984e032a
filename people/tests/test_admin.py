"""The registrar's Django admin for people: lists, filters, enrolment, first-access links, admitting applicants."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from people.models import StudentRecord, User
from people.tests.factories import (
    PASSWORD,
    RegistrarFactory,
    StudentFactory,
    StudentRecordFactory,
    TeacherFactory,
    UserFactory,
)
from university.tests.factories import StudyGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, registrar):
    registrar.language = "en"
    registrar.save()
    client.force_login(registrar)
    return client


def changelist(model):
    return reverse(f"admin:people_{model}_changelist")


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", ["user", "studentrecord", "teacherrecord"])
def test_changelists_and_add_forms_render_for_a_registrar(office, model, student, teacher, advisor):
    assert office.get(changelist(model)).status_code == 200
    assert office.get(reverse(f"admin:people_{model}_add")).status_code == 200


def test_change_forms_render_for_a_registrar(office, student, teacher):
    assert office.get(reverse("admin:people_user_change", args=[student.pk])).status_code == 200
    assert office.get(reverse("admin:people_studentrecord_change", args=[student.student_record.pk])).status_code == 200
    assert office.get(reverse("admin:people_teacherrecord_change", args=[teacher.teacher_record.pk])).status_code == 200


def test_admin_index_lists_people_and_university(office):
    html = office.get(reverse("admin:index")).content.decode()
    assert reverse("admin:people_user_changelist") in html
    assert reverse("admin:university_programme_changelist") in html


KAZAKH_ORDER = ["Абаев", "Әлиев", "Ёлкин", "Қасымов", "Тоқаев", "Үсенова", "Шәкенов"]


@pytest.mark.parametrize("model", ["user", "studentrecord"])
def test_people_changelists_sort_by_the_alphabet(office, model):
    """By character code Ә, Қ and Ү came after Т and Ш, and Ё before А (issue 9, §5.7); by default and when the
    name column is clicked (o=2: the column after the checkbox and the e-mail or student ID)."""
    for name in reversed(KAZAKH_ORDER):
        StudentRecordFactory(user__last_name=name)

    def names(query=""):
        response = office.get(f"{changelist(model)}?{query}")
        rows = response.context["cl"].result_list
        found = [row.last_name if model == "user" else row.user.last_name for row in rows]
        return [name for name in found if name in KAZAKH_ORDER]

    assert names() == KAZAKH_ORDER
    assert names("o=2") == KAZAKH_ORDER
    assert names("o=-2") == KAZAKH_ORDER[::-1]


@pytest.mark.parametrize(
    "query",
    [
        "is_student__exact=1",
        "is_applicant__exact=1",
        "is_active__exact=0",
        "student_record__year_of_study=1",
        "student_record__status=active",
    ],
)
def test_user_filters_work(office, student, teacher, query):
    response = office.get(f"{changelist('user')}?{query}")
    assert response.status_code == 200  # an unknown filter would redirect with ?e=1


def test_user_filter_by_programme_and_search_by_student_number(office, student, teacher):
    record = student.student_record
    StudentFactory()  # another programme: with one, Django hides the filter
    by_programme = office.get(f"{changelist('user')}?student_record__programme__id__exact={record.programme_id}")
    assert [u.pk for u in by_programme.context["cl"].result_list] == [student.pk]
    found = office.get(f"{changelist('user')}?q={record.student_number}")
    assert [u.pk for u in found.context["cl"].result_list] == [student.pk]


def test_student_record_filters_and_search(office, student, advisor):
    record = student.student_record
    record.advisor = advisor
    record.save()
    StudentRecordFactory(year_of_study=3, status=StudentRecord.Status.ACADEMIC_LEAVE, funding="paid", advisor=None)
    for query in (
        f"programme__id__exact={record.programme_id}",
        "year_of_study=1",
        f"group__id__exact={record.group_id}",
        "status__exact=active",
        "funding__exact=grant",
        f"advisor__id__exact={advisor.pk}",
        f"q={student.last_name}",
    ):
        response = office.get(f"{changelist('studentrecord')}?{query}")
        assert [r.pk for r in response.context["cl"].result_list] == [record.pk], query


def test_user_changelist_query_count_does_not_grow_with_rows(office, django_assert_max_num_queries):
    StudentFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        office.get(changelist("user"))
    StudentFactory.create_batch(12)
    TeacherFactory.create_batch(3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        office.get(changelist("user"))


def test_student_record_changelist_query_count_does_not_grow_with_rows(office, django_assert_max_num_queries):
    StudentFactory.create_batch(3)
    with django_assert_max_num_queries(14) as few:
        office.get(changelist("studentrecord"))
    StudentFactory.create_batch(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        office.get(changelist("studentrecord"))


def test_registrar_enrols_a_student_and_the_link_goes_out(office, registrar, django_capture_on_commit_callbacks):
    group = StudyGroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("admin:people_studentrecord_add"),
            {
                "email": "Enrolled@Example.kz",
                "last_name": "Tulegenov",
                "first_name": "Dias",
                "student_number": "S2699",
                "programme": group.programme_id,
                "group": group.pk,
                "send_link": "on",
            },
        )
    assert response.status_code == 302
    record = StudentRecord.objects.get(student_number="S2699")
    assert record.user.email == "enrolled@example.kz"
    assert record.user.is_student and not record.user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["enrolled@example.kz"]]
    assert "/access/first/" in mail.outbox[0].body


def test_enrolment_with_a_known_email_or_taken_number_is_refused(office, student):
    group = StudyGroupFactory()
    response = office.post(
        reverse("admin:people_studentrecord_add"),
        {
            "email": student.email.upper(),
            "last_name": "X",
            "first_name": "Y",
            "student_number": student.student_record.student_number.lower(),
            "programme": group.programme_id,
            "group": StudyGroupFactory().pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"email", "student_number", "group"}
    assert User.objects.count() == 2  # the registrar and the student


def test_send_first_access_link_action_sends_only_to_those_without_a_password(
    office, student, registrar, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(email="newcomer@example.kz", is_student=True)
    newcomer.set_unusable_password()
    newcomer.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            changelist("user"),
            {"action": "send_first_access_link", ACTION_CHECKBOX_NAME: [student.pk, newcomer.pk]},
            follow=True,
        )

    assert [m.to for m in mail.outbox] == [["newcomer@example.kz"]]
    assert "1 first-access link sent." in texts(response)
    assert "1 person skipped: they already have a password or the account is closed." in texts(response)


def test_send_first_access_link_action_on_student_records(office, django_capture_on_commit_callbacks):
    record = StudentRecordFactory(user=UserFactory(email="fresh@example.kz", is_student=True, password=None))
    assert not record.user.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            changelist("studentrecord"), {"action": "send_first_access_link", ACTION_CHECKBOX_NAME: [record.pk]}
        )
    assert [m.to for m in mail.outbox] == [["fresh@example.kz"]]


def test_admit_applicants_action_asks_then_admits_in_place(office, student):
    first = UserFactory(email="a1@example.kz", is_applicant=True)
    second = UserFactory(email="a2@example.kz", is_applicant=True)
    group = StudyGroupFactory()
    selected = [first.pk, second.pk, student.pk]

    page = office.post(changelist("user"), {"action": "admit_applicants", ACTION_CHECKBOX_NAME: selected})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Admit applicants as students" in html
    assert f'name="student_number_{first.pk}"' in html
    assert f'name="student_number_{student.pk}"' not in html
    assert not first.__class__.objects.get(pk=first.pk).is_student

    done = office.post(
        changelist("user"),
        {
            "action": "admit_applicants",
            ACTION_CHECKBOX_NAME: selected,
            "apply": "Admit",
            "programme": group.programme_id,
            "group": group.pk,
            f"student_number_{first.pk}": "S-A1",
            f"student_number_{second.pk}": "S-A2",
        },
        follow=True,
    )

    assert "2 applicants admitted as students." in texts(done)
    for person, number in ((first, "S-A1"), (second, "S-A2")):
        admitted = User.objects.get(pk=person.pk)
        assert admitted.is_student and not admitted.is_applicant
        assert admitted.password == person.password
        assert admitted.student_record.student_number == number
        assert admitted.student_record.group == group
    assert User.objects.count() == 4


def test_admit_applicants_is_all_or_nothing(office, student):
    first = UserFactory(email="a1@example.kz", is_applicant=True)
    second = UserFactory(email="a2@example.kz", is_applicant=True)
    group = StudyGroupFactory()

    response = office.post(
        changelist("user"),
        {
            "action": "admit_applicants",
            ACTION_CHECKBOX_NAME: [first.pk, second.pk],
            "apply": "Admit",
            "programme": group.programme_id,
            "group": group.pk,
            f"student_number_{first.pk}": "S-OK",
            f"student_number_{second.pk}": student.student_record.student_number,
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert f"student_number_{second.pk}" in form.errors
    assert 'value="S-OK"' in response.content.decode()
    assert not StudentRecord.objects.filter(user__in=[first, second]).exists()
    assert User.objects.filter(pk__in=[first.pk, second.pk], is_applicant=True).count() == 2


def test_admit_applicants_with_no_applicant_selected_says_so(office, student):
    response = office.post(
        changelist("user"), {"action": "admit_applicants", ACTION_CHECKBOX_NAME: [student.pk]}, follow=True
    )
    assert "None of the selected people is an applicant." in texts(response)


def user_change_data(person, **overrides):
    record = person.student_record
    data = {
        "email": person.email,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "is_student": "on",
        "is_active": "on",
        "student_record-TOTAL_FORMS": "1",
        "student_record-INITIAL_FORMS": "1",
        "student_record-MIN_NUM_FORMS": "0",
        "student_record-MAX_NUM_FORMS": "1",
        "student_record-0-id": record.pk,
        "student_record-0-user": person.pk,
        "student_record-0-student_number": record.student_number,
        "student_record-0-programme": record.programme_id,
        "student_record-0-group": record.group_id,
        "student_record-0-year_of_study": "2",
        "student_record-0-status": "active",
        "student_record-0-funding": "paid",
        "student_record-0-enrolled_on": "2026-09-01",
        "teacher_record-TOTAL_FORMS": "0",
        "teacher_record-INITIAL_FORMS": "0",
        "teacher_record-MIN_NUM_FORMS": "0",
        "teacher_record-MAX_NUM_FORMS": "1",
    }
    return data | overrides


def test_registrar_edits_a_student_and_the_record_inline(office, student):
    response = office.post(
        reverse("admin:people_user_change", args=[student.pk]), user_change_data(student, last_name="Renamed")
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.last_name == "Renamed"
    assert (student.student_record.year_of_study, student.student_record.funding) == (2, "paid")


def test_registrar_cannot_grant_privileges(office, student):
    response = office.post(
        reverse("admin:people_user_change", args=[student.pk]),
        user_change_data(student, is_staff="on", is_superuser="on", is_registrar="on"),
    )
    assert response.status_code == 302  # saved, the privileged flags ignored
    student.refresh_from_db()
    assert not (student.is_staff or student.is_superuser or student.is_registrar)
    form = office.get(reverse("admin:people_user_change", args=[student.pk])).context["adminform"].form
    assert not {"is_superuser", "is_staff", "is_registrar", "groups", "user_permissions"} & set(form.fields)


def test_registrar_cannot_take_over_another_staff_account(office):
    colleague = RegistrarFactory(email="colleague@example.kz")
    page = office.get(reverse("admin:people_user_change", args=[colleague.pk]))
    assert page.status_code == 200  # may look
    response = office.post(
        reverse("admin:people_user_change", args=[colleague.pk]),
        {"email": "mine@example.kz", "last_name": "X", "first_name": "Y"},
    )
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.email == "colleague@example.kz"
    assert office.get(reverse("admin:auth_user_password_change", args=[colleague.pk])).status_code == 403


def test_registrar_can_set_a_students_password(office, student):
    response = office.post(
        reverse("admin:auth_user_password_change", args=[student.pk]),
        {"usable_password": "true", "password1": "set-by-office-12", "password2": "set-by-office-12"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("set-by-office-12")


def test_registrar_cannot_delete_people(office, student):
    response = office.post(reverse("admin:people_user_delete", args=[student.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=student.pk).exists()


def test_plain_staff_and_students_are_kept_out(client, student):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)
    assert client.get(changelist("user")).status_code == 403
    client.force_login(student)
    assert client.get(changelist("user")).status_code == 302  # to the admin login


def test_superuser_sees_everything(client):
    boss = User.objects.create_superuser(email="boss@example.kz", password=PASSWORD, last_name="B", first_name="S")
    client.force_login(boss)
    assert client.get(changelist("user")).status_code == 200
    assert (
        "is_superuser"
        in client.get(reverse("admin:people_user_change", args=[boss.pk])).context["adminform"].form.fields
    )


@pytest.fixture
def office_with_group_permissions(client, registrar):
    """A registrar in a group holding Django's change_user, as the demo's "Registrar office" group does."""
    group = Group.objects.create(name="Registrar office")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="people"))
    registrar.groups.add(group)
    registrar.language = "en"
    registrar.save()
    client.force_login(registrar)
    return client


@pytest.mark.parametrize("kind", ["superuser", "staff"])
def test_model_permissions_do_not_let_a_registrar_take_over_a_staff_account(office_with_group_permissions, kind):
    """Security review: the group's change_user outranked the staff-account guard (issue 9, part 7.1)."""
    client = office_with_group_permissions
    if kind == "superuser":
        target = User.objects.create_superuser(
            email="boss@example.kz", password=PASSWORD, last_name="B", first_name="S"
        )
    else:
        target = RegistrarFactory(email="colleague@example.kz")
    password_url = reverse("admin:auth_user_password_change", args=[target.pk])

    assert client.get(password_url).status_code == 403
    response = client.post(
        password_url, {"usable_password": "true", "password1": "taken-over-123", "password2": "taken-over-123"}
    )
    assert response.status_code == 403
    change_url = reverse("admin:people_user_change", args=[target.pk])
    page = client.get(change_url)
    assert page.status_code == 200  # may look, read only
    html = page.content.decode()
    assert 'name="email"' not in html and 'name="is_superuser"' not in html
    response = client.post(change_url, {"email": "mine@example.kz", "last_name": "X", "first_name": "Y"})
    assert response.status_code == 403
    assert client.post(reverse("admin:people_user_delete", args=[target.pk]), {"post": "yes"}).status_code == 403

    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert target.email in ("boss@example.kz", "colleague@example.kz")


def test_the_registrar_groups_permissions_still_let_them_run_students(office_with_group_permissions, student):
    response = office_with_group_permissions.post(
        reverse("admin:auth_user_password_change", args=[student.pk]),
        {"usable_password": "true", "password1": "set-by-office-12", "password2": "set-by-office-12"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("set-by-office-12")


def test_an_action_never_touches_a_staff_account_for_a_registrar(office_with_group_permissions):
    staff_applicant = UserFactory(is_applicant=True, is_staff=True)
    response = office_with_group_permissions.post(
        changelist("user"), {"action": "admit_applicants", ACTION_CHECKBOX_NAME: [staff_applicant.pk]}, follow=True
    )
    assert "None of the selected people is an applicant." in texts(response)


def test_the_admin_refuses_a_linkedin_link_a_browser_opens_elsewhere(office, student):
    response = office.post(
        reverse("admin:people_user_change", args=[student.pk]),
        user_change_data(student, linkedin="https://evil.example\\@www.linkedin.com/in/me"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "linkedin": ["Enter the https:// address of a LinkedIn profile."]
    }
    student.refresh_from_db()
    assert student.linkedin == ""

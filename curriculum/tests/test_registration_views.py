"""The Registration tab: htmx and plain POST paths, forged requests, access, and the query budget."""

import pytest
from django.urls import reverse

from audit.models import AuditRecord
from curriculum.models import Registration
from people.tests.factories import StudentRecordFactory, TeacherFactory

from .factories import DisciplineFactory, HoldFactory, give_history, install_grade_scale, registration_setup

pytestmark = pytest.mark.django_db

PAGE = reverse("study_plan:registration")
ADD = reverse("study_plan:registration_add")
REMOVE = reverse("study_plan:registration_remove")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def setup(db):
    install_grade_scale()
    return registration_setup(user__language="en")


@pytest.fixture
def signed_in(client, setup):
    client.force_login(setup.user)
    return client


def test_page_lists_the_semester_the_window_and_the_counter(signed_in, setup):
    item = setup.item(credits=5, code="NEXT101")
    later = setup.item(semester=setup.next_semester + 1, code="LATER201")

    response = signed_in.get(PAGE)

    assert response.status_code == 200
    tab = response.context["page"].tab
    assert tab.term == setup.next and tab.semester == setup.next_semester
    assert [r.discipline.code for r in tab.current] == ["NEXT101"]
    assert [r.discipline.code for r in tab.later] == ["LATER201"]
    html = response.content.decode()
    assert f'id="reg-row-{item.discipline.pk}"' in html and f'id="reg-row-{later.discipline.pk}"' in html
    assert setup.window.start_date.strftime("%d.%m.%Y") in html
    assert 'data-field="plan">5<' in html and 'data-field="fact">0<' in html
    assert "+5 credits to Basic disciplines (BD): 0 → 5 of 10" in html


def test_earlier_semesters_show_failed_and_not_taken_only(signed_in, setup):
    from .factories import RegistrationFactory, grade

    failed = setup.item(semester=setup.current_semester, code="FAIL101")
    passed = setup.item(semester=setup.current_semester, code="PASS101")
    setup.item(semester=setup.current_semester, code="MISS101")
    grade(RegistrationFactory(student=setup.student, discipline=failed.discipline, term=setup.current), 10)
    grade(RegistrationFactory(student=setup.student, discipline=passed.discipline, term=setup.current), 90)

    tab = signed_in.get(PAGE).context["page"].tab

    assert sorted(r.discipline.code for r in tab.earlier) == ["FAIL101", "MISS101"]


def test_htmx_register_swaps_the_row_and_updates_the_counter_out_of_band(signed_in, setup):
    item = setup.item(credits=6)
    other = setup.item(credits=4)

    response = signed_in.post(ADD, {"discipline": item.discipline.pk, "term": setup.next.pk}, **HTMX)

    assert response.status_code == 200
    assert Registration.objects.filter(student=setup.student, discipline=item.discipline, term=setup.next).exists()
    html = response.content.decode()
    assert html.startswith(
        f'\n<li class="list-group-item" id="reg-row-{item.discipline.pk}"'
    ) or html.lstrip().startswith(f'<li class="list-group-item" id="reg-row-{item.discipline.pk}"')
    assert "Registered for" in html and 'data-testid="drop"' in html
    assert f'id="reg-row-{other.discipline.pk}" hx-swap-oob="true"' in html
    assert 'id="credit-counter" hx-swap-oob="true"' in html
    assert 'data-field="fact">6<' in html and 'data-field="remainder">4<' in html
    assert 'id="progress-panel" hx-swap-oob="true"' in html
    assert "<html" not in html


def test_plain_post_registers_and_redirects_with_a_message(signed_in, setup):
    item = setup.item()

    response = signed_in.post(ADD, {"discipline": item.discipline.pk, "term": setup.next.pk})

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?term={setup.next.pk}#reg-row-{item.discipline.pk}"
    assert setup.student.registrations.count() == 1
    page = signed_in.get(response["Location"])
    assert "Registered for" in page.content.decode()
    assert page.context["page"].tab.counter.fact == 5


def test_htmx_drop_and_plain_drop(signed_in, setup):
    item = setup.item()
    signed_in.post(ADD, {"discipline": item.discipline.pk, "term": setup.next.pk}, **HTMX)

    response = signed_in.post(REMOVE, {"discipline": item.discipline.pk, "term": setup.next.pk}, **HTMX)
    assert "Dropped" in response.content.decode() and 'data-field="fact">0<' in response.content.decode()
    assert not setup.student.registrations.exists()

    signed_in.post(ADD, {"discipline": item.discipline.pk, "term": setup.next.pk})
    response = signed_in.post(REMOVE, {"discipline": item.discipline.pk, "term": setup.next.pk})
    assert response.status_code == 302 and not setup.student.registrations.exists()


def test_htmx_refusal_shows_the_reason_in_the_row_and_changes_nothing(signed_in, setup):
    setup.student.programme.max_credits_per_semester = 5
    setup.student.programme.save()
    first, second = setup.item(credits=5), setup.item(credits=5)
    signed_in.post(ADD, {"discipline": first.discipline.pk, "term": setup.next.pk}, **HTMX)

    response = signed_in.post(ADD, {"discipline": second.discipline.pk, "term": setup.next.pk}, **HTMX)

    html = response.content.decode()
    assert "would exceed the maximum of 5 credits" in html and 'role="alert"' in html
    assert setup.student.registrations.count() == 1


def test_plain_refusal_redirects_with_the_reason(signed_in, setup):
    item = setup.item()
    HoldFactory(student=setup.student, reason="tuition debt")

    response = signed_in.post(ADD, {"discipline": item.discipline.pk, "term": setup.next.pk}, follow=True)

    assert "Registration is blocked by the Finance office: tuition debt" in response.content.decode()
    assert not setup.student.registrations.exists()


def test_forged_student_id_is_refused_and_changes_nothing(signed_in, setup):
    item = setup.item()
    victim = StudentRecordFactory(programme=setup.student.programme, group=setup.student.group)

    for extra in ({}, HTMX):
        response = signed_in.post(
            ADD, {"discipline": item.discipline.pk, "term": setup.next.pk, "student": victim.pk}, follow=True, **extra
        )
        assert "You can change only your own study plan" in response.content.decode()
    assert not Registration.objects.exists()
    assert not AuditRecord.objects.filter(action="registration.add").exists()


def test_discipline_outside_the_programme_or_unknown_is_refused(signed_in, setup):
    alien = DisciplineFactory(code="ALIEN101")

    response = signed_in.post(ADD, {"discipline": alien.pk, "term": setup.next.pk}, **HTMX)
    assert "is not in the curriculum of your programme" in response.content.decode()
    assert response["HX-Reswap"] == "none"

    response = signed_in.post(ADD, {"discipline": 999999, "term": "x"}, follow=True)
    assert response.status_code == 200
    assert "This discipline does not exist" in response.content.decode()
    assert not Registration.objects.exists()


def test_term_tabs_switch_with_htmx_and_without(signed_in, setup):
    from academic_calendar.models import Period

    from .factories import PeriodFactory

    PeriodFactory(term=setup.current, kind=Period.Kind.ADD_DROP)
    response = signed_in.get(PAGE)
    assert [w.term for w in response.context["page"].windows] == [setup.current, setup.next]
    assert response.context["page"].window.term == setup.next  # the term registered for comes first

    response = signed_in.get(PAGE, {"term": setup.current.pk}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="registration-panel"') and "<html" not in html
    assert response.context["page"].window.term == setup.current
    assert response.context["page"].tab.semester == setup.current_semester

    response = signed_in.get(PAGE, {"term": setup.current.pk})
    assert "<html" in response.content.decode() and response.context["page"].window.term == setup.current


def test_closed_registration_says_when_it_opens(signed_in, setup):
    import datetime

    from django.utils import timezone

    setup.window.start_date = timezone.localdate() + datetime.timedelta(days=5)
    setup.window.end_date = timezone.localdate() + datetime.timedelta(days=9)
    setup.window.save()

    response = signed_in.get(PAGE)

    html = response.content.decode()
    assert "Registration is closed now" in html
    assert setup.window.start_date.strftime("%d.%m.%Y") in html


def test_non_students_get_404_and_anonymous_users_sign_in(client, setup):
    client.force_login(TeacherFactory())
    assert client.get(PAGE).status_code == 404
    assert client.post(ADD, {"discipline": 1, "term": setup.next.pk}).status_code == 404
    client.logout()
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_get_is_not_allowed_on_the_write_endpoints(signed_in):
    assert signed_in.get(ADD).status_code == 405


@pytest.mark.parametrize("url_name", ["study_plan:registration", "study_plan:curriculum"])
def test_query_budget_is_the_same_for_a_first_and_a_fourth_year_student(
    client, url_name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    install_grade_scale()
    counts = []
    for year in (1, 4):
        setup = registration_setup(year_of_study=year)
        give_history(setup)
        HoldFactory(student=setup.student, blocks_registration=False, blocks_exams=True)
        client.force_login(setup.user)
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url_name))
        assert response.status_code == 200
        counts.append(len(queries))
        rows = response.context["page"].tab.rows if url_name.endswith("registration") else None
        assert rows is None or rows
    assert counts[0] == counts[1]


def test_earlier_electives_left_unchosen_in_a_complete_group_are_not_offered(signed_in, setup):
    from .factories import ElectiveGroupFactory, RegistrationFactory, grade

    group = ElectiveGroupFactory(curriculum=setup.curriculum, choose=1)
    chosen = setup.item(semester=setup.current_semester, code="CHOSEN101", elective_group=group)
    setup.item(semester=setup.current_semester, code="OTHER101", elective_group=group)
    open_group = ElectiveGroupFactory(curriculum=setup.curriculum, choose=1)
    setup.item(semester=setup.current_semester, code="OPEN101", elective_group=open_group)
    grade(RegistrationFactory(student=setup.student, discipline=chosen.discipline, term=setup.current), 80)

    tab = signed_in.get(PAGE).context["page"].tab

    assert [r.discipline.code for r in tab.earlier] == ["OPEN101"]

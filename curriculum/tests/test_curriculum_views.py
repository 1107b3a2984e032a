"""The Curriculum tab and the discipline page (docs/modules.md#study-plan)."""

import pytest
from django.urls import reverse

from people.tests.factories import TeacherFactory, TeacherRecordFactory, UserFactory

from .factories import HoldFactory, RegistrationFactory, grade, install_grade_scale, registration_setup

pytestmark = pytest.mark.django_db

CURRICULUM = reverse("study_plan:curriculum")


@pytest.fixture
def setup(db):
    install_grade_scale()
    return registration_setup(year_of_study=2, user__language="en")


def test_semesters_with_statuses_and_the_current_one_open(client, setup):
    first = setup.item(semester=1, code="MATH101")
    setup.item(semester=1, code="HIST101")
    current = setup.item(semester=setup.current_semester, code="MATH201", prerequisites=[first.discipline])
    grade(RegistrationFactory(student=setup.student, discipline=first.discipline, term=setup.term_of_semester(1)), 91)
    RegistrationFactory(student=setup.student, discipline=current.discipline, term=setup.current)
    client.force_login(setup.user)

    response = client.get(CURRICULUM)

    assert response.status_code == 200
    page = response.context["page"]
    assert [b.number for b in page.semesters] == [1, setup.current_semester]
    assert [b.is_current for b in page.semesters] == [False, True]
    statuses = {r.discipline.code: r.status.status for b in page.semesters for r in b.rows}
    assert statuses == {"MATH101": "passed", "HIST101": "not_taken", "MATH201": "in_progress"}
    row = page.semesters[1].rows[0]
    assert [p.discipline.code for p in row.prerequisites] == ["MATH101"]
    assert [p.code for p in page.semesters[0].rows[1].postrequisites] == ["MATH201"]
    html = response.content.decode()
    assert f'id="semester-{setup.current_semester}" class="accordion-collapse collapse show"' in html
    assert 'id="semester-1" class="accordion-collapse collapse"' in html
    assert "A- · 91%" in html


def test_the_study_plan_tabs_link_the_iup(client, setup):
    client.force_login(setup.user)
    response = client.get(CURRICULUM)
    assert f'href="{reverse("study_plan:iup")}"' in response.content.decode()


def test_holds_are_shown_on_the_study_plan_page(client, setup):
    HoldFactory(student=setup.student, reason="library books not returned", how_to_lift="return the books")
    client.force_login(setup.user)

    html = client.get(CURRICULUM).content.decode()

    assert "Registration is blocked by the Finance office" in html
    assert "library books not returned" in html and "return the books" in html


def test_no_curriculum_yet_is_said_plainly(client, setup):
    setup.curriculum.delete()
    client.force_login(setup.user)
    response = client.get(CURRICULUM)
    assert response.status_code == 200 and 'data-testid="no-curriculum"' in response.content.decode()


def test_non_students_get_404(client, db):
    client.force_login(TeacherFactory())
    assert client.get(CURRICULUM).status_code == 404
    client.force_login(UserFactory(is_applicant=True))
    assert client.get(CURRICULUM).status_code == 404


def test_discipline_page_with_details_teachers_and_status(client, setup):
    first = setup.item(semester=1, code="MATH101")
    item = setup.item(
        code="MATH201",
        prerequisites=[first.discipline],
        description="Limits and derivatives.",
        competences="Solves differential problems.",
    )
    teacher = TeacherRecordFactory(department=item.discipline.department)
    TeacherRecordFactory()  # another department's teacher is not listed
    client.force_login(setup.user)

    response = client.get(reverse("disciplines:discipline", args=["MATH201"]))

    assert response.status_code == 200
    page = response.context["page"].base
    assert page.teachers == [teacher]
    assert response.context["page"].teacher_cards == [teacher]
    assert page.item.semester == setup.next_semester
    assert page.status.status == "not_taken"
    html = response.content.decode()
    for text in ("Limits and derivatives.", "Solves differential problems.", "MATH101", teacher.user.get_full_name()):
        assert text in html


def test_discipline_page_for_staff_and_not_for_applicants(client, setup):
    item = setup.item(code="MATH201")
    first = setup.item(semester=1, code="MATH101")
    item.discipline.prerequisites.add(first.discipline)
    client.force_login(TeacherFactory())
    response = client.get(reverse("disciplines:discipline", args=["MATH101"]))
    assert response.status_code == 200
    assert [d.code for d in response.context["page"].base.postrequisites] == ["MATH201"]
    assert response.context["page"].base.status is None

    client.force_login(UserFactory(is_applicant=True))
    assert client.get(reverse("disciplines:discipline", args=["MATH101"])).status_code == 404


def test_the_study_plan_address_leads_to_the_discipline_page(client, setup):
    setup.item(code="MATH201")
    client.force_login(setup.user)
    response = client.get("/study/disciplines/MATH201/")
    assert response.status_code == 301
    assert response["Location"] == reverse("disciplines:discipline", args=["MATH201"])


def test_unknown_discipline_is_404(client, setup):
    client.force_login(setup.user)
    assert client.get(reverse("disciplines:discipline", args=["NOPE999"])).status_code == 404

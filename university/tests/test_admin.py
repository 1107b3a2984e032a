"""The university's structure in Django admin, as a registrar uses it."""

import datetime

import pytest
from django.urls import reverse

from people.tests.factories import StudentRecordFactory
from university.models import Programme, StudyGroup
from university.tests.factories import (
    AcademicYearFactory,
    DepartmentFactory,
    StudyGroupFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["university", "faculty", "department", "programme", "academicyear", "term", "studygroup"]


@pytest.fixture
def office(client, registrar):
    registrar.language = "en"
    registrar.save()
    client.force_login(registrar)
    return client


@pytest.fixture
def structure(db):
    TermFactory(academic_year=AcademicYearFactory())
    StudentRecordFactory()
    return StudyGroupFactory()


@pytest.mark.parametrize("model", MODELS)
def test_changelist_add_and_change_render_for_a_registrar(office, structure, model):
    assert office.get(reverse(f"admin:university_{model}_changelist")).status_code == 200
    assert office.get(reverse(f"admin:university_{model}_add")).status_code == 200
    obj = office.get(reverse(f"admin:university_{model}_changelist")).context["cl"].result_list[0]
    assert office.get(reverse(f"admin:university_{model}_change", args=[obj.pk])).status_code == 200


def test_search_and_filters(office, structure):
    programme = structure.programme
    found = office.get(reverse("admin:university_programme_changelist") + f"?q={programme.code}")
    assert [p.pk for p in found.context["cl"].result_list] == [programme.pk]
    StudyGroupFactory(language=StudyGroup.Language.RUSSIAN)
    russian = office.get(reverse("admin:university_studygroup_changelist") + "?language__exact=ru")
    assert [g.language for g in russian.context["cl"].result_list] == ["ru"]
    by_degree = office.get(reverse("admin:university_programme_changelist") + "?degree__exact=bachelor")
    assert by_degree.status_code == 200 and len(by_degree.context["cl"].result_list) >= 1


def test_study_group_list_counts_students(office):
    record = StudentRecordFactory()
    StudentRecordFactory(programme=record.programme, group=record.group)
    response = office.get(reverse("admin:university_studygroup_changelist") + f"?q={record.group.name}")
    assert [g.student_total for g in response.context["cl"].result_list] == [2]


def test_registrar_adds_a_programme(office):
    department = DepartmentFactory()
    response = office.post(
        reverse("admin:university_programme_add"),
        {
            "department": department.pk,
            "code": "6B06199",
            "degree": "bachelor",
            "name_kk": "Ақпараттық жүйелер",
            "name_ru": "Информационные системы",
            "name_en": "Information systems",
            "semesters": 8,
            "total_credits": 240,
            "min_credits_per_semester": 15,
            "max_credits_per_semester": 36,
        },
    )
    assert response.status_code == 302
    assert Programme.objects.get(code="6B06199").department == department


def test_autocomplete_for_programmes_works_for_a_registrar(office, structure):
    response = office.get(
        reverse("admin:autocomplete"),
        {"app_label": "people", "model_name": "studentrecord", "field_name": "programme", "term": "6B"},
    )
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} >= {str(structure.programme_id)}


def test_registrar_cannot_delete_the_structure(office, structure):
    response = office.post(reverse("admin:university_studygroup_delete", args=[structure.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert StudyGroup.objects.filter(pk=structure.pk).exists()


def add_terms_and_groups(years):
    for year in years:
        academic_year = AcademicYearFactory(
            start_date=datetime.date(year, 9, 1), end_date=datetime.date(year + 1, 6, 30)
        )
        TermFactory(
            academic_year=academic_year, start_date=datetime.date(year, 9, 1), end_date=datetime.date(year, 12, 31)
        )
        StudyGroupFactory()


@pytest.mark.parametrize("model", ["studygroup", "programme", "term", "department", "academicyear", "faculty"])
def test_changelist_query_count_does_not_grow_with_rows(office, model, django_assert_max_num_queries):
    url = reverse(f"admin:university_{model}_changelist")
    add_terms_and_groups(range(2010, 2012))
    with django_assert_max_num_queries(20) as few:
        office.get(url)
    add_terms_and_groups(range(2012, 2022))
    with django_assert_max_num_queries(len(few.captured_queries)):
        office.get(url)

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditRecord
from curriculum.models import IndividualPlan
from curriculum.tests.factories import HoldFactory
from journal.models import Cell, ColumnKind
from journal.tests.factories import column, journal_world
from people.tests.factories import AdvisorFactory, StudentFactory
from university.tests.factories import StudyGroupFactory

from ..models import AdvisorMaterial
from ..selectors import advisor_change_url
from .factories import PDF_BYTES, AdvisorMaterialFactory, advisees

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"
    return client


def pdf_material(advisor, **kwargs):
    return AdvisorMaterialFactory(
        advisor=advisor,
        file=SimpleUploadedFile("plan.pdf", PDF_BYTES),
        file_name="plan.pdf",
        file_type="application/pdf",
        **kwargs,
    )


# -- the student's page --------------------------------------------------------------------------------------------


def test_the_student_sees_their_advisors_card_and_published_materials_newest_first(client):
    advisor = AdvisorFactory(phone="+7 701 000 00 00")
    advisor.teacher_record.office = "A-305"
    advisor.teacher_record.position_en = "Associate professor"
    advisor.teacher_record.save()
    (record,) = advisees(advisor)
    older = AdvisorMaterialFactory(advisor=advisor, title_en="Older")
    newer = AdvisorMaterialFactory(advisor=advisor, title_en="Newer", url="https://example.kz/guide")
    AdvisorMaterialFactory(advisor=advisor, title_en="Draft", is_published=False)
    other_group = StudyGroupFactory()
    AdvisorMaterialFactory(advisor=advisor, title_en="Another group", audience="group", group=other_group)
    AdvisorMaterialFactory(title_en="Another advisor's")
    client.force_login(record.user)

    html = client.get(reverse("advising:index")).content.decode()

    assert advisor.get_full_name() in html and advisor.email in html
    assert "A-305" in html and "Associate professor" in html and "+7 701 000 00 00" in html
    assert f"{reverse('messaging:new')}?to={advisor.pk}" in html
    assert html.index(newer.title_en) < html.index(older.title_en)
    assert "https://example.kz/guide" in html
    for hidden in ("Draft", "Another group", "Another advisor&#x27;s", "Another advisor's"):
        assert hidden not in html


def test_the_change_request_link_waits_for_the_requests_module(client):
    (record,) = advisees(AdvisorFactory())
    client.force_login(record.user)
    html = client.get(reverse("advising:index")).content.decode()
    url = advisor_change_url()
    if url is None:
        assert 'data-testid="advisor-change"' not in html
    else:
        assert url.endswith("?kind=advisor-change") and url in html.replace("&amp;", "&")


def test_a_student_without_an_advisor_is_told_so(client):
    student = StudentFactory()
    client.force_login(student)
    response = client.get(reverse("advising:index"))
    assert response.status_code == 200 and 'data-testid="no-advisor"' in response.content.decode()


def test_the_student_page_is_for_students(client):
    client.force_login(AdvisorFactory())
    assert client.get(reverse("advising:index")).status_code == 404


def test_the_student_page_queries_do_not_grow(client, django_assert_max_num_queries):
    advisor = AdvisorFactory()
    (record,) = advisees(advisor)
    client.force_login(record.user)
    AdvisorMaterialFactory(advisor=advisor)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("advising:index"))
    AdvisorMaterialFactory.create_batch(8, advisor=advisor)
    pdf_material(advisor, audience="group", group=record.group)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("advising:index")).status_code == 200


# -- files ---------------------------------------------------------------------------------------------------------


def test_a_file_is_for_its_advisor_and_the_students_it_is_addressed_to(client):
    advisor = AdvisorFactory()
    (mine,) = advisees(advisor)
    (other_group,) = advisees(advisor)
    (strangers,) = advisees(AdvisorFactory())
    material = pdf_material(advisor, audience="group", group=mine.group)
    url = reverse("advising:material_file", args=[material.pk])
    answers = {}
    for name, user in {
        "advisor": advisor,
        "addressed": mine.user,
        "other group": other_group.user,
        "another advisor's student": strangers.user,
        "another advisor": strangers.advisor,
    }.items():
        client.force_login(user)
        answers[name] = client.get(url).status_code
    assert answers == {
        "advisor": 200,
        "addressed": 200,
        "other group": 404,
        "another advisor's student": 404,
        "another advisor": 404,
    }
    client.force_login(mine.user)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_draft_file_is_the_advisors_only(client):
    advisor = AdvisorFactory()
    (mine,) = advisees(advisor)
    material = pdf_material(advisor, is_published=False)
    client.force_login(mine.user)
    assert client.get(reverse("advising:material_file", args=[material.pk])).status_code == 404


# -- the advisor's materials ---------------------------------------------------------------------------------------


def test_the_advisor_adds_a_material_with_a_file(client):
    advisor = AdvisorFactory()
    advisees(advisor, 2)
    client.force_login(advisor)
    assert client.get(reverse("advising:material_create")).status_code == 200
    response = client.post(
        reverse("advising:material_create"),
        {
            "title_kk": "Тіркелу нұсқаулығы",
            "title_en": "Registration guide",
            "body_kk": "Оқыңыз",
            "audience": "all",
            "is_published": "on",
            "file": SimpleUploadedFile("guide.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("advising:materials")
    material = AdvisorMaterial.objects.get()
    assert material.advisor == advisor and material.is_published and material.file_name == "guide.pdf"
    assert AuditRecord.objects.filter(target_id=str(material.pk)).exists()
    listing = client.get(reverse("advising:materials")).content.decode()
    assert "Registration guide" in listing


def test_a_bad_file_is_refused_and_the_form_stays_filled(client):
    advisor = AdvisorFactory()
    client.force_login(advisor)
    response = client.post(
        reverse("advising:material_create"),
        {
            "title_kk": "Менің тақырыбым",
            "audience": "all",
            "file": SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Менің тақырыбым" in html and "cannot be attached" in html
    assert not AdvisorMaterial.objects.exists()


def test_a_group_material_needs_a_group(client):
    advisor = AdvisorFactory()
    client.force_login(advisor)
    response = client.post(reverse("advising:material_create"), {"title_kk": "Топ", "audience": "group"})
    assert response.status_code == 400 and "Choose the group" in response.content.decode()
    assert not AdvisorMaterial.objects.exists()


def test_the_advisor_edits_and_deletes_their_material(client):
    advisor = AdvisorFactory()
    (record,) = advisees(advisor)
    material = pdf_material(advisor, is_published=False)
    client.force_login(advisor)
    edit = reverse("advising:material_edit", args=[material.pk])
    page = client.get(edit).content.decode()
    assert material.title_kk in page and "plan.pdf" in page
    response = client.post(
        edit, {"title_kk": "Жаңа", "audience": "group", "group": record.group_id, "is_published": "on"}
    )
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title_kk == "Жаңа" and material.group == record.group and material.is_published
    assert material.file_name == "plan.pdf"  # no new file, no removal: kept

    delete = reverse("advising:material_delete", args=[material.pk])
    assert "Жаңа" in client.get(delete).content.decode()
    assert AdvisorMaterial.objects.filter(pk=material.pk).exists()  # asking is not deleting
    assert client.post(delete).status_code == 302
    assert not AdvisorMaterial.objects.filter(pk=material.pk).exists()


def test_another_advisor_cannot_edit_or_delete(client):
    material = AdvisorMaterialFactory()
    client.force_login(AdvisorFactory())
    for name in ("advising:material_edit", "advising:material_delete"):
        url = reverse(name, args=[material.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"title_kk": "Менікі", "audience": "all"}).status_code == 404
    material.refresh_from_db()
    assert material.title_kk != "Менікі"


def test_materials_pages_are_for_advisors(client):
    (record,) = advisees(AdvisorFactory())
    client.force_login(record.user)
    for name in ("advising:materials", "advising:material_create", "advising:students"):
        assert client.get(reverse(name)).status_code == 404


def test_the_materials_list_queries_do_not_grow(client, django_assert_max_num_queries):
    advisor = AdvisorFactory()
    client.force_login(advisor)
    AdvisorMaterialFactory(advisor=advisor)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("advising:materials"))
    group = advisees(advisor)[0].group
    AdvisorMaterialFactory.create_batch(8, advisor=advisor, audience="group", group=group)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("advising:materials")).status_code == 200


# -- the advisor's students ----------------------------------------------------------------------------------------


@pytest.fixture
def advised():
    """A journal world of 3 students of one advisor: the first with a low rating, the second's IUP signed and the
    third with a hold."""
    world = journal_world(students=3)
    advisor = AdvisorFactory()
    for record in world.students:
        record.advisor = advisor
        record.save(update_fields=["advisor"])
    low = world.students[0]
    for kind in (ColumnKind.MIDTERM1, ColumnKind.MIDTERM2):
        Cell.objects.create(column=column(world, kind), student=low, grade=D(10))
    IndividualPlan.objects.create(student=world.students[1], term=world.term, status=IndividualPlan.Status.APPROVED)
    IndividualPlan.objects.create(student=world.students[0], term=world.term, status=IndividualPlan.Status.DRAFT)
    HoldFactory(student=world.students[2])
    return world, advisor


def shown(response) -> list:
    return [row.record for row in response.context["rows"]]


def test_the_advisor_sees_their_students_with_warnings_iup_and_holds(client, advised):
    world, advisor = advised
    low, signed, held = world.students
    client.force_login(advisor)
    response = client.get(reverse("advising:students"))
    html = response.content.decode()
    assert set(shown(response)) == set(world.students)
    assert "Admission rating below 50" in html
    assert reverse("study_plan:iup_review", args=[low.plans.get().pk]) in html
    assert "Signed" in html and "Tuition debt" in html
    assert reverse("journal:advisees") in html

    def only(**query):
        return set(shown(client.get(reverse("advising:students"), query)))

    assert only(warnings="on") == {low}
    assert only(unsigned="on") == {low, held}
    assert only(holds="on") == {held}
    assert only(group=signed.group_id) == {signed}
    assert only(warnings="on", holds="on") == set()


def test_another_advisors_students_are_not_shown(client, advised):
    _world, _advisor = advised
    other = AdvisorFactory()
    client.force_login(other)
    response = client.get(reverse("advising:students"))
    assert shown(response) == [] and 'data-testid="advisees-none"' in response.content.decode()


def test_the_students_filter_answers_htmx_with_the_results_only(client, advised):
    _world, advisor = advised
    client.force_login(advisor)
    response = client.get(reverse("advising:students"), {"holds": "on"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="students-results">') and "<html" not in html


def test_the_students_page_queries_do_not_grow(client, advised, django_assert_max_num_queries):
    world, advisor = advised
    client.force_login(advisor)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("advising:students"))
    for record in advisees(advisor, 5, group=world.students[0].group):
        HoldFactory(student=record)
        IndividualPlan.objects.create(student=record, term=world.term)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("advising:students"))
    assert len(shown(response)) == 8

"""Self-study columns (docs/modules.md#journal): the stream's teacher adds, edits and deletes them; bad input, other
people's streams and columns with marks are refused; the grid shows them and graded assignments keep counting."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from journal.models import Cell, Column, ColumnKind
from journal.selectors.grid import results_for, scale
from journal.services.columns import (
    self_study_column_create,
    self_study_column_delete,
    self_study_column_update,
)
from people.tests.factories import TeacherFactory, UserFactory

from .factories import column, journal_world
from .test_self_study import graded

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return journal_world(students=2)


def self_study(world, *, stream=None, title="Essay 1", date=None):
    stream = stream or world.lecture
    return self_study_column_create(stream=stream, title=title, date=date or timezone.localdate(), actor=stream.teacher)


def urls(world, col=None, stream=None):
    pk = (stream or world.lecture).pk
    out = {"new": reverse("journal:column_new", args=[pk])}
    if col is not None:
        out["edit"] = reverse("journal:column_edit", args=[pk, col.pk])
        out["delete"] = reverse("journal:column_delete", args=[pk, col.pk])
    return out


def self_study_columns(world):
    return Column.objects.filter(kind=ColumnKind.SELF_STUDY, stream=world.lecture)


# --- Views -----------------------------------------------------------------------------------------------------------


def test_the_teacher_adds_a_column_and_it_appears_on_the_grid(client, world):
    client.force_login(world.lecture.teacher)
    grid_url = reverse("journal:grid", args=[world.lecture.pk])
    assert reverse("journal:column_new", args=[world.lecture.pk]) in client.get(grid_url).content.decode()
    today = timezone.localdate()
    response = client.post(urls(world)["new"], {"title": "  Lab report 3 ", "date": today.isoformat()}, follow=True)
    assert response.redirect_chain == [(grid_url, 302)]
    col = self_study_columns(world).get()
    assert (col.title, col.date, col.discipline_id, col.term_id) == (
        "Lab report 3",
        today,
        world.discipline.pk,
        world.term.pk,
    )
    body = response.content.decode()
    assert "The self-study column “Lab report 3” is added." in body
    from audit.models import AuditRecord

    assert AuditRecord.objects.filter(action="journal.column_add", target_id=str(col.pk)).count() == 1
    assert 'data-testid="self-study-head"' in body and 'title="Lab report 3"' in body
    assert f'<span id="h-{col.pk}">' in body  # the cells' inputs are labelled by it
    assert reverse("journal:column_edit", args=[world.lecture.pk, col.pk]) in body
    assert f'data-column="{col.pk}"' in body  # a cell to type in, today being in its window
    # the other stream of the discipline does not get it
    client.force_login(world.practice.teacher)
    assert 'title="Lab report 3"' not in client.get(reverse("journal:grid", args=[world.practice.pk])).content.decode()


def test_the_grid_of_the_office_shows_the_column_without_the_links(client, world):
    col = self_study(world)
    client.force_login(UserFactory(is_registrar=True, is_staff=True))
    body = client.get(reverse("journal:grid", args=[world.lecture.pk])).content.decode()
    assert 'title="Essay 1"' in body
    assert urls(world, col)["edit"] not in body and urls(world)["new"] not in body


def test_the_teacher_edits_a_column(client, world):
    col = self_study(world)
    client.force_login(world.lecture.teacher)
    page = client.get(urls(world, col)["edit"])
    assert page.status_code == 200
    assert 'value="Essay 1"' in page.content.decode() and f'value="{col.date.isoformat()}"' in page.content.decode()
    new_date = world.term.start_date + dt.timedelta(days=3)
    response = client.post(urls(world, col)["edit"], {"title": "Essay 2", "date": new_date.isoformat()})
    assert response.status_code == 302 and response.url == reverse("journal:grid", args=[world.lecture.pk])
    col.refresh_from_db()
    assert (col.title, col.date) == ("Essay 2", new_date)
    from audit.models import AuditRecord

    line = AuditRecord.objects.get(action="journal.column_edit", target_id=str(col.pk))
    assert line.before["title"] == "Essay 1" and line.after == {"title": "Essay 2", "date": new_date.isoformat()}
    assert line.actor_id == world.lecture.teacher.pk


def test_the_teacher_deletes_an_empty_column_after_confirming(client, world):
    col = self_study(world)
    client.force_login(world.lecture.teacher)
    confirm = client.get(urls(world, col)["delete"])
    assert confirm.status_code == 200 and "Essay 1" in confirm.content.decode()
    assert Column.objects.filter(pk=col.pk).exists()  # GET only asks
    response = client.post(urls(world, col)["delete"], follow=True)
    assert response.redirect_chain == [(reverse("journal:grid", args=[world.lecture.pk]), 302)]
    assert "The self-study column “Essay 1” is deleted." in response.content.decode()
    assert not Column.objects.filter(pk=col.pk).exists()
    from audit.models import AuditRecord

    assert AuditRecord.objects.get(action="journal.column_delete", target_id=str(col.pk)).before["title"] == "Essay 1"


def test_a_column_with_marks_is_not_deleted(client, world):
    col = self_study(world)
    client.force_login(world.lecture.teacher)
    url = reverse("journal:cell_save", args=[world.lecture.pk])
    saved = client.post(url, {"column": col.pk, "student": world.students[0].pk, "value": "90", "version": 0})
    assert saved.status_code == 200
    response = client.post(urls(world, col)["delete"])
    assert response.status_code == 400
    assert "clear its cells first" in response.content.decode()
    assert Cell.objects.get(column=col).grade == D(90)
    # cleared, the cell still carries its audited history: the column is kept
    cleared = client.post(url, {"column": col.pk, "student": world.students[0].pk, "value": "", "version": 1})
    assert cleared.status_code == 200
    response = client.post(urls(world, col)["delete"])
    assert response.status_code == 400 and "history of changes" in response.content.decode()
    assert Column.objects.filter(pk=col.pk).exists() and Cell.objects.get(column=col).changes.count() == 2


def test_a_date_outside_the_term_is_refused_and_the_input_kept(client, world):
    client.force_login(world.lecture.teacher)
    late = world.term.end_date + dt.timedelta(days=1)
    response = client.post(urls(world)["new"], {"title": "Essay 1", "date": late.isoformat()})
    assert response.status_code == 400
    body = response.content.decode()
    assert "must fall within the stream&#x27;s term" in body
    assert 'value="Essay 1"' in body and f'value="{late.isoformat()}"' in body
    assert 'aria-invalid="true"' in body
    assert not self_study_columns(world).exists()
    # a blank title, an unreadable date: 400, nothing made
    response = client.post(urls(world)["new"], {"title": "  ", "date": "31.02.2026"})
    assert response.status_code == 400 and 'value="31.02.2026"' in response.content.decode()
    assert not self_study_columns(world).exists()


def test_an_edit_outside_the_term_changes_nothing(client, world):
    col = self_study(world)
    client.force_login(world.lecture.teacher)
    early = world.term.start_date - dt.timedelta(days=1)
    response = client.post(urls(world, col)["edit"], {"title": "Essay 2", "date": early.isoformat()})
    assert response.status_code == 400 and 'value="Essay 2"' in response.content.decode()
    col.refresh_from_db()
    assert (col.title, col.date) == ("Essay 1", timezone.localdate())


def test_other_people_get_404(client, world):
    col = self_study(world)
    pages = urls(world, col)
    for user in (world.practice.teacher, TeacherFactory(), world.students[0].user):
        client.force_login(user)
        for url in pages.values():
            assert client.get(url).status_code == 404
            assert client.post(url, {"title": "Mine", "date": timezone.localdate().isoformat()}).status_code == 404
    # the office reads the grid but does not change its columns
    client.force_login(UserFactory(is_registrar=True, is_staff=True))
    assert client.post(pages["new"], {"title": "X", "date": timezone.localdate().isoformat()}).status_code == 404
    client.logout()
    response = client.get(pages["edit"])
    assert response.status_code == 302 and reverse("account_login") in response.url
    col.refresh_from_db()
    assert col.title == "Essay 1" and self_study_columns(world).count() == 1
    assert Column.objects.filter(pk=col.pk).exists()


def test_only_this_streams_self_study_columns_are_edited_here(client, world):
    client.force_login(world.lecture.teacher)
    other_stream = self_study(world, stream=world.practice)
    lesson = column(world, date=timezone.localdate())
    exam = column(world, ColumnKind.EXAM)
    for col in (other_stream, lesson, exam):
        for url in (urls(world, col)["edit"], urls(world, col)["delete"]):
            assert client.get(url).status_code == 404
            assert client.post(url, {"title": "X", "date": timezone.localdate().isoformat()}).status_code == 404
    assert Column.objects.filter(pk__in=[other_stream.pk, lesson.pk, exam.pk]).count() == 3


@pytest.mark.parametrize("columns", [0, 5])
def test_form_pages_query_budget(client, columns, django_assert_max_num_queries):
    w = journal_world(students=3)
    for number in range(columns):
        self_study(w, title=f"Essay {number}")
    col = self_study(w)
    client.force_login(w.lecture.teacher)
    for url in urls(w, col).values():
        with django_assert_max_num_queries(6):  # session, user, stream (with the settings), column, the two badges
            assert client.get(url).status_code == 200


# --- Services -------------------------------------------------------------------------------------------------------


def test_services_check_the_actor_the_kind_and_the_title(world):
    with pytest.raises(PermissionDenied):
        self_study_column_create(
            stream=world.lecture, title="X", date=timezone.localdate(), actor=world.practice.teacher
        )
    with pytest.raises(ValidationError) as error:
        self_study(world, title="x" * 201)
    assert "title" in error.value.message_dict
    lesson = column(world, date=timezone.localdate())
    with pytest.raises(ValidationError):
        self_study_column_update(column=lesson, title="X", date=lesson.date, actor=world.lecture.teacher)
    with pytest.raises(ValidationError):
        self_study_column_delete(column=lesson, actor=world.lecture.teacher)
    col = self_study(world)
    with pytest.raises(PermissionDenied):
        self_study_column_delete(column=col, actor=world.practice.teacher)
    assert Column.objects.filter(pk__in=[lesson.pk, col.pk]).count() == 2


def test_graded_assignments_keep_counting_beside_a_deleted_column(world):
    """Graded assignments are self-study grades by themselves, never cells of a column: deleting a self-study
    column leaves them counted."""
    first = world.students[0]
    graded(world, first, points=40)  # 80 in the first half
    col = self_study(world, date=world.term.start_date)

    def current1():
        results = results_for(
            student_ids=[first.pk],
            discipline_id=world.discipline.pk,
            term=world.term,
            rules=world.rules,
            bands=scale(world.university.pk),
        )
        return results[first.pk][1].current1

    assert current1() == D("80.00")
    self_study_column_delete(column=col, actor=world.lecture.teacher)
    assert current1() == D("80.00")

"""The grid, the cell save, the changes, the unlock, the student's and the advisor's pages: access, bad input,
conflicts and query budgets."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from curriculum.models import FinalGrade
from journal.models import Cell, ColumnKind, Unlock
from people.tests.factories import StudentRecordFactory, TeacherFactory, UserFactory

from .factories import column, journal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return journal_world(students=3)


def post_cell(client, world, col, text, *, version=0, student=None, stream=None):
    stream = stream or world.lecture
    return client.post(
        reverse("journal:cell_save", args=[stream.pk]),
        {"column": col.pk, "student": (student or world.students[0]).pk, "value": text, "version": version},
        HTTP_HX_REQUEST="true",
    )


def test_grid_for_its_teacher_only(client, world):
    url = reverse("journal:grid", args=[world.lecture.pk])
    client.force_login(world.lecture.teacher)
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('class="form-control form-control-sm jinput') > 0
    client.force_login(world.practice.teacher)
    assert client.get(url).status_code == 404
    client.force_login(world.students[0].user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(is_registrar=True, is_staff=True))
    page = client.get(url)
    assert page.status_code == 200 and "jinput" not in page.content.decode()  # the office reads


def test_cell_save_ok_and_computed_columns(client, world):
    client.force_login(world.lecture.teacher)
    col = column(world, date=timezone.localdate())
    response = post_cell(client, world, col, "85")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="85"' in body and 'data-version="1"' in body
    assert f'id="r-{world.students[0].pk}-rd"' in body  # the row's computed columns, out of band
    assert Cell.objects.get(column=col, student=world.students[0]).grade == D(85)


def test_cell_bad_input_changes_nothing(client, world):
    world.lecture.teacher.language = "en"
    world.lecture.teacher.save()
    client.force_login(world.lecture.teacher)
    col = column(world, date=timezone.localdate())
    response = post_cell(client, world, col, "150")
    assert response.status_code == 400
    assert "between 0 and 100" in response.content.decode() and 'value="150"' in response.content.decode()
    outsider = StudentRecordFactory(programme=world.programme)
    response = post_cell(client, world, col, "80", student=outsider)
    assert response.status_code == 400 and "not in the stream" in response.content.decode()
    # a practice column through the lecture stream: not this journal's cell
    other = column(world, stream=world.practice, date=timezone.localdate())
    assert post_cell(client, world, other, "80").status_code == 400
    assert not Cell.objects.exists()
    # another teacher's stream: 404
    client.force_login(TeacherFactory())
    assert post_cell(client, world, col, "80").status_code == 404


def test_stale_cell_is_a_conflict_with_the_newer_value(client, world):
    mid = column(world, ColumnKind.MIDTERM1)
    mid.date = timezone.localdate()
    mid.save()
    client.force_login(world.practice.teacher)
    assert post_cell(client, world, mid, "66", stream=world.practice).status_code == 200
    client.force_login(world.lecture.teacher)
    response = post_cell(client, world, mid, "90", version=0)
    assert response.status_code == 409
    body = response.content.decode()
    assert "66" in body and "90" in body and 'data-version="1"' in body
    assert Cell.objects.get(column=mid).grade == D(66)


def test_closed_week_needs_the_unlock(client, world):
    today = timezone.localdate()
    old = column(world, date=today - dt.timedelta(days=14))
    client.force_login(world.lecture.teacher)
    response = post_cell(client, world, old, "70")
    assert response.status_code == 400 and "closed" in response.content.decode()
    registrar = UserFactory(is_registrar=True, is_staff=True)
    client.force_login(registrar)
    until = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("journal:unlock", args=[world.lecture.pk]),
        {"week": old.date.isoformat(), "until": until, "reason": "Illness of the teacher"},
    )
    assert response.status_code == 302
    assert Unlock.objects.get().week_start == old.date - dt.timedelta(days=old.date.weekday())
    client.force_login(world.lecture.teacher)
    assert post_cell(client, world, old, "70").status_code == 200
    # only the office unlocks
    assert client.get(reverse("journal:unlock", args=[world.lecture.pk])).status_code == 404


def test_changes_returns_only_changed_cells(client, world):
    client.force_login(world.lecture.teacher)
    since = timezone.now() - dt.timedelta(seconds=1)
    col = column(world, date=timezone.localdate())
    post_cell(client, world, col, "77")
    response = client.get(reverse("journal:changes", args=[world.lecture.pk]), {"since": since.isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="jcell') == 1 and 'value="77"' in body and 'id="grid-poll"' in body
    later = re.search(r"since=([^\"]+)\"", body).group(1)
    assert later
    client.force_login(world.practice.teacher)  # another stream's teacher: 404
    assert client.get(reverse("journal:changes", args=[world.lecture.pk])).status_code == 404


def _grid_queries(client, students, django_assert_max_num_queries, budget):
    w = journal_world(students=students)
    for s in w.students:
        for col in (column(w, date=timezone.localdate()), column(w, ColumnKind.MIDTERM1)):
            Cell.objects.create(column=col, student=s, grade=D(70))
    client.force_login(w.lecture.teacher)
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("journal:grid", args=[w.lecture.pk])).status_code == 200
    return w


@pytest.mark.parametrize("students", [3, 30])
def test_grid_query_budget(client, students, django_assert_max_num_queries):
    _grid_queries(client, students, django_assert_max_num_queries, 18)  # with the graded assignments (self-study)


@pytest.mark.parametrize("students", [1, 10])
def test_cell_save_query_budget(client, students, django_assert_max_num_queries):
    w = journal_world(students=students)
    for kind, text in ((ColumnKind.MIDTERM1, 80), (ColumnKind.MIDTERM2, 70), (ColumnKind.EXAM, 90)):
        for s in w.students:
            Cell.objects.create(column=column(w, kind), student=s, grade=D(text))
    client.force_login(w.lecture.teacher)
    # session, user, stream (with the settings), column (with the roster check), scale; in the transaction: the
    # registration's lock, its final grade, the cell (a new one in a savepoint), its change, the student's cells,
    # the graded assignments, the first FinalGrade and its audit line; BEGIN and COMMIT
    with django_assert_max_num_queries(19):
        assert post_cell(client, w, column(w, date=timezone.localdate()), "90").status_code == 200
    # the exam was in: the final flowed into the transcript
    assert FinalGrade.objects.filter(registration__student=w.students[0]).exists()


def test_student_journal_and_details(client, world, django_assert_max_num_queries):
    student = world.students[0]
    for kind, grade in ((ColumnKind.MIDTERM1, 40), (ColumnKind.MIDTERM2, 50)):
        Cell.objects.create(column=column(world, kind), student=student, grade=D(grade))
    today = timezone.localdate()
    Cell.objects.create(column=column(world, date=today), student=student, attendance="absent", absence_hours=30)
    client.force_login(student.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("journal:index"))
    body = page.content.decode().replace(",", ".")
    assert page.status_code == 200
    # R1 = 20, R2 = 25, RD = 22.50: below 50; 30 unexcused hours ≥ 0.75·36
    assert "22.50" in body and "Admission rating below 50" in body and "Absences near the limit" in body
    details = client.get(reverse("journal:index"), {"details": world.discipline.pk, "kind": "controls"})
    assert details.content.decode().count("<tr><td>") == 2
    details = client.get(reverse("journal:index"), {"details": world.discipline.pk, "type": "lecture"})
    assert details.content.decode().count("<tr><td>") == 1


def test_student_sees_needed_exam_scores(client, world):
    student = world.students[0]
    for kind, grade in ((ColumnKind.MIDTERM1, 80), (ColumnKind.MIDTERM2, 80)):
        Cell.objects.create(column=column(world, kind), student=student, grade=D(grade))
    client.force_login(student.user)
    body = client.get(reverse("journal:index")).content.decode().replace(",", ".")
    # RD = (40 + 40) / 2 = 40: not admitted, no needed scores; now give lessons
    assert "40.00" in body
    Cell.objects.create(column=column(world, date=timezone.localdate()), student=student, grade=D(100))
    body = client.get(reverse("journal:index")).content.decode().replace(",", ".")
    # R2 = 0.5·100 + 40 = 90; RD = 65; D needs 50; B (79.5 − 39) / 0.4 = 101.25: out of reach;
    # C+ (69.5 − 39) / 0.4 = 76.25 → 77
    assert "65.00" in body and "C+: 77" in body and "B: " not in body


def test_advisor_warnings(client, world, django_assert_max_num_queries):
    advisor = UserFactory(is_advisor=True)
    student = world.students[0]
    student.advisor = advisor
    student.save()
    for kind in (ColumnKind.MIDTERM1, ColumnKind.MIDTERM2):
        Cell.objects.create(column=column(world, kind), student=student, grade=D(10))
    client.force_login(advisor)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("journal:advisees"))
    assert page.status_code == 200 and student.user.get_full_name() in page.content.decode()
    client.force_login(world.lecture.teacher)
    assert client.get(reverse("journal:advisees")).status_code == 404


@pytest.mark.parametrize("students", [3, 30])
def test_changes_export_and_import_query_budgets(client, students, django_assert_max_num_queries):
    w = journal_world(students=students)
    since = timezone.now() - dt.timedelta(seconds=5)
    for s in w.students:
        Cell.objects.create(column=column(w, date=timezone.localdate()), student=s, grade=D(70))
    client.force_login(w.lecture.teacher)
    with django_assert_max_num_queries(10):
        body = client.get(reverse("journal:changes", args=[w.lecture.pk]), {"since": since.isoformat()})
    assert body.content.decode().count('class="jcell') == students
    with django_assert_max_num_queries(8):
        assert client.get(reverse("journal:export", args=[w.lecture.pk]), {"format": "xlsx"}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("journal:import", args=[w.lecture.pk])).status_code == 200
    client.force_login(UserFactory(is_registrar=True, is_staff=True))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("journal:unlock", args=[w.lecture.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("journal:certificates_pending")).status_code == 200
    with django_assert_max_num_queries(9):  # the streams and the terms to choose from
        assert client.get(reverse("journal:index")).status_code == 200


def test_the_teacher_picks_a_past_term_and_opens_its_grid(client, django_assert_max_num_queries):
    past = journal_world(students=2, today=timezone.localdate() - dt.timedelta(days=200))
    client.force_login(past.lecture.teacher)
    url = reverse("journal:index")
    grid = reverse("journal:grid", args=[past.lecture.pk])
    assert grid not in client.get(url).content.decode()  # the current terms by default: that one ended long ago
    with django_assert_max_num_queries(8):
        page = client.get(url, {"term": past.term.pk})
    body = page.content.decode()
    assert page.status_code == 200 and grid in body and f'<option value="{past.term.pk}" selected>' in body
    assert reverse("journal:grid", args=[past.practice.pk]) not in body  # another teacher's stream
    assert client.get(grid).status_code == 200
    assert grid not in client.get(url, {"term": "999999"}).content.decode()  # an unknown term: the current ones

"""Export and import of a stream's grid: a round trip loses nothing, the dry run shows the diff, rows' errors."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from journal.models import Cell, CellChange, ColumnKind

from .factories import column, journal_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = journal_world(students=3)
    today = timezone.localdate()
    lesson = column(w, date=today)
    Cell.objects.create(column=lesson, student=w.students[0], grade=D("85.5"), attendance="late")
    Cell.objects.create(column=lesson, student=w.students[1], attendance="absent", absence_hours=1)
    Cell.objects.create(column=column(w, ColumnKind.MIDTERM1), student=w.students[2], grade=D(70))
    return w


def export(client, world, fmt):
    client.force_login(world.lecture.teacher)
    response = client.get(reverse("journal:export", args=[world.lecture.pk]), {"format": fmt})
    assert response.status_code == 200
    return response.content


def post(client, world, content, name, action="preview"):
    return client.post(
        reverse("journal:import", args=[world.lecture.pk]),
        {"file": SimpleUploadedFile(name, content), "action": action},
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_changes_nothing(client, world, fmt):
    before = sorted(Cell.objects.values_list("column_id", "student_id", "grade", "attendance", "version"))
    content = export(client, world, fmt)
    preview = post(client, world, content, f"j.{fmt}")
    assert preview.status_code == 200 and 'data-testid="import-nothing"' in preview.content.decode()
    assert post(client, world, content, f"j.{fmt}", action="apply").status_code == 302
    after = sorted(Cell.objects.values_list("column_id", "student_id", "grade", "attendance", "version"))
    assert before == after and not CellChange.objects.exists()


def test_dry_run_diff_then_apply(client, world):
    lesson = column(world, date=timezone.localdate())
    book = openpyxl.load_workbook(io.BytesIO(export(client, world, "xlsx")))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    col = headers.index(next(h for h in headers if h.endswith(f"#{lesson.pk}"))) + 1
    sheet.cell(row=4, column=col, value=92)  # the third student (rows sorted like the grid)
    out = io.BytesIO()
    book.save(out)
    preview = post(client, world, out.getvalue(), "j.xlsx")
    body = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="import-diff"' in body and "92" in body
    assert Cell.objects.count() == 3  # a dry run saves nothing
    assert post(client, world, out.getvalue(), "j.xlsx", action="apply").status_code == 302
    students = {s.student_number: s for s in world.students}
    cell = Cell.objects.get(column=lesson, student=students[sheet.cell(row=4, column=1).value])
    assert cell.grade == D(92) and CellChange.objects.get(cell=cell).reason == "import"


def test_row_errors_save_nothing(client, world):
    content = export(client, world, "csv").decode("utf-8-sig").splitlines()
    header, first, *rest = content
    bad_value = first.rsplit(",", 1)[0] + ",150"
    lines = [header, bad_value, "NO-SUCH-ID,Nobody" + "," * (header.count(",") - 1), *rest]
    response = post(client, world, "\n".join(lines).encode(), "j.csv", action="apply")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Row 2" in body and "Row 3" in body and "NO-SUCH-ID" in body
    assert Cell.objects.count() == 3
    garbage = post(client, world, b"\x00\x01not a spreadsheet", "j.xlsx")
    assert garbage.status_code == 400 and "could not be read" in garbage.content.decode()


def test_an_import_writes_the_touched_students_final_grades(client, world):
    from curriculum.models import FinalGrade

    student = world.students[2]  # РК1 70 already
    Cell.objects.create(column=column(world, ColumnKind.MIDTERM2), student=student, grade=D(70))
    Cell.objects.create(column=column(world, ColumnKind.EXAM), student=student, grade=D(90))
    lesson = column(world, date=timezone.localdate())
    book = openpyxl.load_workbook(io.BytesIO(export(client, world, "xlsx")))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    col = headers.index(next(h for h in headers if h.endswith(f"#{lesson.pk}"))) + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == student.student_number)
    sheet.cell(row=row, column=col, value=100)
    out = io.BytesIO()
    book.save(out)
    assert post(client, world, out.getvalue(), "j.xlsx", action="apply").status_code == 302
    # R1 = 0.5·0 + 0.5·70 = 35, R2 = 0.5·100 + 0.5·70 = 85, RD = 60; final = 36 + 36 = 72 → C+
    grade = FinalGrade.objects.get(registration__student=student, registration__discipline=world.discipline)
    assert (grade.admission_rating, grade.percent, grade.letter) == (D("60.00"), D(72), "C+")


def test_a_self_study_column_is_exported_with_its_title_and_read_back(client, world):
    from journal.models import Column

    task = Column.objects.create(
        discipline=world.discipline,
        term=world.term,
        stream=world.lecture,
        kind=ColumnKind.SELF_STUDY,
        date=timezone.localdate(),
        title="Essay #1",
    )
    Cell.objects.create(column=task, student=world.students[0], grade=D(88))
    content = export(client, world, "csv")
    assert f"Essay 1 #{task.pk}" in content.decode("utf-8-sig")
    preview = post(client, world, content, "j.csv")
    assert preview.status_code == 200 and 'data-testid="import-nothing"' in preview.content.decode()

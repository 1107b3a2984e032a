"""seed_past_journal on the demo university: teacher@demo.kz's past-term streams, their full journal, the computed
RD and final in the grid, the transcript written from the journal, and a re-run that changes nothing."""

import datetime as dt
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment
from audit.models import AuditRecord
from curriculum.models import FinalGrade, Registration
from demo.journal import seed_past_journal
from journal.models import Cell, Column, ColumnKind
from journal.selectors.grid import results_for, scale
from journal.services.columns import control_dates, journal_settings_for
from people.models import StudentRecord, User
from schedule.models import LessonType, Slot, Stream, StreamChoice
from university.models import Term

pytestmark = pytest.mark.django_db

PASSWORD = "demo12345"


@pytest.fixture
def seeded():
    call_command("seed_demo", students=60, quiet=True, stdout=StringIO())
    today = timezone.localdate()
    teacher = User.objects.get(email="teacher@demo.kz")
    student = StudentRecord.objects.select_related("group").get(user__email="student@demo.kz")
    current = Term.objects.current(on=today)
    past = list(
        Stream.objects.filter(teacher=teacher, choices__student=student, term__start_date__lt=current.start_date)
        .select_related("discipline", "term__academic_year")
        .order_by("discipline__code")
    )
    return today, teacher, student, past


def results(stream) -> dict:
    rules = journal_settings_for(university_id=stream.term.academic_year.university_id)
    ids = list(StreamChoice.objects.filter(stream=stream).values_list("student_id", flat=True))
    found = results_for(
        student_ids=ids,
        discipline_id=stream.discipline_id,
        term=stream.term,
        rules=rules,
        bands=scale(stream.term.academic_year.university_id),
    )
    return {sid: result for sid, (_cells, result) in found.items()}


def td(html: str, cell_id: str) -> str:
    match = re.search(rf'<td id="{cell_id}"[^>]*>(.*?)</td>', html, re.S)
    assert match, cell_id
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip()


def test_teacher_has_two_past_lecture_streams_of_the_demo_students_group_with_a_whole_term_of_lessons(seeded):
    today, teacher, student, past = seeded
    assert len(past) == 2
    term = past[0].term
    assert {s.term_id for s in past} == {term.pk} and term.kind != Term.Kind.SUMMER and term.end_date < today
    # the latest such term of the demo student
    later = Registration.objects.filter(student=student, term__start_date__gt=term.start_date, term__end_date__lt=today)
    assert not later.exclude(term__kind=Term.Kind.SUMMER).exists()
    for stream in past:
        assert stream.kind == LessonType.LECTURE and stream.code == "L-01"
        registered = set(
            Registration.objects.filter(
                term=term, discipline=stream.discipline, student__group=student.group
            ).values_list("student_id", flat=True)
        )
        seated = set(StreamChoice.objects.filter(stream=stream).values_list("student_id", flat=True))
        assert student.pk in seated and seated == registered and len(seated) > 1
        stream.refresh_from_db()
        assert stream.taken == len(seated) <= stream.capacity
        assert list(stream.groups.all()) == [student.group]
        slots = list(Slot.objects.filter(stream=stream))
        assert len(slots) == 2
        lessons = list(Column.objects.filter(stream=stream, kind=ColumnKind.LESSON).order_by("date"))
        assert len(lessons) >= 20
        assert lessons[0].date - slots[0].start_date < dt.timedelta(days=7)
        assert slots[0].end_date - lessons[-1].date < dt.timedelta(days=7)
        controls = set(
            Column.objects.filter(discipline=stream.discipline, term=term, stream__isnull=True).values_list(
                "kind", flat=True
            )
        )
        assert controls == {ColumnKind.MIDTERM1, ColumnKind.MIDTERM2, ColumnKind.EXAM, ColumnKind.RETAKE}

        # every lesson of everyone is marked, about half graded, with absences and lateness; РК1 and РК2 for all
        cells = Cell.objects.filter(column__in=lessons)
        assert cells.count() == len(lessons) * len(seated)
        graded = cells.filter(grade__isnull=False).count()
        assert 0.35 < graded / cells.count() < 0.75
        assert cells.filter(attendance="absent", absence_hours__gt=0).exists()
        assert cells.filter(attendance="late").exists()
        for kind in (ColumnKind.MIDTERM1, ColumnKind.MIDTERM2):
            marked = Cell.objects.filter(column__kind=kind, column__discipline=stream.discipline, column__term=term)
            assert set(marked.filter(grade__isnull=False).values_list("student_id", flat=True)) == seated
        computed = results(stream)
        exams = set(
            Cell.objects.filter(
                column__kind=ColumnKind.EXAM, column__discipline=stream.discipline, column__term=term
            ).values_list("student_id", flat=True)
        )
        assert exams == {sid for sid, r in computed.items() if r.admitted}
        # one classmate failed the exam and passed the retake: the grid shows both
        retaken = [r for r in computed.values() if r.retake is not None]
        assert len(retaken) == 1 and retaken[0].exam < 50 <= retaken[0].retake and retaken[0].band.passing


def test_the_grid_of_a_past_stream_shows_rd_and_the_final_and_the_transcript_agrees(client, seeded):
    _today, teacher, student, past = seeded
    client.cookies["django_language"] = "en"
    assert client.login(email=teacher.email, password=PASSWORD)
    for stream in past:
        response = client.get(reverse("journal:grid", args=[stream.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        computed = results(stream)
        mine = computed[student.pk]
        assert mine.rd is not None and mine.final is not None and mine.letter
        for sid, result in computed.items():
            rd, letter = td(html, f"r-{sid}-rd"), td(html, f"r-{sid}-letter")
            assert rd.split()[0] == str(result.rd), sid
            assert ("not admitted" in rd) == (not result.admitted)
            assert letter.split()[0] == (result.letter or "—")
            assert td(html, f"r-{sid}-final") == (str(result.final) if result.final is not None else "—")

            registration = Registration.objects.get(student_id=sid, discipline=stream.discipline, term=stream.term)
            grade = FinalGrade.objects.get(registration=registration)
            if result.final is None:  # not admitted: the journal computes no final; demo.study's fail stays
                assert not result.admitted and not grade.passing
                continue
            assert (grade.percent, grade.admission_rating, grade.exam, grade.letter) == (
                result.final,
                result.rd,
                result.exam_used,
                result.letter,
            ), sid
            assert grade.graded_by == teacher
        assert (
            Decimal(td(html, f"r-{student.pk}-final"))
            == FinalGrade.objects.get(
                registration__student=student,
                registration__discipline=stream.discipline,
                registration__term=stream.term,
            ).percent
        )


def test_a_second_run_creates_and_changes_nothing(seeded):
    today, _teacher, _student, past = seeded

    def snapshot():
        return {
            "streams": sorted(Stream.objects.values_list()),
            "slots": sorted(Slot.objects.values_list()),
            "choices": sorted(StreamChoice.objects.values_list("pk", "student_id", "stream_id")),
            "columns": sorted(Column.objects.values_list()),
            "cells": sorted(Cell.objects.values_list("pk", "column", "student", "grade", "attendance", "version")),
            "finals": sorted(FinalGrade.objects.values_list(), key=repr),
            "audit": AuditRecord.objects.count(),
            "assignments": Assignment.objects.count(),
        }

    before = snapshot()
    assert seed_past_journal(today=today) == {"columns": 0, "finals": 0}
    call_command("seed_demo", students=60, quiet=True, stdout=StringIO())
    assert snapshot() == before


def test_the_current_term_grid_shows_r1_once_the_first_midterm_is_graded(client, seeded):
    today, teacher, student, _past = seeded
    current = Term.objects.current(on=today)
    stream = Stream.objects.filter(
        teacher=teacher, choices__student=student, term=current, kind=LessonType.LECTURE
    ).first()
    assert stream is not None
    rules = journal_settings_for(university_id=current.academic_year.university_id)
    midterm = control_dates(current, rules)[ColumnKind.MIDTERM1]
    client.cookies["django_language"] = "en"
    assert client.login(email=teacher.email, password=PASSWORD)
    html = client.get(reverse("journal:grid", args=[stream.pk])).content.decode()
    shown = td(html, f"r-{student.pk}-r1")
    if today - midterm > dt.timedelta(days=3):  # demo.journal grades what is more than three days old
        assert shown == str(results(stream)[student.pk].r1) != "None"
    else:
        assert shown == "—"

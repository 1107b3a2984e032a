"""Demo journal: grades and attendance of the demo student's current streams, up to today, and of a past term.

For every stream student@demo.kz chose in the current term, the columns are laid out from the timetable (the
journal's own service) and every student of the stream gets marks for the lessons held more than three days ago
(so the last days stay empty for the demo teacher to type in): about half graded, some absences and lateness, and
the first midterm once its date has passed. The demo student misses many lessons of one discipline, so the
absence warning shows. Idempotent: a stream with cells is left as it is. Bulk inserts only.

`seed_past_journal` gives the demo student's last past term (not a summer one) a whole journal, so teacher@demo.kz
sees the admission rating (RD) and the computed final: for two of the student's disciplines of that term, a
lecture stream taught by teacher@demo.kz holds the student's group (those registered for it), with weekly slots,
every lesson marked, РК1, РК2, the exam of everyone admitted and one retake. The marks follow each student's grade
from demo.study (passing stays passing, failing stays failing, so the later terms' retakes still make sense): a few
students fall below the admission rating, a few fail the exam. The journal computes the results
(journal.selectors.grid.results_for) and `final_grade_sync` writes them over demo.study's grades, so the transcript
agrees with the journal. A student not admitted has no computed final and keeps demo.study's failing grade.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from academic_calendar.models import Holiday
from curriculum.models import Discipline, Registration
from journal.models import Cell, Column, ColumnKind
from journal.selectors.grid import results_for, scale
from journal.services.columns import journal_settings_for, stream_columns_sync
from journal.services.final import final_grade_sync
from people.models import StudentRecord, User
from schedule.models import LessonType, Slot, Stream, StreamChoice
from university.models import Term

from .streams import LESSON, _study_dates

DEMO_STUDENT = "student@demo.kz"
DEMO_TEACHER = "teacher@demo.kz"
PAST_DISCIPLINES = 2
PAST_CODE = "L-01"
# two lectures a week for each past stream: (weekday, start), one pair of days per discipline
PAST_TIMES = (((1, dt.time(9)), (3, dt.time(10))), ((2, dt.time(11)), (4, dt.time(12))))
PAST_ROOMS = ("A-105", "A-108")


@transaction.atomic
def seed_journal(*, today: dt.date) -> dict:
    user = User.objects.filter(email=DEMO_STUDENT).select_related("student_record").first()
    record = getattr(user, "student_record", None) if user else None
    if record is None:
        return {}
    streams = list(
        Stream.objects.filter(choices__student=record, term__start_date__lte=today, term__end_date__gte=today)
        .select_related("term__academic_year", "discipline")
        .prefetch_related("slots")
        .order_by("pk")
    )
    if not streams:
        return {}
    rules = journal_settings_for(university_id=streams[0].term.academic_year.university_id)
    term = streams[0].term
    holidays = set(Holiday.objects.filter(date__range=(term.start_date, term.end_date)).values_list("date", flat=True))
    created = 0
    truant_discipline = streams[0].discipline_id
    for stream in streams:
        stream_columns_sync(stream=stream, rules=rules, holidays=holidays)
        if Cell.objects.filter(column__stream=stream).exists():
            continue
        rng = random.Random(f"demo-journal:{stream.discipline.code}:{stream.code}")
        cutoff = today - dt.timedelta(days=3)
        columns = list(
            Column.objects.filter(discipline_id=stream.discipline_id, term_id=stream.term_id, date__lte=cutoff).filter(
                stream=stream
            )
        )
        controls = list(
            Column.objects.filter(
                discipline_id=stream.discipline_id,
                term_id=stream.term_id,
                stream__isnull=True,
                kind=ColumnKind.MIDTERM1,
                date__lte=cutoff,
            )
        )
        students = list(StreamChoice.objects.filter(stream=stream).values_list("student_id", flat=True))
        cells = []
        for student_id in students:
            skill = rng.randint(45, 95)
            truant = student_id == record.pk and stream.discipline_id == truant_discipline
            for column in columns:
                roll = rng.random()
                if truant and roll < 0.9 or roll < 0.07:
                    cells.append(
                        Cell(column=column, student_id=student_id, attendance="absent", absence_hours=column.hours)
                    )
                elif roll < 0.10:
                    cells.append(Cell(column=column, student_id=student_id, attendance="late"))
                elif roll < 0.55:
                    grade = Decimal(max(0, min(100, skill + rng.randint(-15, 10))))
                    cells.append(Cell(column=column, student_id=student_id, grade=grade, attendance="present"))
                else:
                    cells.append(Cell(column=column, student_id=student_id, attendance="present"))
            if stream.kind == "lecture":
                for column in controls:
                    grade = Decimal(max(0, min(100, skill + rng.randint(-10, 10))))
                    cells.append(Cell(column=column, student_id=student_id, grade=grade))
        Cell.objects.bulk_create(cells, ignore_conflicts=True)
        created += len(cells)
    return {"journal_cells": created}


# --- A past term -------------------------------------------------------------------------------------------------


def _past_term(record: StudentRecord, *, today: dt.date) -> Term | None:
    """The demo student's latest term that started before the current one, not a summer term."""
    current = Term.objects.filter(academic_year__university_id=record.programme.department.faculty.university_id)
    current = current.current(on=today)
    if current is None:
        return None
    return (
        Term.objects.filter(registrations__student=record, start_date__lt=current.start_date)
        .exclude(kind=Term.Kind.SUMMER)
        .select_related("academic_year")
        .order_by("-start_date")
        .first()
    )


def _past_roster(record: StudentRecord, term: Term) -> dict[int, list[Registration]]:
    """discipline id -> registrations of the demo student's group in that term, by student number."""
    roster: dict[int, list[Registration]] = {}
    for registration in (
        Registration.objects.filter(term=term, student__group_id=record.group_id)
        .select_related("student", "final_grade")
        .order_by("student__student_number")
    ):
        roster.setdefault(registration.discipline_id, []).append(registration)
    return roster


def _past_disciplines(record, roster, teacher) -> list[Discipline]:
    """Two of the demo student's disciplines: ones the student passed (their final shows), that count in the GPA,
    of the demo teacher's department, with the most failing classmates (so the grid shows those states)."""
    department_id = getattr(getattr(teacher, "teacher_record", None), "department_id", None)

    def passing(registration) -> bool:
        grade = getattr(registration, "final_grade", None)
        return grade is None or grade.passing

    mine = {r.discipline_id: r for rows in roster.values() for r in rows if r.student_id == record.pk}
    disciplines = Discipline.objects.filter(pk__in=mine)
    ranked = sorted(
        disciplines,
        key=lambda d: (
            not passing(mine[d.pk]),
            not d.counts_in_gpa,
            d.department_id != department_id,
            -sum(not passing(r) for r in roster[d.pk]),
            d.code,
        ),
    )
    return ranked[:PAST_DISCIPLINES]


def _past_stream(*, discipline, term, record, teacher, registrations, n: int) -> Stream:
    """The lecture stream of the past term (found by discipline, term and code), its slots and its choices."""
    stream = Stream.objects.filter(discipline=discipline, term=term, code=PAST_CODE).first()
    if stream is None:
        stream = Stream.objects.create(
            discipline=discipline,
            term=term,
            kind=LessonType.LECTURE,
            code=PAST_CODE,
            teacher=teacher,
            language=record.group.language,
            capacity=len(registrations) + 2,
        )
        stream.groups.set([record.group])
        start, end = _study_dates(term)
        Slot.objects.bulk_create(
            Slot(
                stream=stream,
                weekday=weekday,
                start_time=starts,
                end_time=(dt.datetime.combine(start, starts) + LESSON).time(),
                room=PAST_ROOMS[n % len(PAST_ROOMS)],
                start_date=start,
                end_date=end,
            )
            for weekday, starts in PAST_TIMES[n % len(PAST_TIMES)]
        )
    have = set(
        StreamChoice.objects.filter(term=term, discipline=discipline, kind=stream.kind).values_list(
            "student_id", flat=True
        )
    )
    seats = stream.capacity - StreamChoice.objects.filter(stream=stream).count()
    new = [
        StreamChoice(student_id=r.student_id, stream=stream, discipline=discipline, term=term, kind=stream.kind)
        for r in registrations
        if r.student_id not in have
    ][: max(seats, 0)]
    if new:
        StreamChoice.objects.bulk_create(new)
        # the seat counter is the number of choices, as demo.streams keeps it
        chosen = StreamChoice.objects.filter(stream=OuterRef("pk")).values("stream").annotate(n=Count("pk")).values("n")
        Stream.objects.filter(pk=stream.pk).update(taken=Coalesce(Subquery(chosen), 0))
    return stream


def _roles(registrations, *, record, rng: random.Random, n: int) -> dict[int, str]:
    """Each student's part in the grid: "pass"; "failed" (the exam) or "not_admitted" for those demo.study failed,
    by turns (the second discipline starts with the other, so both grids differ); and one "retaken" classmate who
    passed: a failed exam, then a passing retake. Failing stays failing: demo.study's later terms retake some."""
    roles = {}
    turn = n
    for r in registrations:
        grade = getattr(r, "final_grade", None)
        if grade is None or grade.passing:
            roles[r.student_id] = "pass"
        elif r.student_id == record.pk:
            roles[r.student_id] = "failed"  # the demo student's final is always computed
        else:
            roles[r.student_id] = ("failed", "not_admitted")[turn % 2]
            turn += 1
    passers = [sid for sid, role in roles.items() if role == "pass" and sid != record.pk]
    if len(registrations) >= 5 and passers:
        roles[rng.choice(passers)] = "retaken"
    return roles


def _mark(target: int, rng: random.Random, *, admitted: bool, spread: tuple[int, int] = (-10, 8)) -> Decimal:
    """A grade around the target: at least 52 for a student meant to be admitted (RD ≥ 50 whatever the mix), at
    most 48 for one meant to fall short."""
    value = target + rng.randint(*spread)
    low, high = (52, 100) if admitted else (0, 48)
    return Decimal(max(low, min(high, value)))


def _past_cells(*, stream, registrations, roles, teacher, rules, bands) -> int:
    """Every lesson of every student, РК1 and РК2; then the exam of each student the journal admits and the retake
    of the "retaken" one. Returns how many cells were written."""
    discipline, term = stream.discipline, stream.term
    lessons = list(Column.objects.filter(stream=stream, kind=ColumnKind.LESSON).order_by("date", "pk"))
    controls = {
        c.kind: c for c in Column.objects.filter(discipline_id=discipline.pk, term_id=term.pk, stream__isnull=True)
    }
    cells: list[Cell] = []
    targets: dict[int, tuple[int, random.Random]] = {}
    for r in registrations:
        sid, role = r.student_id, roles[r.student_id]
        rng = random.Random(f"demo-journal-past:{discipline.code}:{term.start_date}:{r.student.student_number}")
        grade = getattr(r, "final_grade", None)
        admitted = role != "not_admitted"
        target = int(grade.admission_rating) if grade is not None and grade.admission_rating is not None else 75
        target = max(55, min(98, target)) if admitted else rng.randint(30, 44)
        targets[sid] = (target, rng)
        absent_share = 0.25 if not admitted else 0.07
        attendance = []
        for _column in lessons:
            roll = rng.random()
            attendance.append("absent" if roll < absent_share else "late" if roll < absent_share + 0.04 else "present")
        present = [i for i, mark in enumerate(attendance) if mark != "absent"]
        if not present and lessons:
            attendance[0], present = "present", [0]
        # about half the lessons attended are graded, always the first and the last (one in each half of the term)
        graded = set(rng.sample(present, math.ceil(len(present) / 2)))
        if present:
            graded |= {present[0], present[-1]}
        for i, column in enumerate(lessons):
            cells.append(
                Cell(
                    column=column,
                    student_id=sid,
                    attendance=attendance[i],
                    absence_hours=column.hours if attendance[i] == "absent" else 0,
                    grade=_mark(target, rng, admitted=admitted) if i in graded else None,
                    updated_by=teacher,
                )
            )
        for kind in (ColumnKind.MIDTERM1, ColumnKind.MIDTERM2):
            if kind in controls:
                grade_value = _mark(target, rng, admitted=admitted, spread=(-8, 8))
                cells.append(Cell(column=controls[kind], student_id=sid, grade=grade_value, updated_by=teacher))
    Cell.objects.bulk_create(cells, batch_size=1000, ignore_conflicts=True)

    ids = [r.student_id for r in registrations]
    results = results_for(student_ids=ids, discipline_id=discipline.pk, term=term, rules=rules, bands=bands)
    exams: list[Cell] = []
    pass_min = int(rules.exam_pass_min)
    for r in registrations:
        sid, role = r.student_id, roles[r.student_id]
        if not results[sid][1].admitted or ColumnKind.EXAM not in controls:
            continue
        target, rng = targets[sid]
        grade = getattr(r, "final_grade", None)
        stored = int(grade.exam) if grade is not None and grade.exam is not None else target
        if role == "pass":
            exam = max(pass_min, min(100, stored + rng.randint(-5, 5)))
        elif role == "failed":
            exam = max(25, min(pass_min - 5, stored))
        else:  # retaken: a failed exam, then a pass
            exam = rng.randint(30, pass_min - 8)
        exams.append(Cell(column=controls[ColumnKind.EXAM], student_id=sid, grade=Decimal(exam), updated_by=teacher))
        if role == "retaken" and ColumnKind.RETAKE in controls:
            retake = Decimal(rng.randint(pass_min + 5, 85))
            exams.append(Cell(column=controls[ColumnKind.RETAKE], student_id=sid, grade=retake, updated_by=teacher))
    Cell.objects.bulk_create(exams, ignore_conflicts=True)
    return len(cells) + len(exams)


def _past_finals(*, stream, registrations, teacher, rules, bands) -> int:
    """Write each computed final through the journal's service (nothing is written when it is stored already)."""
    ids = [r.student_id for r in registrations]
    results = results_for(
        student_ids=ids, discipline_id=stream.discipline_id, term=stream.term, rules=rules, bands=bands
    )
    stored = {
        r.student_id: (g.percent, g.admission_rating, g.exam)
        for r in registrations
        if (g := getattr(r, "final_grade", None)) is not None
    }
    written = 0
    for sid in ids:
        result = results[sid][1]
        if result.final is None or stored.get(sid) == (result.final, result.rd, result.exam_used):
            continue
        final_grade_sync(
            student_id=sid, discipline_id=stream.discipline_id, term_id=stream.term_id, result=result, actor=teacher
        )
        written += 1
    return written


@transaction.atomic
def seed_past_journal(*, today: dt.date) -> dict:
    """The past term's streams, journal and finals of the demo student's group (see the module doc)."""
    record = (
        StudentRecord.objects.filter(user__email=DEMO_STUDENT)
        .select_related("group", "programme__department__faculty")
        .first()
    )
    teacher = User.objects.filter(email=DEMO_TEACHER).select_related("teacher_record").first()
    if record is None or record.group is None or teacher is None:
        return {}
    term = _past_term(record, today=today)
    if term is None:
        return {}
    roster = _past_roster(record, term)
    disciplines = _past_disciplines(record, roster, teacher)
    if not disciplines:
        return {}
    rules = journal_settings_for(university_id=term.academic_year.university_id)
    bands = scale(term.academic_year.university_id)
    holidays = set(Holiday.objects.filter(date__range=(term.start_date, term.end_date)).values_list("date", flat=True))
    summary: Counter = Counter()
    for n, discipline in enumerate(disciplines):
        registrations = roster[discipline.pk]
        stream = _past_stream(
            discipline=discipline, term=term, record=record, teacher=teacher, registrations=registrations, n=n
        )
        stream = (
            Stream.objects.select_related("discipline", "term__academic_year")
            .prefetch_related("slots")
            .get(pk=stream.pk)
        )
        summary["columns"] += stream_columns_sync(stream=stream, rules=rules, holidays=holidays)
        seated = set(StreamChoice.objects.filter(stream=stream).values_list("student_id", flat=True))
        registrations = [r for r in registrations if r.student_id in seated]
        if not Cell.objects.filter(column__stream=stream).exists():
            rng = random.Random(f"demo-journal-past:{discipline.code}:{term.start_date}")
            roles = _roles(registrations, record=record, rng=rng, n=n)
            summary["cells"] += _past_cells(
                stream=stream, registrations=registrations, roles=roles, teacher=teacher, rules=rules, bands=bands
            )
        summary["finals"] += _past_finals(
            stream=stream, registrations=registrations, teacher=teacher, rules=rules, bands=bands
        )
    return dict(summary)

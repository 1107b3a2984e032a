"""Demo streams, weekly timetables, default stream choices and the exam timetable of the current term.

`seed_streams(today=...)` is idempotent and deterministic. For every discipline the demo students take in the
current term (their Registration rows; without any, their group's curriculum semester) it plans:

- a lecture stream per language of instruction of the groups taking it, a practice stream per group, and for some
  basic and profile disciplines a lab per group on odd or even weeks;
- teachers from the discipline's department (teacher@demo.kz teaches some of student@demo.kz's streams);
- capacities sized to the cohort, some nearly full;
- weekly slots laid out so no group, teacher or room is in two places at once (for the group's default picks);
- for student@demo.kz, two disciplines left unchosen: one with a full practice stream beside the free one (to be
  refused), one with a practice stream at the time of another chosen lesson (to be refused for the clash);
- default stream choices for the other students (a few skip one discipline), seat counters kept true;
- the exam timetable in the term's exam session, one exam an online test (its link is filled when the testing
  module publishes the test; until then the card says so);
- an open stream-selection period of the current term around today.

Rows are found by natural keys (stream: discipline, term, code), so a re-run creates nothing new and a stream the
registrar edited keeps its edits.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from academic_calendar.models import Holiday, Period
from curriculum.models import Curriculum, CurriculumItem, Discipline, Registration
from people.models import StudentRecord, TeacherRecord, User
from schedule.models import Exam, LessonType, Slot, Stream, StreamChoice
from schedule.services.exams import exam_create
from university.models import StudyGroup, Term, University

SEED = "schedule-demo-2026"
DEMO_STUDENT = "student@demo.kz"
DEMO_TEACHER = "teacher@demo.kz"

# Lessons are 50 minutes; Monday to Saturday.
TIMES = [dt.time(9), dt.time(10), dt.time(11), dt.time(12), dt.time(14), dt.time(15), dt.time(16)]
LESSON = dt.timedelta(minutes=50)
WEEKDAYS = range(6)
ROOMS = {
    LessonType.LECTURE: [f"A-{n}" for n in range(101, 113)],
    LessonType.PRACTICE: [f"B-{n}" for n in range(201, 241)],
    LessonType.LAB: [f"C-{n}" for n in range(301, 316)],
}
EXAM_HALLS = [f"A-{n}" for n in range(201, 209)]
EXAM_TIMES = [(dt.time(10), dt.time(12)), (dt.time(14), dt.time(16))]
LECTURE_MARGINS = (2, 4, 8, 15)  # free seats over the cohort: small ones make nearly full streams
PRACTICE_MARGINS = (1, 2, 3, 5)
LAB_SHARE = 0.4  # of basic and profile disciplines
SKIP_SHARE = 0.05  # of (student, discipline): not chosen yet
FULL_ALTERNATIVE_SEATS = 3
CLASH_ALTERNATIVE_SEATS = 12
KIND_ORDER = {LessonType.LECTURE: 0, LessonType.PRACTICE: 1, LessonType.LAB: 2}


def rng_for(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


@dataclass
class StreamPlan:
    discipline: Discipline
    kind: str
    code: str
    language: str
    groups: list[StudyGroup]
    members: list[StudentRecord]  # default picks
    capacity: int
    parity: str = Slot.Parity.EVERY
    teacher: User | None = None
    time: tuple[int, int] | None = None  # (weekday, index in TIMES)
    room: str = ""
    clash_with: StreamPlan | None = None
    online_exam: bool = False

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class TermPlan:
    term: Term
    streams: list[StreamPlan] = field(default_factory=list)
    skipped: set[tuple[int, int]] = field(default_factory=set)  # (student id, discipline id): no default choice
    pinned: set[tuple[int, int]] = field(default_factory=set)  # (student id, discipline id): never skipped


# --- What is taught this term ------------------------------------------------------------------------------------


def _demand(term: Term, students: list[StudentRecord]) -> dict[int, list[StudentRecord]]:
    """discipline id -> students taking it this term: their registrations, else their group's curriculum."""
    by_id = {s.pk: s for s in students}
    demand: dict[int, list[StudentRecord]] = defaultdict(list)
    for student_id, discipline_id in (
        Registration.objects.filter(term=term, student_id__in=by_id).order_by("pk").values_list("student", "discipline")
    ):
        demand[discipline_id].append(by_id[student_id])
    if demand:
        return demand
    from curriculum.selectors.plan import semester_for_term

    curricula = {
        (c.programme_id, c.admission_year): c
        for c in Curriculum.objects.filter(programme_id__in={s.programme_id for s in students})
    }
    items: dict[int, list[CurriculumItem]] = defaultdict(list)
    for item in CurriculumItem.objects.filter(curriculum__in=list(curricula.values())).select_related(
        "elective_group", "discipline"
    ):
        items[item.curriculum_id].append(item)
    members: dict[int, list[StudentRecord]] = defaultdict(list)
    for student in students:
        if student.group_id:
            members[student.group_id].append(student)
    for _group_id, group_students in sorted(members.items(), key=lambda item: item[0]):
        group = group_students[0].group
        years = sorted(y for (p, y) in curricula if p == group.programme_id and y <= group.admission_year)
        if not years:
            continue
        curriculum = curricula[(group.programme_id, years[-1])]
        semester = semester_for_term(admission_year=group.admission_year, term=term)
        chosen, electives = [], defaultdict(list)
        for item in sorted(items[curriculum.pk], key=lambda i: i.discipline.code):
            if item.semester != semester:
                continue
            if item.elective_group_id:
                electives[item.elective_group_id].append(item)
            else:
                chosen.append(item)
        for group_items in electives.values():
            chosen += group_items[: group_items[0].elective_group.choose]
        for item in chosen:
            demand[item.discipline_id] += group_students
    return demand


def _teachers(university: University) -> tuple[dict[int | None, list[User]], list[User]]:
    by_department: dict[int | None, list[User]] = defaultdict(list)
    everyone = []
    for record in (
        TeacherRecord.objects.filter(department__faculty__university=university, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    ):
        by_department[record.department_id].append(record.user)
        everyone.append(record.user)
    return by_department, everyone


# --- Planning (no writes) ----------------------------------------------------------------------------------------


def _plan_discipline(discipline: Discipline, students: list[StudentRecord]) -> list[StreamPlan]:
    rng = rng_for(f"streams:{discipline.code}")
    groups: dict[int, list[StudentRecord]] = defaultdict(list)
    no_group = []
    for student in sorted(set(students), key=lambda s: s.student_number):
        (groups[student.group_id] if student.group_id else no_group).append(student)
    if not groups:
        return []
    group_of = {s.group_id: s.group for members in groups.values() for s in members}
    ordered = sorted(groups, key=lambda g: group_of[g].name)
    if no_group:  # students without a group join the largest group's practice
        groups[max(ordered, key=lambda g: len(groups[g]))] += no_group

    plans = []
    languages = sorted({group_of[g].language for g in ordered})
    for n, language in enumerate(languages, start=1):
        in_language = [g for g in ordered if group_of[g].language == language]
        members = [s for g in in_language for s in groups[g]]
        plans.append(
            StreamPlan(
                discipline,
                LessonType.LECTURE,
                f"L-{n:02d}",
                language,
                [group_of[g] for g in in_language],
                members,
                len(members) + rng.choice(LECTURE_MARGINS),
            )
        )
    lab = discipline.cycle != Discipline.Cycle.GENERAL and rng.random() < LAB_SHARE
    for n, group_id in enumerate(ordered, start=1):
        group, members = group_of[group_id], groups[group_id]
        plans.append(
            StreamPlan(
                discipline,
                LessonType.PRACTICE,
                f"P-{n:02d}",
                group.language,
                [group],
                list(members),
                len(members) + rng.choice(PRACTICE_MARGINS),
            )
        )
        if lab:
            plans.append(
                StreamPlan(
                    discipline,
                    LessonType.LAB,
                    f"LB-{n:02d}",
                    group.language,
                    [group],
                    list(members),
                    len(members) + rng.choice(PRACTICE_MARGINS),
                    parity=Slot.Parity.ODD if n % 2 else Slot.Parity.EVEN,
                )
            )
    return plans


def _demo_extras(plans: list[StreamPlan], demo: StudentRecord | None, plan: TermPlan) -> tuple[list, list]:
    """student@demo.kz's two unchosen disciplines and the alternatives that make the refusals visible."""
    if demo is None or demo.group_id is None:
        return [], []
    mine = sorted({p.discipline.pk: p.discipline for p in plans if demo in p.members}.values(), key=lambda d: d.code)
    if len(mine) < 3:
        return [], mine
    unchosen, chosen = mine[-2:], mine[:-2]
    for discipline in unchosen:
        plan.skipped.add((demo.pk, discipline.pk))
    full_for, clash_for = unchosen
    for discipline, full in ((full_for, True), (clash_for, False)):
        practices = [p for p in plans if p.discipline == discipline and p.kind == LessonType.PRACTICE]
        own = next(p for p in practices if demo in p.members)
        code = f"P-{len(practices) + 1:02d}"
        if full:
            movers = [s for s in own.members if s != demo][-FULL_ALTERNATIVE_SEATS:]
            if not movers:
                continue
            own.members = [s for s in own.members if s not in movers]
            plan.pinned.update((s.pk, discipline.pk) for s in movers)
            plans.append(
                StreamPlan(discipline, LessonType.PRACTICE, code, own.language, [demo.group], movers, len(movers))
            )
        else:
            target = next(
                (p for p in plans if p.discipline in chosen and p.kind == LessonType.LECTURE and demo in p.members),
                None,
            )
            if target is not None:
                plans.append(
                    StreamPlan(
                        discipline,
                        LessonType.PRACTICE,
                        code,
                        own.language,
                        [demo.group],
                        [],
                        CLASH_ALTERNATIVE_SEATS,
                        clash_with=target,
                    )
                )
    return unchosen, chosen


def _assign_teachers(plans, *, by_department, everyone, demo_teacher, demo, demo_chosen) -> None:
    turn: Counter = Counter()
    for p in plans:
        pool = by_department.get(p.discipline.department_id) or everyone
        if not pool:
            continue
        key = p.discipline.department_id
        p.teacher = pool[turn[key] % len(pool)]
        turn[key] += 1
    if demo_teacher is None or demo is None:
        return
    # teacher@demo.kz teaches student@demo.kz: the lecture of the first chosen discipline, the practice of two.
    for n, discipline in enumerate(demo_chosen[:2]):
        for p in plans:
            if p.discipline == discipline and demo in p.members:
                if p.kind == LessonType.PRACTICE or (p.kind == LessonType.LECTURE and n == 0):
                    p.teacher = demo_teacher


def _place(plans: list[StreamPlan], *, everyone: list[User], by_department) -> list[StreamPlan]:
    """Greedy timetabling: big streams first, each at the least-loaded free time of its groups and teacher."""
    busy_group: dict[int, set] = defaultdict(set)
    busy_teacher: dict[int, set] = defaultdict(set)
    busy_room: dict[str, set] = defaultdict(set)
    day_load: dict[int, Counter] = defaultdict(Counter)
    times = [(d, t) for d in WEEKDAYS for t in range(len(TIMES))]
    unplaced = []
    order = sorted(
        (p for p in plans if p.clash_with is None),
        key=lambda p: (KIND_ORDER[p.kind], -len(p.groups), -p.size, p.discipline.code, p.code),
    )
    for p in order:
        group_ids = [g.pk for g in p.groups]
        candidates = sorted(times, key=lambda x: (sum(day_load[g][x[0]] for g in group_ids), x[1], x[0]))
        teachers = [p.teacher] + [
            t for t in (by_department.get(p.discipline.department_id) or everyone) if t != p.teacher
        ]
        placed = False
        for teacher in teachers:
            if teacher is None:
                continue
            for x in candidates:
                if any(x in busy_group[g] for g in group_ids) or x in busy_teacher[teacher.pk]:
                    continue
                room = next((r for r in ROOMS[p.kind] if x not in busy_room[r]), None)
                if room is None:
                    continue
                p.teacher, p.time, p.room, placed = teacher, x, room, True
                break
            if placed:
                break
        if not placed:
            unplaced.append(p)
            continue
        busy_teacher[p.teacher.pk].add(p.time)
        busy_room[p.room].add(p.time)
        for g in group_ids:
            busy_group[g].add(p.time)
            day_load[g][p.time[0]] += 1
    for p in plans:
        if p.clash_with is None or p.clash_with.time is None:
            continue
        # on purpose at the time of one of student@demo.kz's chosen lectures, with another teacher and room
        x = p.clash_with.time
        teacher = next(
            (t for t in (by_department.get(p.discipline.department_id) or everyone) if x not in busy_teacher[t.pk]),
            None,
        )
        room = next((r for r in ROOMS[p.kind] if x not in busy_room[r]), None)
        if teacher is None or room is None:
            unplaced.append(p)
            continue
        p.teacher, p.time, p.room = teacher, x, room
        busy_teacher[teacher.pk].add(x)
        busy_room[room].add(x)
    return [p for p in plans if p.time is not None and p.teacher is not None]


def plan_term(term: Term) -> TermPlan:
    university = term.academic_year.university
    plan = TermPlan(term)
    students = list(
        StudentRecord.objects.filter(
            status=StudentRecord.Status.ACTIVE, programme__department__faculty__university=university
        )
        .select_related("user", "group")
        .order_by("student_number")
    )
    demand = _demand(term, students)
    if not demand:
        return plan
    disciplines = Discipline.objects.filter(pk__in=demand).order_by("code")
    plans: list[StreamPlan] = []
    for discipline in disciplines:
        plans += _plan_discipline(discipline, demand[discipline.pk])
    demo = next((s for s in students if s.user.email == DEMO_STUDENT), None)
    _unchosen, demo_chosen = _demo_extras(plans, demo, plan)
    by_department, everyone = _teachers(university)
    demo_teacher = next((t for t in everyone if t.email == DEMO_TEACHER), None)
    _assign_teachers(
        plans,
        by_department=by_department,
        everyone=everyone,
        demo_teacher=demo_teacher,
        demo=demo,
        demo_chosen=demo_chosen,
    )
    plan.streams = _place(plans, everyone=everyone, by_department=by_department)
    if demo is not None and demo_chosen:
        first = next((p for p in plan.streams if p.discipline == demo_chosen[0] and p.kind == LessonType.LECTURE), None)
        if first is not None:
            first.online_exam = True
    for discipline_id, members in demand.items():
        for s in members:
            key = (s.pk, discipline_id)
            if s != demo and key not in plan.pinned:
                if rng_for(f"skip:{s.student_number}:{discipline_id}").random() < SKIP_SHARE:
                    plan.skipped.add(key)
    return plan


# --- Writing -----------------------------------------------------------------------------------------------------


def _study_dates(term: Term) -> tuple[dt.date, dt.date]:
    study = Period.objects.filter(term=term, kind=Period.Kind.STUDY).order_by("start_date").first()
    if study is not None:
        return study.start_date, study.end_date
    return term.start_date, min(term.end_date, term.start_date + dt.timedelta(weeks=15, days=-1))


def _write_streams(plan: TermPlan) -> tuple[dict[tuple[int, str], Stream], int]:
    term = plan.term
    existing = {
        (s.discipline_id, s.code): s
        for s in Stream.objects.filter(term=term, discipline__in={p.discipline for p in plan.streams})
    }
    start, end = _study_dates(term)
    created = 0
    for p in plan.streams:
        key = (p.discipline.pk, p.code)
        if key in existing:
            continue
        stream = Stream.objects.create(
            discipline=p.discipline,
            term=term,
            kind=p.kind,
            code=p.code,
            teacher=p.teacher,
            language=p.language,
            capacity=p.capacity,
        )
        stream.groups.set(p.groups)
        weekday, index = p.time
        starts = TIMES[index]
        Slot.objects.create(
            stream=stream,
            weekday=weekday,
            start_time=starts,
            end_time=(dt.datetime.combine(start, starts) + LESSON).time(),
            room=p.room,
            start_date=start,
            end_date=end,
            parity=p.parity,
        )
        existing[key] = stream
        created += 1
    return existing, created


def _write_choices(plan: TermPlan, streams: dict[tuple[int, str], Stream]) -> int:
    term = plan.term
    have = set(StreamChoice.objects.filter(term=term).values_list("student_id", "discipline_id", "kind"))
    seats = dict(Stream.objects.filter(term=term).annotate(chosen=Count("choices")).values_list("pk", "chosen"))
    new = []
    for p in plan.streams:
        stream = streams[(p.discipline.pk, p.code)]
        for student in p.members:
            key = (student.pk, p.discipline.pk, p.kind)
            if key in have or (student.pk, p.discipline.pk) in plan.skipped:
                continue
            if seats.get(stream.pk, 0) >= stream.capacity:
                continue
            new.append(StreamChoice(student=student, stream=stream, discipline=p.discipline, term=term, kind=p.kind))
            have.add(key)
            seats[stream.pk] = seats.get(stream.pk, 0) + 1
    StreamChoice.objects.bulk_create(new, batch_size=1000)
    if new:
        # The seat counter is the number of choices (the demo writes them in bulk, not seat by seat).
        chosen = StreamChoice.objects.filter(stream=OuterRef("pk")).values("stream").annotate(n=Count("pk")).values("n")
        Stream.objects.filter(pk__in={c.stream_id for c in new}).update(taken=Coalesce(Subquery(chosen), 0))
    return len(new)


def _exam_session(term: Term) -> dt.date:
    session = Period.objects.filter(term=term, kind=Period.Kind.EXAM_SESSION).order_by("start_date").first()
    return session.start_date if session is not None else term.end_date - dt.timedelta(days=13)


def _write_exams(plan: TermPlan, streams: dict[tuple[int, str], Stream]) -> int:
    """One exam per discipline (its lecture streams sit it together), no group with two exams on one day."""
    term = plan.term
    lectures: dict[int, list[StreamPlan]] = defaultdict(list)
    for p in plan.streams:
        if p.kind == LessonType.LECTURE:
            lectures[p.discipline.pk].append(p)
    has_exam = set(Exam.objects.filter(stream__term=term).values_list("stream_id", flat=True))
    day, busy_groups = _exam_session(term), defaultdict(set)
    holidays = set(
        Holiday.objects.filter(university_id=term.academic_year.university_id, date__gte=day).values_list(
            "date", flat=True
        )
    )
    test_url = reverse("testing:index")  # the student's tests; a test linked to the exam wins over it
    created = 0
    # halls and times already given out (a re-run that adds streams must not double-book them)
    occupied = {
        (room, timezone.localtime(starts))
        for room, starts in Exam.objects.filter(stream__term=term).values_list("room", "starts_at")
    }
    for discipline_id in sorted(lectures, key=lambda d: lectures[d][0].discipline.code):
        group_ids = {g.pk for p in lectures[discipline_id] for g in p.groups}
        exam_day = day
        while exam_day.weekday() == 6 or exam_day in holidays or any(exam_day in busy_groups[g] for g in group_ids):
            exam_day += dt.timedelta(days=1)
        for g in group_ids:
            busy_groups[g].add(exam_day)
        for p in lectures[discipline_id]:
            stream = streams[(p.discipline.pk, p.code)]
            if stream.pk in has_exam:
                continue
            room, starts, ends = "", None, None
            while starts is None:
                for begin, finish in EXAM_TIMES:
                    at = timezone.make_aware(dt.datetime.combine(exam_day, begin))
                    free = "" if p.online_exam else next((h for h in EXAM_HALLS if (h, at) not in occupied), None)
                    if free is not None:
                        room, starts, ends = free, begin, finish
                        break
                else:
                    exam_day += dt.timedelta(days=1)
                    while exam_day.weekday() == 6 or exam_day in holidays:
                        exam_day += dt.timedelta(days=1)
            if room:
                occupied.add((room, timezone.make_aware(dt.datetime.combine(exam_day, starts))))
            exam_create(
                stream=stream,
                starts_at=timezone.make_aware(dt.datetime.combine(exam_day, starts)),
                ends_at=timezone.make_aware(dt.datetime.combine(exam_day, ends)),
                room=room,
                is_online=p.online_exam,
                test_url=test_url if p.online_exam else "",
                notify_students=False,
            )
            created += 1
    return created


def _open_stream_selection(term: Term, *, today: dt.date) -> None:
    """Stream selection of the current term stays open around today, so the demo can choose and switch."""
    start, end = today - dt.timedelta(days=3), today + dt.timedelta(days=10)
    period = Period.objects.filter(term=term, kind=Period.Kind.STREAM_SELECTION).order_by("-start_date").first()
    if period is None:
        Period.objects.create(term=term, kind=Period.Kind.STREAM_SELECTION, start_date=start, end_date=end)
    elif not period.contains(today):
        period.start_date, period.end_date = start, end
        period.save(update_fields=["start_date", "end_date", "updated_at"])


@transaction.atomic
def seed_streams(*, today: dt.date) -> dict:
    """Streams, timetables, default choices and exams of each university's current term (see the module doc)."""
    summary: Counter = Counter()
    for university in University.objects.order_by("pk"):
        term = Term.objects.filter(academic_year__university=university).current(on=today)
        if term is None:
            continue
        _open_stream_selection(term, today=today)
        plan = plan_term(term)
        if not plan.streams:
            continue
        streams, created = _write_streams(plan)
        summary["streams"] += created
        summary["choices"] += _write_choices(plan, streams)
        summary["exams"] += _write_exams(plan, streams)
    return dict(summary)

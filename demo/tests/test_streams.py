"""seed_streams on the demo university: streams, clash-free default picks, the demo accounts' cases, idempotence."""

import datetime as dt
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from academic_calendar.models import Holiday, Period
from assignments.models import Assignment, Submission
from demo.calendar import seed_calendar
from demo.streams import seed_streams
from people.models import StudentRecord, User
from schedule.models import Exam, LessonType, Slot, Stream, StreamChoice
from university.models import Term

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row the step writes, by natural keys, so a re-run or a rebuild can be compared (the current term's:
    demo.journal adds streams of a past term)."""
    term = Term.objects.current(on=timezone.localdate())
    return {
        "streams": sorted(
            Stream.objects.filter(term=term).values_list(
                "discipline__code", "term_id", "code", "kind", "teacher__email", "language", "capacity", "taken"
            )
        ),
        "groups": sorted(
            Stream.groups.through.objects.filter(stream__term=term).values_list(
                "stream__discipline__code", "stream__code", "studygroup__name"
            )
        ),
        "slots": sorted(
            Slot.objects.filter(stream__term=term).values_list(
                "stream__discipline__code", "stream__code", "weekday", "start_time", "end_time", "room", "parity"
            )
        ),
        "choices": sorted(
            StreamChoice.objects.filter(term=term).values_list(
                "student__student_number", "stream__discipline__code", "stream__code"
            )
        ),
        "exams": sorted(
            Exam.objects.values_list(
                "stream__discipline__code", "stream__code", "starts_at", "room", "is_online", "test_url"
            )
        ),
    }


@pytest.fixture(scope="module")
def today():
    return timezone.localdate()


@pytest.fixture
def seeded(today):
    # seed_demo runs the calendar and stream steps itself; a second seed_streams must add nothing
    call_command("seed_demo", students=60, quiet=True, stdout=StringIO())
    seed_calendar(today=today)
    again = seed_streams(today=today)
    assert again["streams"] == again["choices"] == again["exams"] == 0
    return {"streams": Stream.objects.count(), "choices": StreamChoice.objects.count(), "exams": Exam.objects.count()}


def test_streams_for_the_current_term(seeded, today):
    term = Term.objects.current(on=today)
    assert seeded["streams"] > 20 and seeded["choices"] > 100 and seeded["exams"] > 5
    # besides, demo.journal gives teacher@demo.kz two lecture streams of the demo student's last past term
    past = Stream.objects.exclude(term=term)
    assert set(past.values_list("teacher__email", "kind")) == {("teacher@demo.kz", LessonType.LECTURE)}
    assert past.count() == 2 and all(t.end_date < today for t in Term.objects.filter(streams__in=past))
    kinds = set(Stream.objects.filter(term=term).values_list("kind", flat=True))
    assert {LessonType.LECTURE, LessonType.PRACTICE} <= kinds
    assert not Stream.objects.filter(term=term).annotate(n=Count("slots")).exclude(n=1).exists()
    assert Slot.objects.filter(parity=Slot.Parity.EVERY).exists()


def test_seat_counters_are_the_choices_and_some_streams_nearly_full(seeded):
    for stream in Stream.objects.annotate(n=Count("choices")):
        assert stream.taken == stream.n <= stream.capacity
    assert Stream.objects.filter(taken__gte=F("capacity") - 2, taken__gt=0).count() >= 3


def test_teachers_come_from_the_discipline_department(seeded):
    demo_teacher = User.objects.get(email="teacher@demo.kz")
    for stream in Stream.objects.exclude(teacher=demo_teacher).select_related("discipline", "teacher__teacher_record"):
        if stream.discipline.department_id:
            assert stream.teacher.teacher_record.department_id == stream.discipline.department_id


def test_default_picks_never_clash_for_a_student_teacher_or_room(seeded, today):
    term = Term.objects.current(on=today)  # the slots of a past term never meet these
    by_student, by_teacher, by_room = defaultdict(list), defaultdict(list), defaultdict(list)
    for choice in StreamChoice.objects.filter(term=term).select_related("stream"):
        for slot in choice.stream.slots.all():
            by_student[choice.student_id].append((slot.weekday, slot.start_time))
    for slot in Slot.objects.filter(stream__term=term).select_related("stream"):
        by_teacher[slot.stream.teacher_id].append((slot.weekday, slot.start_time))
        by_room[slot.room].append((slot.weekday, slot.start_time))
    for times in (*by_student.values(), *by_teacher.values(), *by_room.values()):
        assert len(times) == len(set(times))


def test_the_demo_student_has_two_disciplines_to_choose_with_a_full_and_a_clashing_stream(seeded):
    demo = StudentRecord.objects.get(user__email="student@demo.kz")
    chosen = StreamChoice.objects.filter(student=demo)
    chosen_disciplines = set(chosen.values_list("discipline", flat=True))
    group_streams = Stream.objects.filter(groups=demo.group)
    open_disciplines = set(
        group_streams.exclude(discipline__in=chosen_disciplines).values_list("discipline", flat=True)
    )
    assert len(open_disciplines) >= 2 and len(chosen_disciplines) >= 1
    alternatives = Stream.objects.filter(discipline__in=open_disciplines, kind=LessonType.PRACTICE, groups=demo.group)
    assert alternatives.filter(taken=F("capacity")).exists()  # a full one, to be refused
    assert alternatives.filter(taken__lt=F("capacity")).exists()  # and one with seats
    my_times = {(s.weekday, s.start_time) for s in Slot.objects.filter(stream__choices__student=demo)}
    clashing = [s for s in Slot.objects.filter(stream__in=alternatives) if (s.weekday, s.start_time) in my_times]
    assert clashing and clashing[0].stream.taken < clashing[0].stream.capacity


def test_the_demo_teacher_teaches_the_demo_student(seeded):
    demo = StudentRecord.objects.get(user__email="student@demo.kz")
    assert Stream.objects.filter(teacher__email="teacher@demo.kz", choices__student=demo).exists()


def test_exam_timetable_in_the_session_with_one_online_test(seeded, today):
    term = Term.objects.current(on=today)
    session = Period.objects.filter(term=term, kind=Period.Kind.EXAM_SESSION).first()
    first_day = session.start_date if session else term.end_date - dt.timedelta(days=13)
    holidays = set(Holiday.objects.values_list("date", flat=True))
    for exam in Exam.objects.select_related("stream"):
        day = timezone.localtime(exam.starts_at).date()
        assert day >= first_day and day not in holidays and day.weekday() != 6
        assert exam.stream.kind == LessonType.LECTURE
    online = Exam.objects.get(is_online=True)
    # the testing module serves the student's tests; a test linked to the exam (Quiz.timetable_exam) wins over this
    assert online.room == "" and online.test_url == "/testing/"
    demo = StudentRecord.objects.get(user__email="student@demo.kz")
    assert online.stream.choices.filter(student=demo).exists()


def test_stream_selection_is_open_today(seeded, today):
    term = Term.objects.current(on=today)
    period = Period.objects.get(term=term, kind=Period.Kind.STREAM_SELECTION)
    assert period.start_date <= today <= period.end_date


def test_idempotent_and_deterministic(seeded, today):
    before = snapshot()
    assert seed_streams(today=today) == {"streams": 0, "choices": 0, "exams": 0}
    assert snapshot() == before
    Exam.objects.all().delete()
    # assignments hold their streams (PROTECT: a stream with graded work is never deleted by accident)
    Submission.objects.all().delete()
    Assignment.objects.all().delete()
    term = Term.objects.current(on=today)
    StreamChoice.objects.filter(term=term).delete()
    Stream.objects.filter(term=term).delete()
    seed_streams(today=today)
    assert snapshot() == before

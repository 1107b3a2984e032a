"""The named statements of stream selection (schedule/sql.py) give what the ORM gives for the same question:
a field renamed or a converter missed fails here, not in front of a student."""

import datetime

import pytest

from people.models import full_name
from schedule import sql
from schedule.models import Slot, Stream, StreamChoice, WaitlistEntry
from schedule.tests.factories import (
    SlotFactory,
    StreamChoiceFactory,
    StreamFactory,
    WaitlistEntryFactory,
    registered_student,
)
from university.tests.factories import StudyGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(term, discipline):
    """A student with a seat in one of the discipline's two streams, a waitlist place in the other, and a stream of
    another discipline of the term; each stream with its slots."""
    group = StudyGroupFactory()
    student = registered_student(term, discipline, group=group)
    chosen = StreamFactory(term=term, discipline=discipline, code="L-01", capacity=2, groups=[group])
    full = StreamFactory(term=term, discipline=discipline, code="L-02", capacity=1, language="ru")
    other = StreamFactory(term=term, code="P-07")
    SlotFactory(
        stream=chosen,
        weekday=Slot.Weekday.TUESDAY,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 20),
        room="204",
    )
    SlotFactory(stream=chosen, weekday=Slot.Weekday.FRIDAY, parity=Slot.Parity.ODD, online_url="https://meet.kz/x")
    SlotFactory(stream=full, weekday=Slot.Weekday.MONDAY)
    SlotFactory(stream=other, weekday=Slot.Weekday.WEDNESDAY, end_time=datetime.time(11, 20))
    StreamChoiceFactory(student=student, stream=chosen)
    StreamChoiceFactory(stream=full)  # someone else holds its only seat
    WaitlistEntryFactory(stream=full)  # first in line
    WaitlistEntryFactory(student=student, stream=full)  # second
    StreamChoiceFactory(student=student, stream=other)
    return student, chosen, full, other


def test_the_discipline_streams_read_gives_the_orms_values(panel, term, discipline):
    student, chosen, full, other = panel

    read = sql.discipline_streams_read(student=student, term_id=term.pk, discipline_id=discipline.pk)

    assert [s.pk for s in read.streams] == [chosen.pk, full.pk]
    assert [s.pk for s in read.others] == [other.pk]
    for got in (*read.streams, *read.others):
        stream = Stream.objects.select_related("discipline", "teacher").get(pk=got.pk)
        assert (got.code, got.kind, got.discipline_id, got.discipline_code, got.term_id) == (
            stream.code,
            stream.kind,
            stream.discipline_id,
            stream.discipline.code,
            stream.term_id,
        )
        slots = Slot.objects.filter(stream=stream).order_by("weekday", "start_time")
        expected = [(s.pk, s.weekday, s.start_time, s.end_time, s.room, s.online_url, s.start_date, s.end_date,
                     s.parity) for s in slots]  # fmt: skip
        got_lessons = sorted(
            (lesson.pk, lesson.weekday, lesson.start_time, lesson.end_time, lesson.room, lesson.online_url,
             lesson.start_date, lesson.end_date, lesson.parity) for lesson in got.timetable
        )  # fmt: skip
        assert got_lessons == sorted(expected)
        assert all(isinstance(lesson.start_time, datetime.time) for lesson in got.timetable)
        assert all(isinstance(lesson.start_date, datetime.date) for lesson in got.timetable)
        mine = StreamChoice.objects.filter(student=student, stream=stream).values_list("pk", flat=True).first()
        assert (got.choice.pk if got.choice else None) == mine

    first, second = read.streams
    for got, stream in ((first, chosen), (second, full)):
        stream.refresh_from_db()
        assert (got.language, got.capacity, got.taken) == (stream.language, stream.capacity, stream.taken)
        teacher = stream.teacher
        assert got.teacher_name == full_name(teacher.last_name, teacher.first_name, teacher.middle_name)
        assert got.waiting == WaitlistEntry.objects.filter(stream=stream, status=WaitlistEntry.Status.WAITING).count()
    assert (first.for_my_group, second.for_my_group) == (True, False)
    assert first.entry is None
    place = WaitlistEntry.objects.get(student=student, stream=full)
    assert (second.entry.pk, second.entry.status, second.entry.position) == (place.pk, place.status, 2)
    assert [c.stream_id for c in read.choices] == sorted([chosen.pk, other.pk])


def test_choice_delete_deletes_the_students_choice_once(panel):
    student, chosen, _full, _other = panel
    choice = StreamChoice.objects.get(student=student, stream=chosen)

    assert sql.choice_delete(student_id=student.pk, stream_id=chosen.pk) == choice.pk
    assert not StreamChoice.objects.filter(pk=choice.pk).exists()
    assert sql.choice_delete(student_id=student.pk, stream_id=chosen.pk) is None  # nothing left to delete


def test_seat_release_gives_one_seat_back_and_says_whether_anyone_waits(panel):
    _student, chosen, full, _other = panel

    assert sql.seat_release(stream_id=full.pk) == (0, True)  # two wait for it
    assert Stream.objects.get(pk=full.pk).taken == 0
    assert sql.seat_release(stream_id=full.pk) is None  # the counter never goes below 0
    assert sql.seat_release(stream_id=chosen.pk) == (0, False)

"""Races for seats on PostgreSQL (row locks and the conditional UPDATE): nothing overbooked, nothing lost.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m pytest schedule/tests -m postgres
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from curriculum.tests.factories import DisciplineFactory
from schedule.models import Slot, Stream, StreamChoice
from schedule.services import stream_cancel, stream_choose, stream_switch
from schedule.tests.factories import StreamChoiceFactory, registered_student, stream_with_slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(students, action):
    """Run `action(student)` for every student at the same instant, each in its own thread and connection.
    Returns the outcomes: "ok" or the refusal's code."""
    barrier = threading.Barrier(len(students))

    def run(student):
        try:
            barrier.wait(timeout=30)
            action(student)
            return "ok"
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(students)) as pool:
        return list(pool.map(run, students))


def test_fifty_students_race_for_the_last_ten_seats(term):
    discipline = DisciplineFactory()
    stream = stream_with_slot(term=term, discipline=discipline, capacity=30)
    for _ in range(20):
        StreamChoiceFactory(stream=stream, student=registered_student(term, discipline))
    racers = [registered_student(term, discipline) for _ in range(50)]

    outcomes = race(racers, lambda s: stream_choose(student=s, stream=stream, actor=None))

    assert outcomes.count("ok") == 10
    assert outcomes.count("full") == 40
    stream.refresh_from_db()
    assert stream.taken == stream.capacity == 30
    assert StreamChoice.objects.filter(stream=stream, student__in=racers).count() == 10
    assert StreamChoice.objects.filter(stream=stream).count() == 30


def test_one_student_clicking_ten_times_at_once_gets_one_seat(term):
    discipline = DisciplineFactory()
    stream = stream_with_slot(term=term, discipline=discipline, capacity=5)
    student = registered_student(term, discipline)

    outcomes = race([student] * 10, lambda s: stream_choose(student=s, stream=stream, actor=None))

    assert outcomes.count("ok") == 1
    assert outcomes.count("already_chosen") == 9
    assert Stream.objects.get(pk=stream.pk).taken == 1
    assert StreamChoice.objects.filter(student=student).count() == 1


def test_one_student_cancelling_ten_times_at_once_gives_back_one_seat(term):
    """The clicks that waited for the student's lock see the choice already gone: they are refused calmly and
    give back no seat of their own (a seat counter that drifts below the choices would overbook the stream)."""
    discipline = DisciplineFactory()
    stream = stream_with_slot(term=term, discipline=discipline, capacity=5)
    student = registered_student(term, discipline)
    StreamChoiceFactory(stream=stream, student=student)
    StreamChoiceFactory(stream=stream, student=registered_student(term, discipline))
    assert Stream.objects.get(pk=stream.pk).taken == 2

    outcomes = race([student] * 10, lambda s: stream_cancel(student=s, stream=stream, actor=None))

    assert outcomes.count("ok") == 1
    assert outcomes.count("not_chosen") == 9
    assert Stream.objects.get(pk=stream.pk).taken == 1 == StreamChoice.objects.filter(stream=stream).count()


def test_opposite_switches_at_once_neither_deadlock_nor_miscount(term):
    discipline = DisciplineFactory()
    a = stream_with_slot(term=term, discipline=discipline, code="A", capacity=20)
    b = stream_with_slot(term=term, discipline=discipline, code="B", capacity=20, weekday=Slot.Weekday.FRIDAY)
    in_a = [registered_student(term, discipline) for _ in range(10)]
    in_b = [registered_student(term, discipline) for _ in range(10)]
    for student in in_a:
        StreamChoiceFactory(stream=a, student=student)
    for student in in_b:
        StreamChoiceFactory(stream=b, student=student)

    def switch(student):
        source, target = (a, b) if student in in_a else (b, a)
        stream_switch(student=student, from_stream=source, to_stream=target, actor=None)

    outcomes = race(in_a + in_b, switch)

    assert outcomes == ["ok"] * 20
    assert set(StreamChoice.objects.filter(student__in=in_a).values_list("stream_id", flat=True)) == {b.pk}
    assert set(StreamChoice.objects.filter(student__in=in_b).values_list("stream_id", flat=True)) == {a.pk}
    assert (Stream.objects.get(pk=a.pk).taken, Stream.objects.get(pk=b.pk).taken) == (10, 10)

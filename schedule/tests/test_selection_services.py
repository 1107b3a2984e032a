"""Stream selection services: every rule refused with its reason and nothing changed; seats counted right."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academic_calendar.models import Period
from audit.models import AuditRecord
from curriculum.tests.factories import DisciplineFactory
from people.models import StudentRecord
from schedule.models import LessonType, Slot, Stream, StreamChoice
from schedule.services import stream_cancel, stream_choose, stream_switch
from schedule.tests.factories import (
    StreamChoiceFactory,
    registered_student,
    selection_period,
    stream_with_slot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(term, discipline):
    return registered_student(term, discipline)


@pytest.fixture
def lecture(term, discipline):
    return stream_with_slot(term=term, discipline=discipline, code="L-01", capacity=3)


@pytest.fixture
def other_lecture(term, discipline):
    return stream_with_slot(term=term, discipline=discipline, code="L-02", capacity=3, weekday=Slot.Weekday.TUESDAY)


def taken(stream) -> int:
    return Stream.objects.get(pk=stream.pk).taken


def refused(code, func, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        func(**kwargs)
    assert caught.value.code == code
    return caught.value.messages[0]


def test_choose_takes_a_seat_and_writes_the_choice(student, lecture):
    choice = stream_choose(student=student, stream=lecture, actor=student.user)

    assert taken(lecture) == 1
    assert (choice.discipline_id, choice.term_id, choice.kind) == (lecture.discipline_id, lecture.term_id, "lecture")
    assert StreamChoice.objects.filter(student=student).count() == 1
    assert AuditRecord.objects.filter(action="schedule.stream_choose", actor=student.user).count() == 1


def test_a_repeated_choose_is_a_calm_no_op(student, lecture):
    stream_choose(student=student, stream=lecture, actor=student.user)

    message = refused("already_chosen", stream_choose, student=student, stream=lecture, actor=student.user)

    assert "already in stream L-01" in message
    assert taken(lecture) == 1
    assert StreamChoice.objects.filter(student=student).count() == 1


def test_outside_the_selection_period_is_refused(student, lecture):
    Period.objects.update(
        start_date=timezone.localdate() - datetime.timedelta(days=20),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )

    message = refused("closed", stream_choose, student=student, stream=lecture, actor=student.user)

    assert "closed" in message
    assert taken(lecture) == 0
    assert not StreamChoice.objects.exists()


def test_the_add_drop_period_is_open_too(student, lecture, term):
    Period.objects.all().delete()
    selection_period(term, kind=Period.Kind.ADD_DROP)

    stream_choose(student=student, stream=lecture, actor=student.user)

    assert taken(lecture) == 1


def test_a_period_of_another_kind_does_not_open_selection(student, lecture, term):
    Period.objects.update(kind=Period.Kind.REGISTRATION)

    refused("closed", stream_choose, student=student, stream=lecture, actor=student.user)
    assert taken(lecture) == 0


def test_a_discipline_outside_the_iup_is_refused(student, term):
    stranger = stream_with_slot(term=term, discipline=DisciplineFactory(code="MA200", name_en="Calculus"))

    message = refused("not_in_iup", stream_choose, student=student, stream=stranger, actor=student.user)

    assert message.startswith("MA200 Calculus is not in your IUP")
    assert taken(stranger) == 0
    assert not StreamChoice.objects.exists()


def test_a_second_stream_of_the_same_type_is_refused(student, lecture, other_lecture):
    stream_choose(student=student, stream=lecture, actor=student.user)

    message = refused("same_kind", stream_choose, student=student, stream=other_lecture, actor=student.user)

    assert "switch" in message and "L-01" in message
    assert (taken(lecture), taken(other_lecture)) == (1, 0)


def test_a_practice_of_the_same_discipline_is_another_type(student, lecture, term, discipline):
    practice = stream_with_slot(
        term=term, discipline=discipline, code="P-01", kind=LessonType.PRACTICE, weekday=Slot.Weekday.FRIDAY
    )
    stream_choose(student=student, stream=lecture, actor=student.user)

    stream_choose(student=student, stream=practice, actor=student.user)

    assert StreamChoice.objects.filter(student=student).count() == 2


def test_a_time_clash_is_refused_naming_the_stream_and_time(student, lecture, term):
    physics = DisciplineFactory(code="PH110", name_en="Physics")
    registered = StudentRecord.objects.get(pk=student.pk)
    registered.registrations.create(discipline=physics, term=term, semester=1)
    clashing = stream_with_slot(term=term, discipline=physics, code="P-07", start=(9, 30), end=(10, 20))
    stream_choose(student=student, stream=lecture, actor=student.user)

    message = refused("clash", stream_choose, student=student, stream=clashing, actor=student.user)

    assert message == "This stream clashes with your stream L-01 of CS101 Algorithms on Monday, 09:00–09:50."
    assert taken(clashing) == 0
    assert StreamChoice.objects.filter(student=student).count() == 1


@pytest.mark.parametrize(
    ("weekday", "start", "end", "parity", "dates"),
    [
        (Slot.Weekday.MONDAY, (9, 50), (10, 40), Slot.Parity.EVERY, None),  # starts when the lecture ends
        (Slot.Weekday.TUESDAY, (9, 0), (9, 50), Slot.Parity.EVERY, None),  # another day
        (Slot.Weekday.MONDAY, (9, 0), (9, 50), Slot.Parity.EVEN, "odd"),  # odd and even weeks never meet
        (Slot.Weekday.MONDAY, (9, 0), (9, 50), Slot.Parity.EVERY, "later"),  # dates do not overlap
    ],
)
def test_slots_that_do_not_meet_are_no_clash(student, term, weekday, start, end, parity, dates):
    a, b = DisciplineFactory(), DisciplineFactory()
    for d in (a, b):
        student.registrations.create(discipline=d, term=term, semester=1)
    first = stream_with_slot(term=term, discipline=a, parity=Slot.Parity.ODD if dates == "odd" else Slot.Parity.EVERY)
    second = stream_with_slot(term=term, discipline=b, weekday=weekday, start=start, end=end, parity=parity)
    if dates == "later":
        Slot.objects.filter(stream=first).update(end_date=term.start_date + datetime.timedelta(days=30))
        Slot.objects.filter(stream=second).update(start_date=term.start_date + datetime.timedelta(days=31))
    stream_choose(student=student, stream=first, actor=student.user)

    stream_choose(student=student, stream=second, actor=student.user)

    assert StreamChoice.objects.filter(student=student).count() == 2


def test_a_full_stream_is_refused(student, lecture, term, discipline):
    for _ in range(3):
        StreamChoiceFactory(stream=lecture, student=registered_student(term, discipline))

    message = refused("full", stream_choose, student=student, stream=lecture, actor=student.user)

    assert message.startswith("This stream is full")
    assert taken(lecture) == 3
    assert not StreamChoice.objects.filter(student=student).exists()


def test_a_student_on_academic_leave_cannot_choose(student, lecture):
    StudentRecord.objects.filter(pk=student.pk).update(status=StudentRecord.Status.ACADEMIC_LEAVE)
    student.refresh_from_db()

    refused("inactive", stream_choose, student=student, stream=lecture, actor=student.user)
    assert taken(lecture) == 0


def test_cancel_gives_the_seat_back(student, lecture):
    stream_choose(student=student, stream=lecture, actor=student.user)

    stream_cancel(student=student, stream=lecture, actor=student.user)

    assert taken(lecture) == 0
    assert not StreamChoice.objects.exists()
    assert AuditRecord.objects.filter(action="schedule.stream_cancel").count() == 1


def test_a_repeated_cancel_changes_nothing(student, lecture, term, discipline):
    StreamChoiceFactory(stream=lecture, student=registered_student(term, discipline))

    message = refused("not_chosen", stream_cancel, student=student, stream=lecture, actor=student.user)

    assert message == "You are not in stream L-01."
    assert taken(lecture) == 1


def test_cancel_outside_the_period_is_refused(student, lecture):
    stream_choose(student=student, stream=lecture, actor=student.user)
    Period.objects.all().delete()

    refused("closed", stream_cancel, student=student, stream=lecture, actor=student.user)
    assert taken(lecture) == 1


def test_switch_moves_the_seat_in_one_step(student, lecture, other_lecture):
    choice = stream_choose(student=student, stream=lecture, actor=student.user)

    switched = stream_switch(student=student, from_stream=lecture, to_stream=other_lecture, actor=student.user)

    assert switched.pk == choice.pk
    assert StreamChoice.objects.get(pk=choice.pk).stream_id == other_lecture.pk
    assert (taken(lecture), taken(other_lecture)) == (0, 1)
    assert AuditRecord.objects.get(action="schedule.stream_switch").before == {"stream": lecture.pk}


def test_a_failed_switch_keeps_the_old_seat(student, lecture, other_lecture, term, discipline):
    stream_choose(student=student, stream=lecture, actor=student.user)
    for _ in range(3):
        StreamChoiceFactory(stream=other_lecture, student=registered_student(term, discipline))

    refused("full", stream_switch, student=student, from_stream=lecture, to_stream=other_lecture, actor=student.user)

    assert StreamChoice.objects.get(student=student).stream_id == lecture.pk
    assert (taken(lecture), taken(other_lecture)) == (1, 3)


def test_switch_to_a_clashing_stream_is_refused(student, lecture, term, discipline):
    physics = DisciplineFactory(code="PH110")
    student.registrations.create(discipline=physics, term=term, semester=1)
    lab = stream_with_slot(term=term, discipline=physics, kind=LessonType.LAB, weekday=Slot.Weekday.WEDNESDAY)
    wednesday = stream_with_slot(term=term, discipline=discipline, code="L-03", weekday=Slot.Weekday.WEDNESDAY)
    stream_choose(student=student, stream=lecture, actor=student.user)
    stream_choose(student=student, stream=lab, actor=student.user)

    refused("clash", stream_switch, student=student, from_stream=lecture, to_stream=wednesday, actor=student.user)

    assert StreamChoice.objects.get(student=student, discipline=discipline).stream_id == lecture.pk
    assert taken(wednesday) == 0


def test_switch_to_the_same_time_slot_is_no_clash_with_the_stream_left(student, lecture, term, discipline):
    twin = stream_with_slot(term=term, discipline=discipline, code="L-09")  # Monday 09:00 like L-01
    stream_choose(student=student, stream=lecture, actor=student.user)

    stream_switch(student=student, from_stream=lecture, to_stream=twin, actor=student.user)

    assert StreamChoice.objects.get(student=student).stream_id == twin.pk


def test_switch_between_types_is_refused(student, lecture, term, discipline):
    practice = stream_with_slot(term=term, discipline=discipline, kind=LessonType.PRACTICE, weekday=4)
    stream_choose(student=student, stream=lecture, actor=student.user)

    refused("switch_mismatch", stream_switch, student=student, from_stream=lecture, to_stream=practice, actor=None)
    assert (taken(lecture), taken(practice)) == (1, 0)


def test_switch_from_a_stream_the_student_is_not_in_is_refused(student, lecture, other_lecture):
    refused("not_chosen", stream_switch, student=student, from_stream=lecture, to_stream=other_lecture, actor=None)
    assert (taken(lecture), taken(other_lecture)) == (0, 0)


def test_switch_to_the_same_stream_is_a_calm_no_op(student, lecture):
    stream_choose(student=student, stream=lecture, actor=student.user)

    refused("already_chosen", stream_switch, student=student, from_stream=lecture, to_stream=lecture, actor=None)
    assert taken(lecture) == 1

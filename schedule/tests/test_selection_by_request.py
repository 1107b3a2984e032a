"""stream_choose / _cancel / _switch with `by_request` (docs/domain.md#add-drop-by-request): the term's add/drop
period replaces the selection window; the other rules (seats, clashes) stay."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academic_calendar.models import Period
from schedule.models import Slot, Stream, StreamChoice
from schedule.services import stream_cancel, stream_choose, stream_switch
from schedule.tests.factories import registered_student, selection_period, stream_with_slot

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def student(term, discipline):
    return registered_student(term, discipline)


@pytest.fixture
def lecture(term, discipline):
    return stream_with_slot(term=term, discipline=discipline, code="L-01", capacity=1)


@pytest.fixture
def other_lecture(term, discipline):
    return stream_with_slot(term=term, discipline=discipline, code="L-02", capacity=1, weekday=Slot.Weekday.TUESDAY)


def test_the_selection_period_does_not_open_a_request(student, lecture):
    with pytest.raises(ValidationError, match="no add/drop period") as caught:
        stream_choose(student=student, stream=lecture, actor=student.user, by_request=True)
    assert caught.value.code == "closed"
    assert not StreamChoice.objects.exists()


def test_by_request_in_the_add_drop_period(term, student, lecture, other_lecture):
    Period.objects.filter(term=term).delete()
    selection_period(term, kind=Period.Kind.ADD_DROP)

    stream_choose(student=student, stream=lecture, actor=student.user, by_request=True)
    stream_switch(student=student, from_stream=lecture, to_stream=other_lecture, actor=student.user, by_request=True)
    assert StreamChoice.objects.get(student=student).stream == other_lecture
    with pytest.raises(ValidationError, match="only during its add/drop period"):
        stream_cancel(
            student=student, stream=other_lecture, actor=student.user, by_request=True, today=term.start_date - 30 * DAY
        )
    stream_cancel(student=student, stream=other_lecture, actor=student.user, by_request=True)
    assert not StreamChoice.objects.exists()


def test_by_request_a_full_stream_is_still_full(term, discipline, lecture):
    selection_period(term, kind=Period.Kind.ADD_DROP)
    first, second = registered_student(term, discipline), registered_student(term, discipline)
    stream_choose(student=first, stream=lecture, actor=first.user, by_request=True)
    with pytest.raises(ValidationError) as caught:
        stream_choose(student=second, stream=lecture, actor=second.user, by_request=True)
    assert caught.value.code == "full"
    assert Stream.objects.get(pk=lecture.pk).taken == 1


def test_a_late_cancel_after_the_add_drop_period(term, student, lecture):
    today = timezone.localdate()
    stream_choose(student=student, stream=lecture, actor=student.user)
    Period.objects.filter(term=term).delete()
    Period.objects.create(term=term, kind=Period.Kind.ADD_DROP, start_date=today - 9 * DAY, end_date=today - DAY)
    with pytest.raises(ValueError):
        stream_cancel(student=student, stream=lecture, actor=student.user, late=True)
    stream_cancel(student=student, stream=lecture, actor=student.user, by_request=True, late=True)
    assert not StreamChoice.objects.exists()

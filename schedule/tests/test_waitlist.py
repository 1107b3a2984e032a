"""The waitlist of a full stream: join, offer on a freed seat, claim, decline, expiry by the periodic job."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from curriculum.tests.factories import DisciplineFactory
from notifications.models import Notification
from schedule.models import Slot, Stream, StreamChoice, WaitlistEntry
from schedule.selectors.selection import waitlist_entries_with_position
from schedule.services import (
    stream_cancel,
    stream_choose,
    stream_switch,
    waitlist_claim,
    waitlist_join,
    waitlist_leave,
)
from schedule.tasks import expire_stream_offers_task
from schedule.tests.factories import StreamChoiceFactory, registered_student, stream_with_slot

pytestmark = pytest.mark.django_db
Status = WaitlistEntry.Status


@pytest.fixture
def full(term, discipline):
    """A stream of two seats, both taken: `full.holders` are the two students in it."""
    stream = stream_with_slot(term=term, discipline=discipline, code="L-01", capacity=2)
    stream.holders = [registered_student(term, discipline) for _ in range(2)]
    for holder in stream.holders:
        stream_choose(student=holder, stream=stream, actor=holder.user)
    return stream


@pytest.fixture
def waiting(term, discipline):
    return [registered_student(term, discipline) for _ in range(3)]


def taken(stream) -> int:
    return Stream.objects.get(pk=stream.pk).taken


def status(entry) -> str:
    return WaitlistEntry.objects.get(pk=entry.pk).status


def test_join_a_full_stream_and_see_the_place(full, waiting):
    entries = [waitlist_join(student=s, stream=full) for s in waiting]

    positions = [waitlist_entries_with_position(student=s)[0].position for s in waiting]

    assert positions == [1, 2, 3]
    assert all(e.status == Status.WAITING for e in entries)


def test_joining_twice_keeps_one_place(full, waiting):
    first = waitlist_join(student=waiting[0], stream=full)

    again = waitlist_join(student=waiting[0], stream=full)

    assert again.pk == first.pk
    assert WaitlistEntry.objects.count() == 1


def test_a_stream_with_free_seats_has_no_waitlist(term, discipline, waiting):
    roomy = stream_with_slot(term=term, discipline=discipline, capacity=5)

    with pytest.raises(ValidationError) as caught:
        waitlist_join(student=waiting[0], stream=roomy)

    assert caught.value.code == "not_full"
    assert not WaitlistEntry.objects.exists()


def test_only_a_student_who_could_choose_may_wait(full, term):
    outsider = registered_student(term, DisciplineFactory())

    with pytest.raises(ValidationError) as caught:
        waitlist_join(student=outsider, stream=full)

    assert caught.value.code == "not_in_iup"
    assert not WaitlistEntry.objects.exists()


def test_a_freed_seat_is_offered_to_the_first_in_line(full, waiting, settings):
    settings.STREAM_OFFER_HOURS = 2
    entries = [waitlist_join(student=s, stream=full) for s in waiting]
    before = timezone.now()

    stream_cancel(student=full.holders[0], stream=full, actor=full.holders[0].user)

    first = WaitlistEntry.objects.get(pk=entries[0].pk)
    assert first.status == Status.OFFERED
    assert (
        before + datetime.timedelta(hours=2) <= first.offer_expires_at <= timezone.now() + datetime.timedelta(hours=2)
    )
    assert [status(e) for e in entries[1:]] == [Status.WAITING, Status.WAITING]
    assert taken(full) == 2  # the seat is held for the offer: nobody else can take it
    assert Notification.objects.filter(recipient=waiting[0].user, kind="schedule").count() == 1
    assert [waitlist_entries_with_position(student=s)[0].position for s in waiting[1:]] == [1, 2]


def test_a_held_seat_cannot_be_taken_by_someone_else(full, waiting, term, discipline):
    waitlist_join(student=waiting[0], stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)
    newcomer = registered_student(term, discipline)

    with pytest.raises(ValidationError) as caught:
        stream_choose(student=newcomer, stream=full, actor=None)

    assert caught.value.code == "full"


def test_claim_turns_the_held_seat_into_a_choice(full, waiting):
    entry = waitlist_join(student=waiting[0], stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)

    choice = waitlist_claim(student=waiting[0], entry=entry)

    assert choice.stream_id == full.pk
    assert status(entry) == Status.CLAIMED
    assert taken(full) == 2  # not counted twice
    assert StreamChoice.objects.filter(stream=full).count() == 2


def test_a_second_claim_is_a_calm_no_op(full, waiting):
    entry = waitlist_join(student=waiting[0], stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)
    waitlist_claim(student=waiting[0], entry=entry)

    with pytest.raises(ValidationError) as caught:
        waitlist_claim(student=waiting[0], entry=entry)

    assert caught.value.code == "already_chosen"
    assert StreamChoice.objects.filter(student=waiting[0]).count() == 1
    assert taken(full) == 2


def test_choose_on_an_offered_stream_claims_the_held_seat(full, waiting):
    entry = waitlist_join(student=waiting[0], stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)

    stream_choose(student=waiting[0], stream=full, actor=waiting[0].user)

    assert status(entry) == Status.CLAIMED
    assert taken(full) == 2


def test_someone_elses_entry_cannot_be_claimed(full, waiting):
    entry = waitlist_join(student=waiting[0], stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)

    with pytest.raises(ValidationError) as caught:
        waitlist_claim(student=waiting[1], entry=entry)

    assert caught.value.code == "not_yours"
    assert status(entry) == Status.OFFERED


def test_claim_after_the_deadline_is_refused(full, waiting):
    entry = waitlist_join(student=waiting[0], stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)
    WaitlistEntry.objects.filter(pk=entry.pk).update(offer_expires_at=timezone.now() - datetime.timedelta(minutes=1))

    with pytest.raises(ValidationError) as caught:
        waitlist_claim(student=waiting[0], entry=entry)

    assert caught.value.code == "offer_expired"
    assert not StreamChoice.objects.filter(student=waiting[0]).exists()


def test_the_periodic_job_expires_offers_and_moves_on_and_is_safe_twice(full, waiting):
    entries = [waitlist_join(student=s, stream=full) for s in waiting]
    stream_cancel(student=full.holders[0], stream=full, actor=None)
    WaitlistEntry.objects.filter(pk=entries[0].pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert expire_stream_offers_task.delay().get() == 1
    assert expire_stream_offers_task() == 0

    assert [status(e) for e in entries] == [Status.EXPIRED, Status.OFFERED, Status.WAITING]
    assert taken(full) == 2
    assert Notification.objects.filter(recipient=waiting[0].user).count() == 2  # the offer, then its expiry
    assert Notification.objects.filter(recipient=waiting[1].user).count() == 1


def test_an_expired_offer_with_nobody_behind_frees_the_seat(full, waiting):
    entry = waitlist_join(student=waiting[0], stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)
    WaitlistEntry.objects.filter(pk=entry.pk).update(offer_expires_at=timezone.now() - datetime.timedelta(seconds=1))

    expire_stream_offers_task()

    assert status(entry) == Status.EXPIRED
    assert taken(full) == 1


def test_the_job_offers_seats_added_by_the_registrar(full, waiting):
    entries = [waitlist_join(student=s, stream=full) for s in waiting]
    Stream.objects.filter(pk=full.pk).update(capacity=4)

    expire_stream_offers_task()

    assert [status(e) for e in entries] == [Status.OFFERED, Status.OFFERED, Status.WAITING]
    assert taken(full) == 4


def test_leave_the_line(full, waiting):
    first, second = (waitlist_join(student=s, stream=full) for s in waiting[:2])

    waitlist_leave(student=waiting[0], entry=first)
    waitlist_leave(student=waiting[0], entry=first)  # twice: nothing more

    assert status(first) == Status.CANCELLED
    assert waitlist_entries_with_position(student=waiting[1])[0].position == 1
    assert taken(full) == 2


def test_declining_an_offer_passes_the_seat_on(full, waiting):
    first, second = (waitlist_join(student=s, stream=full) for s in waiting[:2])
    stream_cancel(student=full.holders[0], stream=full, actor=None)

    waitlist_leave(student=waiting[0], entry=first)

    assert (status(first), status(second)) == (Status.CANCELLED, Status.OFFERED)
    assert taken(full) == 2


def test_waiting_for_another_stream_of_the_same_type_switches_on_claim(full, term, discipline):
    other = stream_with_slot(term=term, discipline=discipline, code="L-02", capacity=2, weekday=Slot.Weekday.TUESDAY)
    mover = registered_student(term, discipline)
    stream_choose(student=mover, stream=other, actor=None)
    behind_other = registered_student(term, discipline)
    StreamChoiceFactory(stream=other, student=registered_student(term, discipline))  # L-02 now full
    other_entry = waitlist_join(student=behind_other, stream=other)
    entry = waitlist_join(student=mover, stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)

    waitlist_claim(student=mover, entry=entry)

    assert StreamChoice.objects.get(student=mover).stream_id == full.pk
    assert taken(full) == 2
    assert status(other_entry) == Status.OFFERED  # the seat the mover left went down L-02's line
    assert taken(other) == 2


def test_switch_frees_a_seat_for_the_line(full, waiting, term, discipline):
    other = stream_with_slot(term=term, discipline=discipline, code="L-02", weekday=Slot.Weekday.FRIDAY)
    entry = waitlist_join(student=waiting[0], stream=full)

    stream_switch(student=full.holders[0], from_stream=full, to_stream=other, actor=None)

    assert status(entry) == Status.OFFERED
    assert (taken(full), taken(other)) == (2, 1)


def test_choosing_a_stream_by_a_free_seat_closes_the_waiting_entry(full, waiting):
    entry = waitlist_join(student=waiting[0], stream=full)
    Stream.objects.filter(pk=full.pk).update(capacity=3)  # a seat appears before the job has offered it

    stream_choose(student=waiting[0], stream=full, actor=None)

    assert status(entry) == Status.CLAIMED


def test_switch_to_a_stream_holding_a_seat_for_the_student_claims_it(full, term, discipline):
    other = stream_with_slot(term=term, discipline=discipline, code="L-02", weekday=Slot.Weekday.FRIDAY)
    mover = registered_student(term, discipline)
    stream_choose(student=mover, stream=other, actor=None)
    entry = waitlist_join(student=mover, stream=full)
    stream_cancel(student=full.holders[0], stream=full, actor=None)

    stream_switch(student=mover, from_stream=other, to_stream=full, actor=None)

    assert status(entry) == Status.CLAIMED
    assert StreamChoice.objects.get(student=mover).stream_id == full.pk
    assert (taken(full), taken(other)) == (2, 0)

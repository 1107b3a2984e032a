"""Stream selection (docs/domain.md#stream-selection): choose, cancel and switch streams.

Every service locks the student's row first, so one student's clicks run one after the other; a seat is taken
by a conditional `UPDATE ... WHERE taken < capacity` checked by its row count, and the database has the last
word (`taken <= capacity`, one choice per stream and per type). A refused request raises a ValidationError with
a translated message and changes nothing; a repeated click is refused with the codes ALREADY_CHOSEN /
NOT_CHOSEN, which the views show as information.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import AuditAction
from audit.services import audit_record_create
from curriculum.selectors.registration import request_window_refusal
from people.models import StudentRecord

from .. import sql
from ..models import Stream, StreamChoice, WaitlistEntry
from .rules import (
    ALREADY_CHOSEN,
    NOT_CHOSEN,
    check_in_iup,
    check_no_clash,
    check_no_same_kind,
    check_not_chosen,
    check_open,
    check_student_active,
    lock_streams,
    lock_student_for,
    seat_release,
    seat_take,
    term_choices,
)
from .waitlist import offer_next, waitlist_claim

Status = WaitlistEntry.Status


def _fresh(stream: Stream) -> Stream:
    return Stream.objects.select_related("discipline", "term__academic_year").get(pk=stream.pk)


def _not_chosen(stream: Stream) -> ValidationError:
    return ValidationError(gettext("You are not in stream %(stream)s.") % {"stream": stream.code}, code=NOT_CHOSEN)


def _already_chosen(stream: Stream) -> ValidationError:
    return ValidationError(
        gettext("You are already in stream %(stream)s.") % {"stream": stream.code}, code=ALREADY_CHOSEN
    )


def _check_window(stream: Stream, *, lock, by_request: bool, today=None, late: bool = False) -> None:
    """Self-service: the stream-selection or add/drop period (`check_open`, the lock's answer). By request (an
    approved add/drop request): the term's add/drop period instead, or after it for a late drop
    (docs/domain.md#add-drop-by-request), judged on `today`."""
    if late and not by_request:
        raise ValueError("a late drop is made only by request")
    if not by_request:
        check_open(stream, lock=lock)
        return
    refusal = request_window_refusal(term=stream.term, today=today or timezone.localdate(), late=late)
    if refusal:
        raise ValidationError(refusal, code="closed")


def stream_choose(
    *, student: StudentRecord, stream: Stream, actor, by_request: bool = False, today=None
) -> StreamChoice:
    """Take a seat in a stream of a discipline of the student's IUP, in the stream-selection or add/drop period.

    Refused: period closed, not in the IUP, already in it (a repeated click), a stream of the same type already
    chosen (switch instead), a time clash (named), a full stream. A seat held for the student by a waitlist offer
    is claimed instead of taking another one. The unique constraints are the last word: a twin that slipped past
    the row lock (only possible without one, e.g. SQLite) rolls back whole and reads as a repeated click.
    `by_request` (an approved add/drop request): the add/drop period on `today` replaces the selection window;
    every other rule stays.
    """
    try:
        return _stream_choose(student=student, stream=stream, actor=actor, by_request=by_request, today=today)
    except IntegrityError:
        raise _already_chosen(stream) from None


@transaction.atomic
def _stream_choose(*, student: StudentRecord, stream: Stream, actor, by_request: bool, today) -> StreamChoice:
    lock = lock_student_for(student, stream)
    if by_request:  # before a held seat is claimed: the claim itself asks only the self-service window
        _check_window(stream, lock=lock, by_request=True, today=today)
    if lock.offer_id is not None:
        return waitlist_claim(student=student, entry=WaitlistEntry(pk=lock.offer_id), actor=actor)
    check_student_active(lock.status)
    if not by_request:
        check_open(stream, lock=lock)
    check_in_iup(student, stream, lock=lock)
    choices = term_choices(student, candidate=stream)
    check_not_chosen(stream, choices)
    check_no_same_kind(stream, choices)
    check_no_clash(stream, choices)
    seat_take(stream)
    choice = StreamChoice.objects.create(
        student=student, stream=stream, discipline_id=stream.discipline_id, term_id=stream.term_id, kind=stream.kind
    )
    if lock.waiting_id is not None:  # got the seat another way: leave the line
        WaitlistEntry.objects.filter(pk=lock.waiting_id, status=Status.WAITING).update(status=Status.CLAIMED)
    audit_record_create(
        actor=actor, action=AuditAction.STREAM_CHOOSE, target=choice, summary=str(stream), after={"stream": stream.pk}
    )
    return choice


@transaction.atomic
def stream_cancel(
    *, student: StudentRecord, stream: Stream, actor, by_request: bool = False, late: bool = False, today=None
) -> None:
    """Give the seat back; the first in the stream's waitlist is offered it. Cancelling twice is refused calmly.

    `by_request`: the add/drop period on `today` replaces the selection window; with `late`, after it (the streams
    of a discipline dropped late, docs/domain.md#add-drop-by-request)."""
    lock = lock_student_for(student, stream)
    _check_window(stream, lock=lock, by_request=by_request, late=late, today=today)
    # the choice as it is now, not as the lock's statement saw it: a twin click that waited for the lock read its
    # answers before the first one's commit, and must neither delete nothing nor give back a seat a second time
    deleted = sql.choice_delete(student_id=student.pk, stream_id=stream.pk)
    if deleted is None:
        raise _not_chosen(stream)
    audit_record_create(
        actor=actor,
        action=AuditAction.STREAM_CANCEL,
        target=StreamChoice(pk=deleted),
        summary=str(stream),
        before={"stream": stream.pk},
    )
    if seat_release(stream):  # someone waits: the seat is offered to the first in line
        offer_next(lock_streams(stream)[stream.pk])


@transaction.atomic
def stream_switch(
    *, student: StudentRecord, from_stream: Stream, to_stream: Stream, actor, by_request: bool = False, today=None
) -> StreamChoice:
    """Move from one stream to another of the same discipline and type in one transaction.

    The new seat is taken first; if that fails (full, clash, closed...) nothing changes and the old seat stays.
    The freed seat is offered to the old stream's waitlist. `by_request`: the add/drop period on `today` replaces
    the selection window; every other rule stays.
    """
    lock = lock_student_for(student, to_stream)
    from_stream, to_stream = _fresh(from_stream), _fresh(to_stream)
    if from_stream.pk == to_stream.pk:
        raise _already_chosen(to_stream)
    check_student_active(lock.status)
    _check_window(to_stream, lock=lock, by_request=by_request, today=today)
    if (from_stream.discipline_id, from_stream.term_id, from_stream.kind) != (
        to_stream.discipline_id,
        to_stream.term_id,
        to_stream.kind,
    ):
        raise ValidationError(
            gettext("You can switch only between streams of the same discipline and type."), code="switch_mismatch"
        )
    choices = term_choices(student, candidate=to_stream)
    current = next((c for c in choices if c.stream_id == from_stream.pk), None)
    if current is None:
        raise _not_chosen(from_stream)
    check_not_chosen(to_stream, choices)
    check_in_iup(student, to_stream, lock=lock)
    check_no_clash(to_stream, choices, leaving=from_stream)
    if lock.offer_id is not None:  # a seat is held for the student there: the claim switches
        return waitlist_claim(student=student, entry=WaitlistEntry(pk=lock.offer_id), actor=actor)
    streams = lock_streams(from_stream, to_stream)
    seat_take(streams[to_stream.pk])
    current = StreamChoice.objects.get(pk=current.pk)
    current.stream = to_stream
    current.save(update_fields=["stream"])
    seat_release(streams[from_stream.pk])
    if lock.waiting_id is not None:
        WaitlistEntry.objects.filter(pk=lock.waiting_id, status=Status.WAITING).update(status=Status.CLAIMED)
    audit_record_create(
        actor=actor,
        action=AuditAction.STREAM_SWITCH,
        target=current,
        summary=f"{from_stream} → {to_stream}",
        before={"stream": from_stream.pk},
        after={"stream": to_stream.pk},
    )
    offer_next(streams[from_stream.pk])
    return current

"""The waitlist of a full stream (issue 4, beyond the manual).

A freed seat goes to the first WAITING entry: it becomes OFFERED with a claim deadline and the seat is held for
that student by counting it in `Stream.taken` (so nobody else can take it); claiming turns the held seat into a
StreamChoice without counting it again; an expired or declined offer gives the seat back and moves down the line.

Lock order everywhere: the student's row, then stream rows in primary-key order, then waitlist entries.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction
from audit.services import audit_record_create
from notifications.models import Kind
from notifications.services import notify
from people.models import StudentRecord

from ..models import Stream, StreamChoice, WaitlistEntry
from .rules import (
    ALREADY_CHOSEN,
    check_in_iup,
    check_no_clash,
    check_not_chosen,
    check_open,
    check_student_active,
    lock_streams,
    lock_student,
    same_kind_choice,
    seat_release,
    seat_take,
    term_choices,
)

Status = WaitlistEntry.Status
ACTIVE = (Status.WAITING, Status.OFFERED)


def offer_hours() -> int:
    return int(getattr(settings, "STREAM_OFFER_HOURS", 12))


def _selection_url(stream: Stream) -> str:
    return f"{reverse('schedule:selection')}?term={stream.term_id}&discipline={stream.discipline_id}"


def _own_entry(student: StudentRecord, entry: WaitlistEntry) -> WaitlistEntry:
    try:
        return WaitlistEntry.objects.select_related("stream__discipline", "stream__term__academic_year").get(
            pk=entry.pk, student=student
        )
    except WaitlistEntry.DoesNotExist:
        raise ValidationError(gettext("This waitlist place is not yours."), code="not_yours") from None


def offer_next(stream: Stream) -> list[WaitlistEntry]:
    """Offer the stream's free seats to the first in line, one seat each; the caller holds the stream's lock.

    Returns the entries offered now (none when nobody waits or no seat is free).
    """
    offered = []
    while True:
        entry = (
            WaitlistEntry.objects.select_for_update(of=("self",))
            .filter(stream=stream, status=Status.WAITING)
            .select_related("student__user")
            .order_by("created_at", "id")
            .first()
        )
        if entry is None:
            break
        try:
            seat_take(stream)
        except ValidationError:
            break
        entry.status = Status.OFFERED
        entry.offer_expires_at = timezone.now() + datetime.timedelta(hours=offer_hours())
        entry.save(update_fields=["status", "offer_expires_at", "updated_at"])
        notify(
            recipient=entry.student.user,
            kind=Kind.SCHEDULE,
            title=_("A seat is free for you in stream {stream}"),
            body=_(
                "{discipline}: the seat is held for you until {deadline}. Take it in Stream selection before then, "
                "or it goes to the next in line."
            ),
            params={"stream": stream.code, "discipline": stream.discipline, "deadline": entry.offer_expires_at},
            url=_selection_url(stream),
        )
        offered.append(entry)
    return offered


@transaction.atomic
def waitlist_join(*, student: StudentRecord, stream: Stream) -> WaitlistEntry:
    """Join the line of a full stream the student could otherwise choose; joining twice returns the same place.

    A student who already has a stream of the same type may wait for this one: the claim then switches.
    """
    student = lock_student(student)
    stream = Stream.objects.select_related("discipline", "term__academic_year").get(pk=stream.pk)
    existing = WaitlistEntry.objects.filter(student=student, stream=stream, status__in=ACTIVE).first()
    if existing is not None:
        return existing
    check_student_active(student.status)
    check_open(stream)
    check_in_iup(student, stream)
    choices = term_choices(student, candidate=stream)
    check_not_chosen(stream, choices)
    if stream.taken < stream.capacity:
        raise ValidationError(
            gettext("Stream %(stream)s has free seats: choose it instead of waiting.") % {"stream": stream.code},
            code="not_full",
        )
    current = same_kind_choice(stream, choices)
    check_no_clash(stream, choices, leaving=current.stream if current else None)
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(student=student, stream=stream)
    except IntegrityError:  # the same click twice on a database without row locks
        return WaitlistEntry.objects.get(student=student, stream=stream, status__in=ACTIVE)


@transaction.atomic
def waitlist_leave(*, student: StudentRecord, entry: WaitlistEntry) -> WaitlistEntry:
    """Leave the line, or decline an offer: a held seat goes to the next in line. Leaving twice changes nothing."""
    student = lock_student(student)
    entry = _own_entry(student, entry)
    if entry.status not in ACTIVE:
        return entry
    streams = lock_streams(entry.stream)
    stream = streams[entry.stream_id]
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == Status.OFFERED:
        seat_release(stream)
    was_offered = entry.status == Status.OFFERED
    entry.status = Status.CANCELLED
    entry.save(update_fields=["status", "updated_at"])
    if was_offered:
        offer_next(stream)
    return entry


@transaction.atomic
def waitlist_claim(*, student: StudentRecord, entry: WaitlistEntry, actor=None) -> StreamChoice:
    """Take the seat held for the student: it becomes their StreamChoice without being counted twice.

    If the student already has a stream of the same type, the claim switches to this one and their old seat
    goes to the old stream's line. After the deadline the offer is gone (the periodic job moves it on).
    """
    student = lock_student(student)
    entry = _own_entry(student, entry)
    stream = entry.stream
    if entry.status == Status.CLAIMED:
        raise ValidationError(
            gettext("You are already in stream %(stream)s.") % {"stream": stream.code}, code=ALREADY_CHOSEN
        )
    if entry.status != Status.OFFERED or entry.offer_expires_at <= timezone.now():
        raise ValidationError(
            gettext("No seat is held for you in stream %(stream)s any more: the offer has expired.")
            % {"stream": stream.code},
            code="offer_expired",
        )
    check_student_active(student.status)
    check_open(stream)
    check_in_iup(student, stream)
    choices = term_choices(student, candidate=stream)
    check_not_chosen(stream, choices)
    current = same_kind_choice(stream, choices)
    check_no_clash(stream, choices, leaving=current.stream if current else None)
    streams = lock_streams(stream, *([current.stream] if current else []))
    entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Status.OFFERED:  # expired by the periodic job while we waited for the lock
        raise ValidationError(
            gettext("No seat is held for you in stream %(stream)s any more: the offer has expired.")
            % {"stream": stream.code},
            code="offer_expired",
        )
    if current is not None:
        old = streams[current.stream_id]
        choice = StreamChoice.objects.get(pk=current.pk)
        choice.stream = stream
        choice.save(update_fields=["stream"])
        seat_release(old)
        offer_next(old)
        before = {"stream": old.pk}
    else:
        choice = StreamChoice.objects.create(
            student=student, stream=stream, discipline_id=stream.discipline_id, term_id=stream.term_id, kind=stream.kind
        )
        before = None
    entry.status = Status.CLAIMED
    entry.save(update_fields=["status", "updated_at"])
    audit_record_create(
        actor=actor or student.user,
        action=AuditAction.WAITLIST_CLAIM,
        target=choice,
        summary=f"{stream} (waitlist)",
        before=before,
        after={"stream": stream.pk},
    )
    return choice


def waitlist_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Expire the offers past their deadline and offer each seat to the next in line; then offer any free seat
    of a stream that still has a line (e.g. after the registrar raised the capacity). Safe to run twice: each
    offer is expired in its own transaction and only while it is still OFFERED. Returns how many expired."""
    now = now or timezone.now()
    due = list(
        WaitlistEntry.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values_list("pk", "stream_id")
    )
    expired = 0
    for entry_id, stream_id in due:
        with transaction.atomic():
            stream = lock_streams(Stream(pk=stream_id))[stream_id]
            entry = (
                WaitlistEntry.objects.select_for_update(of=("self",))
                .select_related("student__user")
                .filter(pk=entry_id, status=Status.OFFERED, offer_expires_at__lte=now)
                .first()
            )
            if entry is None:
                continue
            entry.status = Status.EXPIRED
            entry.save(update_fields=["status", "updated_at"])
            seat_release(stream)
            notify(
                recipient=entry.student.user,
                kind=Kind.SCHEDULE,
                title=_("Your seat offer in stream {stream} has expired"),
                body=_("The seat went to the next in line. You can join the waitlist again."),
                params={"stream": stream.code},
                url=_selection_url(stream),
            )
            offer_next(stream)
            expired += 1
    waiting = (
        Stream.objects.filter(taken__lt=F("capacity"), waitlist__status=Status.WAITING)
        .values_list("pk", flat=True)
        .distinct()
    )
    for stream_id in list(waiting):
        with transaction.atomic():
            offer_next(lock_streams(Stream(pk=stream_id))[stream_id])
    return expired

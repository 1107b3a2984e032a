"""The rules of stream selection (docs/domain.md#stream-selection), shared by choosing, switching and the waitlist.

Each rule raises a ValidationError with a translated message that names the reason; the services call them
inside their transaction after the student's row is locked, so the answer holds until the commit.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from academic_calendar.models import Period
from academic_calendar.selectors import periods_open
from curriculum.models import Discipline
from curriculum.selectors.registration import iup_registrations
from people.models import StudentRecord
from people.selectors import student_lock, student_locked

from .. import sql
from ..models import Slot, Stream, WaitlistEntry

SELECTION_KINDS = (Period.Kind.STREAM_SELECTION, Period.Kind.ADD_DROP)

# codes of the refusals that are only a repeated click: the views show them as information, not as an error
ALREADY_CHOSEN = "already_chosen"
NOT_CHOSEN = "not_chosen"
FULL = "full"


def selection_periods(*, day=None, term_id: int | None = None) -> QuerySet[Period]:
    """The stream-selection and add/drop periods open on `day` (today), of one term if given."""
    return periods_open(kinds=SELECTION_KINDS, day=day, term_id=term_id)


@dataclass(frozen=True)
class StreamLock:
    """What `lock_student_for` read about one stream in the statement that locked the student's row: the answers
    the rules ask for (`check_student_active`, `check_open`, `check_in_iup`) and the student's waitlist places for
    the stream (`offer_id`: a seat held for them, `waiting_id`: a place in its line)."""

    stream_id: int
    status: str
    selection_open: bool
    in_iup: bool
    offer_id: int | None
    waiting_id: int | None


def lock_student(student: StudentRecord) -> StudentRecord:
    """Serialise one student's requests (two clicks or tabs at once run one after the other): the student's row
    lock, the same in every app (people's `student_lock`); returns the row as it is now."""
    return student_lock(student.pk)


def lock_student_for(student: StudentRecord, stream: Stream) -> StreamLock:
    """`lock_student`, reading in the same statement (one round trip on every click of a rush) what the rules ask
    about `stream`: the student's status, whether its term's selection is open today, whether it is in the IUP,
    the student's waitlist places for it.

    The answers are read by the statement that waits for the lock, so they are as of the moment it began: a twin
    click that waited sees its twin's row lock released but not its writes. They serve the refusals (period, IUP)
    and point to the waitlist places, which a claim locks and re-reads before it writes; what a write depends on
    (the choice a cancel removes, a free seat) is checked by the write itself
    (`test_one_student_cancelling_ten_times_at_once_gives_back_one_seat`)."""
    sql, params = _stream_lock_statement()
    values = {
        _MARK_STUDENT: student.pk,
        _MARK_STREAM: stream.pk,
        _MARK_TERM: stream.term_id,
        _MARK_DISCIPLINE: stream.discipline_id,
        connection.ops.adapt_datefield_value(_MARK_DAY): connection.ops.adapt_datefield_value(timezone.localdate()),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, [values.get(p, p) for p in params])
        row = cursor.fetchone()
    if row is None:
        raise StudentRecord.DoesNotExist
    status, selection_open, in_iup, offer_id, waiting_id = row
    return StreamLock(stream.pk, status, bool(selection_open), bool(in_iup), offer_id, waiting_id)


# markers for the values of one call of `lock_student_for` in its statement (never an id or a day of real data)
_MARK_STUDENT, _MARK_STREAM, _MARK_TERM, _MARK_DISCIPLINE = -900001, -900002, -900003, -900004
_MARK_DAY = datetime.date(1901, 2, 3)


@cache
def _stream_lock_statement() -> tuple[str, tuple]:
    """`lock_student_for`'s statement: people's lock of the student's row annotated with the calendar's selection
    periods, curriculum's IUP registrations and the student's waitlist places, written by the ORM.

    It is compiled once per process, with markers in place of the values, and each call sends that SQL with its
    own values: building and compiling this queryset cost ~2.5 ms of app CPU per call on this machine against
    ~0.25 ms for sending the statement (bench/README.md, "Issue 9"), and every click of a rush locks the student.
    Compiled on first use, inside the caller's transaction (Django refuses FOR UPDATE outside one).
    `test_the_stream_lock_reads_what_the_orm_reads` holds it to the queryset run as such."""
    sql, params = _stream_lock_queryset(
        student_id=_MARK_STUDENT,
        stream_id=_MARK_STREAM,
        term_id=_MARK_TERM,
        discipline_id=_MARK_DISCIPLINE,
        day=_MARK_DAY,
    ).query.sql_with_params()
    marks = {_MARK_STUDENT, _MARK_STREAM, _MARK_TERM, _MARK_DISCIPLINE, connection.ops.adapt_datefield_value(_MARK_DAY)}
    if not marks <= set(params):  # a value written into the SQL itself would be the marker's for every call
        raise RuntimeError(f"the stream lock's values are not all parameters: {sql} {params}")
    return sql, tuple(params)


def _stream_lock_queryset(*, student_id: int, stream_id: int, term_id: int, discipline_id: int, day):
    places = WaitlistEntry.objects.filter(student_id=OuterRef("pk"), stream_id=stream_id).order_by("pk")
    registered = iup_registrations(student_id=student_id, term_id=term_id, discipline_id=discipline_id)
    return (
        student_locked(student_id)
        .annotate(
            selection_open=Exists(selection_periods(day=day, term_id=term_id)),
            in_iup=Exists(registered),
            offer_id=Subquery(places.filter(status=WaitlistEntry.Status.OFFERED).values("pk")[:1]),
            waiting_id=Subquery(places.filter(status=WaitlistEntry.Status.WAITING).values("pk")[:1]),
        )
        .values_list("status", "selection_open", "in_iup", "offer_id", "waiting_id")
    )


def lock_streams(*streams: Stream) -> dict[int, Stream]:
    """Lock the stream rows in primary-key order (two opposite switches cannot deadlock) and re-read them.

    FOR NO KEY UPDATE: it still lets other students' choices of the stream check their foreign key meanwhile."""
    rows = (
        Stream.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in={s.pk for s in streams})
        .order_by("pk")
    )
    return {s.pk: s for s in rows.select_related("discipline", "term__academic_year")}


def seat_take(stream: Stream) -> None:
    """Take one seat by a conditional UPDATE: the row count says whether a seat was left."""
    if not Stream.objects.filter(pk=stream.pk, taken__lt=F("capacity")).update(taken=F("taken") + 1):
        raise ValidationError(
            gettext("This stream is full: %(stream)s has no free seats left.") % {"stream": stream.code}, code=FULL
        )
    stream.taken += 1


def seat_release(stream: Stream) -> bool:
    """Give one seat back. Returns whether someone waits for the stream (the caller then offers the seat)."""
    released = sql.seat_release(stream_id=stream.pk)
    stream.taken, waiting = released if released else (0, False)
    return waiting


def selection_is_open(term_id: int, *, day=None) -> bool:
    return selection_periods(day=day, term_id=term_id).exists()


def check_student_active(status: str) -> None:
    """Only a studying student chooses streams (`status`: the student's, as locked)."""
    if status != StudentRecord.Status.ACTIVE:
        raise ValidationError(gettext("Only a studying student can choose streams."), code="inactive")


def _answer_for(lock: StreamLock | None, stream: Stream) -> StreamLock | None:
    if lock is not None and lock.stream_id != stream.pk:
        raise ValueError(f"the student was locked for stream {lock.stream_id}, not {stream.pk}")
    return lock


def check_open(stream: Stream, *, lock: StreamLock | None = None) -> None:
    """Changes only in the stream-selection or add/drop period of the stream's term (the lock's answer when the
    student was locked for this stream, otherwise asked here)."""
    lock = _answer_for(lock, stream)
    if not (lock.selection_open if lock else selection_is_open(stream.term_id)):
        raise ValidationError(
            gettext(
                "Stream selection for %(term)s is closed: streams can be changed only in the stream-selection "
                "or add/drop period."
            )
            % {"term": stream.term},
            code="closed",
        )


def check_in_iup(student: StudentRecord, stream: Stream, *, lock: StreamLock | None = None) -> None:
    """The stream's discipline is in the student's IUP for its term (the lock's answer when the student was
    locked for this stream, otherwise asked here)."""
    lock = _answer_for(lock, stream)
    if lock is not None:
        registered = lock.in_iup
    else:
        registered = iup_registrations(
            student_id=student.pk, term_id=stream.term_id, discipline_id=stream.discipline_id
        ).exists()
    if not registered:
        raise ValidationError(
            gettext("%(discipline)s is not in your IUP for %(term)s.")
            % {"discipline": stream.discipline, "term": stream.term},
            code="not_in_iup",
        )


def term_choices(student: StudentRecord, *, candidate: Stream) -> list[sql.PanelChoice]:
    """The student's seats in the candidate's term, by stream, each `stream` with its code and `timetable`; the
    candidate gets its `timetable` too (what `check_no_clash` compares). One statement, the selection panel's
    (`schedule.sql.discipline_streams_read`), read after the student's lock."""
    read = sql.discipline_streams_read(
        student=student, term_id=candidate.term_id, discipline_id=candidate.discipline_id
    )
    candidate.timetable = next((s.timetable for s in read.streams if s.pk == candidate.pk), [])
    return read.choices


def check_not_chosen(stream: Stream, choices: Iterable[sql.PanelChoice]) -> None:
    if any(c.stream_id == stream.pk for c in choices):
        raise ValidationError(
            gettext("You are already in stream %(stream)s.") % {"stream": stream.code}, code=ALREADY_CHOSEN
        )


def same_kind_choice(stream: Stream, choices: Iterable[sql.PanelChoice]) -> sql.PanelChoice | None:
    """The student's stream of the same discipline and type, which this one would replace."""
    return next((c for c in choices if c.discipline_id == stream.discipline_id and c.kind == stream.kind), None)


def check_no_same_kind(stream: Stream, choices: Iterable[sql.PanelChoice]) -> None:
    other = same_kind_choice(stream, choices)
    if other is not None:
        raise ValidationError(
            gettext("You already have a %(kind)s stream of %(discipline)s (%(stream)s): switch to this one instead.")
            % {"kind": stream.get_kind_display().lower(), "discipline": stream.discipline, "stream": other.stream.code},
            code="same_kind",
        )


def slots_clash(a, b) -> bool:
    """Two lessons (Slots, or the panel's `PanelLesson`s) clash: same weekday, overlapping times and dates, and
    weeks that meet (odd and even never do)."""
    return (
        a.weekday == b.weekday
        and a.start_time < b.end_time
        and b.start_time < a.end_time
        and a.start_date <= b.end_date
        and b.start_date <= a.end_date
        and (Slot.Parity.EVERY in (a.parity, b.parity) or a.parity == b.parity)
    )


def first_clash(candidate_slots: Iterable, chosen_slots: Iterable) -> tuple | None:
    chosen = list(chosen_slots)
    for slot in candidate_slots:
        for other in chosen:
            if slots_clash(slot, other):
                return slot, other
    return None


def check_no_clash(
    stream: Stream, choices: Iterable[sql.PanelChoice], *, leaving: Stream | sql.PanelStream | None = None
) -> None:
    """Refuse a stream whose timetable meets one of the student's streams (except the one being left).
    `choices` and `stream.timetable` come from `term_choices(..., candidate=stream)`: no query here."""
    others = [c for c in choices if c.stream_id != stream.pk and (leaving is None or c.stream_id != leaving.pk)]
    chosen = [slot for c in others for slot in c.stream.timetable]
    clash = first_clash(stream.timetable, chosen)
    if clash is not None:
        _slot, other = clash
        discipline = Discipline.objects.get(pk=other.stream.discipline_id)  # its name, in the reader's language
        raise ValidationError(
            gettext(
                "This stream clashes with your stream %(stream)s of %(discipline)s on %(weekday)s, %(start)s–%(end)s."
            )
            % {
                "stream": other.stream.code,
                "discipline": discipline,
                "weekday": other.get_weekday_display(),
                "start": f"{other.start_time:%H:%M}",
                "end": f"{other.end_time:%H:%M}",
            },
            code="clash",
        )

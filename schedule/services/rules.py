"""The rules of stream selection (docs/domain.md#stream-selection), shared by choosing, switching and the waitlist.

Each rule raises a ValidationError with a translated message that names the reason; the services call them
inside their transaction after the student's row is locked, so the answer holds until the commit.
"""

from collections.abc import Iterable
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from academic_calendar.models import Period
from core.sql import columns, execute, fetch_all, fetch_one, instance, instance_from_row, qn
from curriculum.models import Discipline, Registration
from people.models import StudentRecord

from ..models import Slot, Stream, StreamChoice, WaitlistEntry

SELECTION_KINDS = (Period.Kind.STREAM_SELECTION, Period.Kind.ADD_DROP)

# codes of the refusals that are only a repeated click: the views show them as information, not as an error
ALREADY_CHOSEN = "already_chosen"
NOT_CHOSEN = "not_chosen"
FULL = "full"


def _open_periods(term_id: int, day=None):
    day = day or timezone.localdate()
    return Period.objects.filter(term_id=term_id, kind__in=SELECTION_KINDS, start_date__lte=day, end_date__gte=day)


def lock_student(student: StudentRecord, *, stream: Stream | None = None) -> StudentRecord:
    """Serialise one student's requests: two clicks (or tabs) at once run one after the other.

    With `stream`, the same query also reads what the rules ask about it (one round trip in the rush):
    `selection_open`, `in_iup`, and the student's waitlist places for it, `offer_id` and `waiting_id`.
    """
    if stream is not None:
        return _lock_student_for(student, stream)
    rows = StudentRecord.objects.select_for_update(of=("self",), no_key=True).filter(pk=student.pk)
    return rows.get()


@cache
def _lock_student_sql() -> str:
    features = connection.features
    lock = " FOR NO KEY UPDATE" if features.has_select_for_update and features.has_select_for_no_key_update else ""
    period, registration, entry = Period._meta, Registration._meta, WaitlistEntry._meta
    entry_sql = f"SELECT MIN(w.id) FROM {qn(entry.db_table)} w WHERE w.student_id = r.id AND w.stream_id = %s"  # noqa: S608
    entry_sql += " AND w.status = %s"
    return f"""
        SELECT r.{qn("status")},
          EXISTS (SELECT 1 FROM {qn(period.db_table)} p WHERE p.term_id = %s AND p.kind IN (%s, %s)
                  AND p.start_date <= %s AND p.end_date >= %s),
          EXISTS (SELECT 1 FROM {qn(registration.db_table)} g
                  WHERE g.student_id = r.id AND g.discipline_id = %s AND g.term_id = %s),
          ({entry_sql}), ({entry_sql})
        FROM {qn(StudentRecord._meta.db_table)} r WHERE r.id = %s{lock}
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


def _lock_student_for(student: StudentRecord, stream: Stream) -> StudentRecord:
    """`lock_student` with a stream: one statement written as SQL, as every click of the rush runs it (the ORM
    spent more CPU compiling its subqueries than the database spent running them). FOR NO KEY UPDATE where
    the database has row locks (PostgreSQL); SQLite serialises writers by itself. The student's row is the one
    the caller read for this request: the lock re-reads only its status (what the rules ask) and sets the answers on it.

    The answers are read by the same statement that waits for the lock, so they are as of the moment it began:
    a twin click that waited sees its twin's row lock released but not its writes. They serve the refusals
    (period, IUP) and point to the waitlist places, which a claim locks and re-reads before it writes; what a
    write depends on (the choice a cancel removes, a free seat) is checked by the write itself
    (`test_one_student_cancelling_ten_times_at_once_gives_back_one_seat`)."""
    day = timezone.localdate()
    params = [stream.term_id, *SELECTION_KINDS, day, day, stream.discipline_id, stream.term_id]
    params += [stream.pk, WaitlistEntry.Status.OFFERED, stream.pk, WaitlistEntry.Status.WAITING, student.pk]
    row = fetch_one(_lock_student_sql(), params)
    if row is None:
        raise StudentRecord.DoesNotExist
    locked = student
    locked.status, selection_open, in_iup, locked.offer_id, locked.waiting_id = row
    locked.selection_open, locked.in_iup = bool(selection_open), bool(in_iup)
    locked.locked_for_stream = stream.pk  # what the values above were read for
    return locked


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
    if not execute(_seat_take_sql(), [stream.pk]):
        raise ValidationError(
            gettext("This stream is full: %(stream)s has no free seats left.") % {"stream": stream.code}, code=FULL
        )
    stream.taken += 1


def seat_release(stream: Stream) -> bool:
    """Give one seat back. Returns whether someone waits for the stream (the caller then offers the seat)."""
    row = fetch_one(_seat_release_sql(), [stream.pk, WaitlistEntry.Status.WAITING])
    stream.taken = row[0] if row else 0
    return bool(row and row[1])


@cache
def _seat_take_sql() -> str:
    return f"UPDATE {qn(Stream._meta.db_table)} SET taken = taken + 1 WHERE id = %s AND taken < capacity"  # noqa: S608


@cache
def _seat_release_sql() -> str:
    streams = qn(Stream._meta.db_table)
    waiting = f"SELECT 1 FROM {qn(WaitlistEntry._meta.db_table)} w WHERE w.stream_id = {streams}.id AND w.status = %s"  # noqa: S608
    return f"UPDATE {streams} SET taken = taken - 1 WHERE id = %s AND taken > 0 RETURNING taken, EXISTS ({waiting})"  # noqa: S608


def selection_is_open(term_id: int, *, day=None) -> bool:
    return _open_periods(term_id, day).exists()


def check_student_active(student: StudentRecord) -> None:
    if student.status != StudentRecord.Status.ACTIVE:
        raise ValidationError(gettext("Only a studying student can choose streams."), code="inactive")


def check_open(stream: Stream, *, student: StudentRecord | None = None) -> None:
    """Changes only in the stream-selection or add/drop period of the stream's term (read by `lock_student`
    when the student was locked with this stream)."""
    is_open = getattr(student, "selection_open", None)
    if not (selection_is_open(stream.term_id) if is_open is None else is_open):
        raise ValidationError(
            gettext(
                "Stream selection for %(term)s is closed: streams can be changed only in the stream-selection "
                "or add/drop period."
            )
            % {"term": stream.term},
            code="closed",
        )


def check_in_iup(student: StudentRecord, stream: Stream) -> None:
    """The stream's discipline is in the student's IUP for its term (read by `lock_student` when the student was
    locked with this stream, otherwise asked here)."""
    registered = getattr(student, "in_iup", None)
    if registered is None or getattr(student, "locked_for_stream", None) != stream.pk:
        registered = Registration.objects.filter(
            student=student, discipline_id=stream.discipline_id, term_id=stream.term_id
        ).exists()
    if not registered:
        raise ValidationError(
            gettext("%(discipline)s is not in your IUP for %(term)s.")
            % {"discipline": stream.discipline, "term": stream.term},
            code="not_in_iup",
        )


def term_choices(student: StudentRecord, term_id: int, *, candidate: Stream | None = None) -> list[StreamChoice]:
    """The student's streams of the term, each `stream` with its code, its discipline's code and its `timetable`;
    with `candidate`, that stream's `timetable` too (what `check_no_clash` compares), all in one statement."""
    n_choice, n_slot = len(StreamChoice._meta.concrete_fields), len(Slot._meta.concrete_fields)
    rows = fetch_all(_term_choices_sql(), [student.pk, term_id, candidate.pk if candidate else None, student.pk])
    streams: dict[int, Stream] = {}
    choices: dict[int, StreamChoice] = {}
    for row in rows:
        stream_id, code, discipline_id, discipline_code = row[n_choice + n_slot :]
        stream = streams.get(stream_id)
        if stream is None:
            stream = instance(Stream, {"id": stream_id, "code": code, "discipline_id": discipline_id})
            stream.discipline = instance(Discipline, {"id": discipline_id, "code": discipline_code})
            stream.timetable = []
            streams[stream_id] = stream
        if row[0] is not None and row[0] not in choices:
            choice = instance_from_row(StreamChoice, row)
            choice.stream = stream
            choices[choice.pk] = choice
        if row[n_choice] is not None:
            slot = instance_from_row(Slot, row[n_choice:])
            slot.stream = stream
            stream.timetable.append(slot)
    if candidate is not None and candidate.pk in streams:
        candidate.timetable = streams[candidate.pk].timetable
    return list(choices.values())


@cache
def _term_choices_sql() -> str:
    choices = qn(StreamChoice._meta.db_table)
    return f"""
        SELECT {columns(StreamChoice, "c")}, {columns(Slot, "sl")}, st.id, st.code, st.discipline_id, d.code
        FROM (SELECT stream_id AS id FROM {choices} WHERE student_id = %s AND term_id = %s UNION SELECT %s) ids
          JOIN {qn(Stream._meta.db_table)} st ON st.id = ids.id
          JOIN {qn(Discipline._meta.db_table)} d ON d.id = st.discipline_id
          LEFT JOIN {choices} c ON c.stream_id = st.id AND c.student_id = %s
          LEFT JOIN {qn(Slot._meta.db_table)} sl ON sl.stream_id = st.id
        ORDER BY st.id, sl.weekday, sl.start_time
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


def check_not_chosen(stream: Stream, choices: Iterable[StreamChoice]) -> None:
    if any(c.stream_id == stream.pk for c in choices):
        raise ValidationError(
            gettext("You are already in stream %(stream)s.") % {"stream": stream.code}, code=ALREADY_CHOSEN
        )


def same_kind_choice(stream: Stream, choices: Iterable[StreamChoice]) -> StreamChoice | None:
    """The student's stream of the same discipline and type, which this one would replace."""
    return next((c for c in choices if c.discipline_id == stream.discipline_id and c.kind == stream.kind), None)


def check_no_same_kind(stream: Stream, choices: Iterable[StreamChoice]) -> None:
    other = same_kind_choice(stream, choices)
    if other is not None:
        raise ValidationError(
            gettext("You already have a %(kind)s stream of %(discipline)s (%(stream)s): switch to this one instead.")
            % {"kind": stream.get_kind_display().lower(), "discipline": stream.discipline, "stream": other.stream.code},
            code="same_kind",
        )


def slots_clash(a: Slot, b: Slot) -> bool:
    """Same weekday, overlapping times and dates, and weeks that meet (odd and even never do)."""
    return (
        a.weekday == b.weekday
        and a.start_time < b.end_time
        and b.start_time < a.end_time
        and a.start_date <= b.end_date
        and b.start_date <= a.end_date
        and (Slot.Parity.EVERY in (a.parity, b.parity) or a.parity == b.parity)
    )


def first_clash(candidate_slots: Iterable[Slot], chosen_slots: Iterable[Slot]) -> tuple[Slot, Slot] | None:
    chosen = list(chosen_slots)
    for slot in candidate_slots:
        for other in chosen:
            if slots_clash(slot, other):
                return slot, other
    return None


def check_no_clash(stream: Stream, choices: Iterable[StreamChoice], *, leaving: Stream | None = None) -> None:
    """Refuse a stream whose timetable meets one of the student's streams (except the one being left).
    `choices` and `stream.timetable` come from `term_choices(..., candidate=stream)`: no query here."""
    others = [c for c in choices if c.stream_id != stream.pk and (leaving is None or c.stream_id != leaving.pk)]
    chosen = [slot for c in others for slot in c.stream.timetable]
    clash = first_clash(stream.timetable, chosen)
    if clash is not None:
        _slot, other = clash
        raise ValidationError(
            gettext(
                "This stream clashes with your stream %(stream)s of %(discipline)s on %(weekday)s, %(start)s–%(end)s."
            )
            % {
                "stream": other.stream.code,
                "discipline": other.stream.discipline,
                "weekday": other.get_weekday_display(),
                "start": f"{other.start_time:%H:%M}",
                "end": f"{other.end_time:%H:%M}",
            },
            code="clash",
        )

"""The few statements of stream selection kept out of the ORM's per-call compiling, each named after what it does.

Everything else in the schedule goes through the ORM. These run on every click of a registration rush, where the
ORM's building and compiling of a query cost this machine several times what sending it costs (one `.get()`
~0.45 ms of app CPU against ~0.12 ms for a statement sent as it is; bench/README.md, "Issue 9"):

- `discipline_streams_read`: a discipline's streams as one student sees them (seats, the student's state of each,
  timetables) with the student's other streams of the term: the selection panel, and what the rules check a
  choice against. One statement; its rows become small read-only objects (`PanelStream`, `PanelLesson`...),
  each value through its field's own converters, as the ORM reads it.
- `choice_delete` (`DELETE ... RETURNING`) and `seat_release` (`UPDATE ... RETURNING`): a write that checks
  itself, in one round trip.

(The student's lock for a stream is the fourth, written by the ORM once per process: `services.rules.stream_lock`.)

Table and column names always come from the models' `_meta` or from the ORM itself (a renamed field renames its
column here too); values always go as parameters. `schedule/tests/test_sql.py` holds every statement to what the
ORM gives for the same question.
"""

import datetime
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import Model

from curriculum.models import Discipline
from people.models import User, full_name

from .models import LessonType, Slot, Stream, StreamChoice, WaitlistEntry


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _converters(model: type[Model], names: tuple[str, ...]) -> list[tuple[int, list, object]]:
    """For the fields `names` of `model` read at those positions of a row: the converters the ORM applies to them
    on this database (SQLite, for one, hands times and dates back as text), as `(position, converters, column)`."""
    found = []
    for i, name in enumerate(names):
        col = model._meta.get_field(name).get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if functions:
            found.append((i, functions, col))
    return found


def _convert(values: list, converters) -> list:
    for i, functions, col in converters:
        for function in functions:
            values[i] = function(values[i], col, connection)
    return values


# --- a discipline's streams for one student ---------------------------------------------------------------------

LANGUAGE_LABELS = dict(settings.LANGUAGES)


@dataclass(slots=True, eq=False)
class PanelStream:
    """A stream as `discipline_streams_read` reads it. For the discipline's streams: everything a card shows and
    the rules ask; for the student's other streams of the term: `pk`, `code`, `kind`, `discipline_id`,
    `discipline_code`, `term_id`, `timetable` and `choice` (what a clash is named by and the rules compare)."""

    pk: int
    code: str
    kind: str
    discipline_id: int
    discipline_code: str
    term_id: int
    language: str = ""
    capacity: int = 0
    taken: int = 0
    teacher_name: str = ""
    for_my_group: bool = False
    waiting: int = 0  # the length of its line
    choice: "PanelChoice | None" = None  # the student's seat in it
    entry: "PanelPlace | None" = None  # the student's active waitlist place for it
    timetable: list["PanelLesson"] = field(default_factory=list)

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.taken, 0)

    def get_kind_display(self) -> str:
        return LessonType(self.kind).label

    def get_language_display(self) -> str:
        return LANGUAGE_LABELS.get(self.language, self.language)


@dataclass(slots=True, eq=False)
class PanelLesson:
    """A timetable slot of a `PanelStream` (the Slot's values, converted as the ORM converts them)."""

    stream: PanelStream
    pk: int
    weekday: int
    start_time: datetime.time
    end_time: datetime.time
    room: str
    online_url: str
    start_date: datetime.date
    end_date: datetime.date
    parity: str

    @property
    def stream_id(self) -> int:
        return self.stream.pk

    def get_weekday_display(self) -> str:
        return Slot.Weekday(self.weekday).label

    def get_parity_display(self) -> str:
        return Slot.Parity(self.parity).label


@dataclass(slots=True, eq=False)
class PanelChoice:
    """The student's seat in a `PanelStream` (a StreamChoice: its discipline, term and type are the stream's)."""

    pk: int
    stream: PanelStream

    @property
    def stream_id(self) -> int:
        return self.stream.pk

    @property
    def discipline_id(self) -> int:
        return self.stream.discipline_id

    @property
    def kind(self) -> str:
        return self.stream.kind


@dataclass(slots=True, eq=False)
class PanelPlace:
    """The student's active waitlist place for a `PanelStream`: `position` 1 is next in line, 0 while a seat is
    offered; `offer_expires_at` is read only for an offer (`discipline_streams`)."""

    pk: int
    status: str
    position: int
    offer_expires_at: datetime.datetime | None = None


@dataclass
class StudentStreams:
    """`discipline_streams_read`'s answer: the discipline's streams and the student's other streams of the term."""

    streams: list[PanelStream] = field(default_factory=list)
    others: list[PanelStream] = field(default_factory=list)

    @property
    def choices(self) -> list[PanelChoice]:
        """The student's seats in the term, by stream."""
        return sorted((s.choice for s in (*self.streams, *self.others) if s.choice), key=lambda c: c.stream_id)


LESSON_FIELDS = ("id", "weekday", "start_time", "end_time", "room", "online_url", "start_date", "end_date", "parity")
STREAM_FIELDS = ("id", "code", "kind", "discipline", "term", "language", "capacity", "taken")
OTHER_STREAM_FIELDS = ("id", "code", "kind", "discipline", "term")


@cache
def _discipline_streams_sql() -> str:
    """One row per stream and lesson (a stream without lessons: one row, its lesson's columns NULL): the
    discipline's streams first (in_discipline 1), then the student's other streams of the term (0). Columns:
    LESSON_FIELDS, then STREAM_FIELDS, the teacher's names, for_my_group, waiting, choice_id, entry_id,
    entry_status, entry_ahead, in_discipline, the discipline's code."""
    s_cols = [_column(Stream, name) for name in STREAM_FIELDS]
    pk, discipline, term = _column(Stream, "id"), _column(Stream, "discipline"), _column(Stream, "term")
    c_student, c_stream, c_id = (_column(StreamChoice, n) for n in ("student", "stream", "id"))
    w_student, w_stream, w_status = (_column(WaitlistEntry, n) for n in ("student", "stream", "status"))
    w_created, w_id = _column(WaitlistEntry, "created_at"), _column(WaitlistEntry, "id")
    groups = Stream.groups.through._meta
    g_stream = connection.ops.quote_name(groups.get_field("stream").column)
    g_group = connection.ops.quote_name(groups.get_field("studygroup").column)
    names = [_column(User, n) for n in ("last_name", "first_name", "middle_name")]
    others = [
        f"s.{col}" if name in OTHER_STREAM_FIELDS else "NULL" for col, name in zip(s_cols, STREAM_FIELDS, strict=True)
    ]
    lesson_cols = ", ".join(f"sl.{_column(Slot, name)}" for name in LESSON_FIELDS)
    return f"""
        SELECT {lesson_cols}, {", ".join(f"st.{col}" for col in s_cols)},
          st.t_last, st.t_first, st.t_middle, st.for_my_group, st.waiting, st.choice_id,
          st.entry_id, st.entry_status, st.entry_ahead, st.in_discipline, d.{_column(Discipline, "code")}
        FROM (
          SELECT {", ".join(f"s.{col}" for col in s_cols)},
            t.{names[0]} AS t_last, t.{names[1]} AS t_first, t.{names[2]} AS t_middle,
            EXISTS (SELECT 1 FROM {_table(groups.model)} g WHERE g.{g_stream} = s.{pk} AND g.{g_group} = %s)
              AS for_my_group,
            (SELECT COUNT(*) FROM {_table(WaitlistEntry)} w WHERE w.{w_stream} = s.{pk} AND w.{w_status} = %s)
              AS waiting,
            c.{c_id} AS choice_id, e.{w_id} AS entry_id, e.{w_status} AS entry_status,
            (SELECT COUNT(*) FROM {_table(WaitlistEntry)} w
             WHERE w.{w_stream} = s.{pk} AND w.{w_status} = %s
               AND (w.{w_created} < e.{w_created} OR (w.{w_created} = e.{w_created} AND w.{w_id} < e.{w_id})))
              AS entry_ahead,
            1 AS in_discipline
          FROM {_table(Stream)} s
            JOIN {_table(User)} t ON t.{_column(User, "id")} = s.{_column(Stream, "teacher")}
            LEFT JOIN {_table(StreamChoice)} c ON c.{c_stream} = s.{pk} AND c.{c_student} = %s
            LEFT JOIN {_table(WaitlistEntry)} e ON e.{w_stream} = s.{pk} AND e.{w_student} = %s
              AND e.{w_status} IN (%s, %s)
          WHERE s.{term} = %s AND s.{discipline} = %s
          UNION ALL
          SELECT {", ".join(others)}, NULL, NULL, NULL, NULL, NULL, c.{c_id}, NULL, NULL, NULL, 0
          FROM {_table(StreamChoice)} c JOIN {_table(Stream)} s ON s.{pk} = c.{c_stream}
          WHERE c.{c_student} = %s AND c.{_column(StreamChoice, "term")} = %s AND s.{discipline} <> %s
        ) st
          JOIN {_table(Discipline)} d ON d.{_column(Discipline, "id")} = st.{discipline}
          LEFT JOIN {_table(Slot)} sl ON sl.{_column(Slot, "stream")} = st.{pk}
        ORDER BY st.{pk}, sl.{_column(Slot, "weekday")}, sl.{_column(Slot, "start_time")}, sl.{_column(Slot, "id")}
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


@cache
def _lesson_converters():
    return _converters(Slot, LESSON_FIELDS)


def discipline_streams_read(*, student, term_id: int, discipline_id: int) -> StudentStreams:
    """A discipline's streams of the term as `student` sees them, and the student's other streams of the term.

    One statement. Through the ORM the same is three queries (the streams with four correlated subqueries, their
    slots, the waitlist places); model instances for its ~40 rows cost more than the query (measured on the rush's
    panel: ~1.1 ms of app CPU with `Slot.objects.raw()` against ~0.35 ms this way), and the rules and the panel
    read it on every click."""
    Status = WaitlistEntry.Status
    params = [student.group_id, Status.WAITING, Status.WAITING, student.pk, student.pk, Status.WAITING]
    params += [Status.OFFERED, term_id, discipline_id, student.pk, term_id, discipline_id]
    with connection.cursor() as cursor:
        cursor.execute(_discipline_streams_sql(), params)
        rows = cursor.fetchall()
    found = StudentStreams()
    streams: dict[int, PanelStream] = {}
    n, m = len(LESSON_FIELDS), len(STREAM_FIELDS)
    converters = _lesson_converters()
    for row in rows:
        stream_id = row[n]
        stream = streams.get(stream_id)
        if stream is None:
            stream = streams[stream_id] = _stream(row[n : n + m], row[n + m :])
            (found.streams if row[-2] else found.others).append(stream)
        if row[0] is not None:
            lesson = _convert(list(row[:n]), converters)
            stream.timetable.append(PanelLesson(stream, *lesson))
    return found


def _stream(values, extra) -> PanelStream:
    pk, code, kind, discipline_id, term_id, language, capacity, taken = values
    last, first, middle, for_my_group, waiting, choice_id, entry_id, entry_status, ahead, in_discipline, d_code = extra
    stream = PanelStream(pk, code, kind, discipline_id, d_code, term_id)
    if in_discipline:
        stream.language, stream.capacity, stream.taken = language, capacity, taken
        stream.teacher_name = full_name(last or "", first or "", middle or "")
        stream.for_my_group, stream.waiting = bool(for_my_group), waiting or 0
        if entry_id is not None:
            position = ahead + 1 if entry_status == WaitlistEntry.Status.WAITING else 0
            stream.entry = PanelPlace(entry_id, entry_status, position)
    if choice_id is not None:
        stream.choice = PanelChoice(choice_id, stream)
    return stream


# --- the writes that check themselves ------------------------------------------------------------------------


@cache
def _choice_delete_sql() -> str:
    table, student, stream = _table(StreamChoice), _column(StreamChoice, "student"), _column(StreamChoice, "stream")
    return f"DELETE FROM {table} WHERE {student} = %s AND {stream} = %s RETURNING {_column(StreamChoice, 'id')}"  # noqa: S608


def choice_delete(*, student_id: int, stream_id: int) -> int | None:
    """Delete the student's choice of the stream; its id, or None when there was none (nothing deleted).
    One statement that both checks and deletes, as of the moment it runs (StreamChoice has no signals, no
    delete() of its own and nothing refers to it: Django's delete() would send the same DELETE, without the id)."""
    with connection.cursor() as cursor:
        cursor.execute(_choice_delete_sql(), [student_id, stream_id])
        row = cursor.fetchone()
    return None if row is None else row[0]


@cache
def _seat_release_sql() -> str:
    streams, pk, taken = _table(Stream), _column(Stream, "id"), _column(Stream, "taken")
    w_stream, w_status = _column(WaitlistEntry, "stream"), _column(WaitlistEntry, "status")
    waiting = f"SELECT 1 FROM {_table(WaitlistEntry)} w WHERE w.{w_stream} = {streams}.{pk} AND w.{w_status} = %s"  # noqa: S608
    return (
        f"UPDATE {streams} SET {taken} = {taken} - 1 WHERE {pk} = %s AND {taken} > 0"  # noqa: S608
        f" RETURNING {taken}, EXISTS ({waiting})"
    )


def seat_release(*, stream_id: int) -> tuple[int, bool] | None:
    """Give one seat of the stream back: (seats taken now, whether anyone waits for the stream), or None when the
    counter was already 0. One round trip where the ORM's `update()` and `exists()` are two, on every cancel."""
    with connection.cursor() as cursor:
        cursor.execute(_seat_release_sql(), [stream_id, WaitlistEntry.Status.WAITING])
        row = cursor.fetchone()
    return None if row is None else (row[0], bool(row[1]))

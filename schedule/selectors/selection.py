"""Reads of stream selection (docs/domain.md#stream-selection): the open terms, the IUP disciplines, a discipline's
streams as cards for one student, and everything the student is in. Each read is a fixed number of queries, whatever the
number of disciplines or streams."""

from dataclasses import dataclass, field
from functools import cache, cached_property

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from academic_calendar.models import Period
from core.sql import columns, fetch_all, instance, instance_from_row, instances_from_row, qn, select_list
from curriculum.models import Discipline, Registration
from people.models import StudentRecord, User, full_name
from university.models import AcademicYear, Term

from ..models import LessonType, Slot, Stream, StreamChoice, WaitlistEntry
from ..permissions import DISCIPLINE_FIELDS, STREAM_FIELDS
from ..services.rules import SELECTION_KINDS, slots_clash

KIND_ORDER = {kind: i for i, kind in enumerate(LessonType.values)}
VIEWS = ("type", "group")


def _count(queryset, field_name: str = "pk"):
    """A correlated COUNT(*) as a subquery (0 when nothing matches)."""
    counted = queryset.order_by().values(field_name).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def open_selection_periods(*, day=None) -> list[Period]:
    """The stream-selection and add/drop periods open today, one per term (the one that ends last), each with
    its term and academic year. One statement written as SQL: every selection page and panel asks."""
    day = day or timezone.localdate()
    by_term: dict[int, Period] = {}
    for row in fetch_all(_open_periods_sql(), [*SELECTION_KINDS, day, day]):
        period, term, year = instances_from_row(row, Period, Term, AcademicYear)
        term.academic_year = year
        period.term = term
        by_term[period.term_id] = period  # later end_date wins
    return list(by_term.values())


@cache
def _open_periods_sql() -> str:
    return f"""
        SELECT {columns(Period, "p")}, {columns(Term, "t")}, {columns(AcademicYear, "y")}
        FROM {qn(Period._meta.db_table)} p JOIN {qn(Term._meta.db_table)} t ON t.id = p.term_id
          JOIN {qn(AcademicYear._meta.db_table)} y ON y.id = t.academic_year_id
        WHERE p.kind IN (%s, %s) AND p.start_date <= %s AND p.end_date >= %s
        ORDER BY t.start_date, p.end_date, p.id
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


def next_selection_period(*, day=None) -> Period | None:
    day = day or timezone.localdate()
    return (
        Period.objects.filter(kind__in=SELECTION_KINDS, start_date__gt=day)
        .select_related("term__academic_year")
        .order_by("start_date")
        .first()
    )


def open_term_ids(term_ids, *, day=None) -> set[int]:
    day = day or timezone.localdate()
    return set(
        Period.objects.filter(
            term_id__in=term_ids, kind__in=SELECTION_KINDS, start_date__lte=day, end_date__gte=day
        ).values_list("term_id", flat=True)
    )


def selection_disciplines(*, student: StudentRecord, term_id: int) -> list[Registration]:
    """The student's IUP disciplines of the term, each with `kinds_offered` (stream types the discipline has
    this term), `kinds_chosen` and `complete` (every type chosen). One statement written as SQL."""
    registrations = []
    n = len(Registration._meta.concrete_fields)
    for row in fetch_all(_disciplines_sql(), [student.pk, term_id]):
        registration = instance_from_row(Registration, row)
        registration.discipline = instance(Discipline, dict(zip(DISCIPLINE_FIELDS, row[n:-2], strict=True)))
        registration.kinds_offered, registration.kinds_chosen = row[-2:]
        registration.complete = 0 < registration.kinds_offered <= registration.kinds_chosen
        registrations.append(registration)
    return registrations


@cache
def _disciplines_sql() -> str:
    return f"""
        SELECT {columns(Registration, "g")}, {select_list("d", DISCIPLINE_FIELDS)},
          (SELECT COUNT(DISTINCT s.kind) FROM {qn(Stream._meta.db_table)} s
           WHERE s.term_id = g.term_id AND s.discipline_id = g.discipline_id),
          (SELECT COUNT(*) FROM {qn(StreamChoice._meta.db_table)} c
           WHERE c.student_id = g.student_id AND c.term_id = g.term_id AND c.discipline_id = g.discipline_id)
        FROM {qn(Registration._meta.db_table)} g JOIN {qn(Discipline._meta.db_table)} d ON d.id = g.discipline_id
        WHERE g.student_id = %s AND g.term_id = %s
        ORDER BY d.code
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


def waitlist_entries_with_position(*, student: StudentRecord, **filters) -> list[WaitlistEntry]:
    """The student's active waitlist entries with `position` (1 = next in line; 0 while a seat is offered)."""
    ahead = WaitlistEntry.objects.filter(stream_id=OuterRef("stream_id"), status=WaitlistEntry.Status.WAITING).filter(
        Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
    )
    entries = list(
        WaitlistEntry.objects.filter(
            student=student, status__in=(WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED), **filters
        )
        .annotate(ahead=_count(ahead, "stream_id"))
        .order_by("created_at")
    )
    for entry in entries:
        entry.position = entry.ahead + 1 if entry.status == WaitlistEntry.Status.WAITING else 0
    return entries


@dataclass
class DisciplineItem:
    """One line of the disciplines list, rebuilt from a panel's cards after an action (no query)."""

    discipline: object
    kinds_offered: int
    kinds_chosen: int

    @property
    def discipline_id(self) -> int:
        return self.discipline.pk

    @property
    def complete(self) -> bool:
        return 0 < self.kinds_offered <= self.kinds_chosen


def discipline_item(discipline, sections) -> DisciplineItem:
    cards = [c for section in sections for c in section.cards]
    return DisciplineItem(
        discipline=discipline,
        kinds_offered=len({c.stream.kind for c in cards}),
        kinds_chosen=len({c.stream.kind for c in cards if c.chosen}),
    )


_FRAGMENTS: dict[tuple, str] = {}  # (partial, key) -> its HTML, per process (bounded below)
FRAGMENTS_MAX = 20000


def fragment(name: str, key: tuple, context, *, language: str | None = None) -> str:
    """The HTML of the selection page's partial `name` for `context`, rendered once per process for each key.

    The key holds every value the partial shows (and the active language), so an edited stream or a moved seat
    count gives a new key and a stale fragment is never shown; old ones go when the map is full. Per process
    rather than in the shared cache: with Redis that would be a network round trip per fragment, slower than
    rendering it (bench/README.md)."""
    full_key = (name, language or get_language(), *key)
    html = _FRAGMENTS.get(full_key)
    if html is None:  # `context`: a dict, or a callable that makes one (only needed here)
        html = render_to_string(f"schedule/selection.html#{name}", context() if callable(context) else context)
        _remember(full_key, html)
    return html


def _remember(key: tuple, html: str, kept: dict = _FRAGMENTS, most: int = FRAGMENTS_MAX) -> None:
    if len(kept) >= most:
        kept.clear()
    kept[key] = html


# whole cards, apart from their fragments: their keys hold the free seats, which change all through a rush, so they
# come and go much faster than the fragments, which must not be cleared with them
_CARDS: dict[tuple, str] = {}
CARDS_MAX = 5000


@dataclass
class StreamCard:
    stream: Stream
    chosen: bool = False
    replaces: Stream | None = None  # the student's stream of the same type: the card offers a switch
    clash: Slot | None = None  # the student's lesson this stream meets (named on the card)
    entry: WaitlistEntry | None = None

    @cached_property
    def static_key(self) -> tuple:
        """Every value of the card that only the registrar changes (teacher, language, timetable)."""
        s = self.stream
        slots = tuple(
            (t.weekday, t.start_time, t.end_time, t.room, t.online_url, t.start_date, t.end_date, t.parity)
            for t in s.timetable
        )
        return (s.pk, s.code, s.kind, s.language, s.teacher_name, slots)

    @cached_property
    def html(self) -> str:
        """The card, from three fragments (cabinet's rush path, see `fragment`): its top (code, type, badges),
        its free seats, and the rest (teacher, timetable, clash, waitlist place, the button); the whole card is
        kept too, under all three keys."""
        s, entry, clash = self.stream, self.entry, self.clash
        state = (self.chosen, bool(s.for_my_group))
        seats_key = (s.capacity, self.free, self.full)
        entry_key = (entry.pk, entry.status, entry.position, entry.offer_expires_at) if entry else None
        clash_key = (
            (clash.stream.code, clash.stream.discipline.code, clash.weekday, clash.start_time, clash.end_time)
            if clash
            else None
        )
        replaces = (self.replaces.pk, self.replaces.code) if self.replaces else None
        rest_key = (*self.static_key, *state, self.full, s.waiting, clash_key, entry_key, replaces)
        language = get_language()
        card_key = (language, rest_key, seats_key)
        html = _CARDS.get(card_key)
        if html is None:
            context = {"card": self, "s": s, "entry": entry}
            top = fragment("card-top", (*self.static_key[:3], *state), context, language=language)
            seats = fragment("card-seats", seats_key, context, language=language)
            rest = fragment("card-rest", rest_key, context, language=language)
            html = mark_safe(top + seats + rest)  # three template renders, escaped there
            _remember(card_key, html, _CARDS, CARDS_MAX)
        return html

    @property
    def free(self) -> int:
        return self.stream.free_seats

    @property
    def full(self) -> bool:
        return self.stream.taken >= self.stream.capacity


@dataclass
class StreamSection:
    title: str
    cards: list[StreamCard] = field(default_factory=list)

    @property
    def html(self) -> str:
        title = fragment("section-title", (self.title,), {"title": self.title})
        return mark_safe(title + "".join(card.html for card in self.cards))  # rendered fragments, escaped there


def _panel_rows(*, student: StudentRecord, term_id: int, discipline_id: int) -> tuple[list[Stream], list[Slot]]:
    """The panel's reads in one statement written as SQL (the rush's hottest read: compiling its correlated
    subqueries through the ORM cost more CPU than running them, and each round trip costs both sides):

    - the discipline's streams with their teacher's name and the student's state of each: `teacher_name`,
      `for_my_group`, `waiting` (the line's length), `is_mine`, `my_entry_id` (the student's active waitlist place);
    - the slots of those streams and of the student's other streams of the term, by weekday and time; each slot's
      `stream` is the panel's stream object, or for the student's other streams one with its code and its
      discipline's code (what a clash is named by).

    The two row shapes share one column list (UNION ALL, the other shape's columns NULL); the slots come first so
    that SQLite reads their times and dates by the first SELECT's column types."""
    n_slot, n_stream = len(Slot._meta.concrete_fields), len(STREAM_FIELDS)
    params = [term_id, discipline_id, student.pk, term_id]
    params += [student.group_id, WaitlistEntry.Status.WAITING, student.pk, student.pk]
    params += [WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED, term_id, discipline_id]
    rows = fetch_all(_panel_sql(), params)
    streams, panel = [], {}
    start = 1 + n_slot + 3
    for row in rows:
        if row[0] != 0:
            continue
        item = instance(Stream, dict(zip(STREAM_FIELDS, row[start : start + n_stream], strict=True)))
        item.teacher_name = full_name(*row[start + n_stream : start + n_stream + 3])
        for_my_group, waiting, is_mine, my_entry_id = row[start + n_stream + 3 :]
        item.for_my_group, item.waiting, item.is_mine = bool(for_my_group), waiting or 0, bool(is_mine)
        item.my_entry_id = my_entry_id
        streams.append(item)
        panel[item.pk] = item
    disciplines: dict[int, object] = {}
    slots = []
    for row in rows:
        if row[0] != 1:
            continue
        slot = instance_from_row(Slot, row[1:])
        code, discipline_id_, discipline_code = row[1 + n_slot : start]
        discipline = disciplines.get(discipline_id_)
        if discipline is None:
            discipline = instance(Discipline, {"id": discipline_id_, "code": discipline_code})
            disciplines[discipline_id_] = discipline
        stream = panel.get(slot.stream_id)
        if stream is None:
            stream = instance(Stream, {"id": slot.stream_id, "code": code, "discipline_id": discipline_id_})
            panel[slot.stream_id] = stream
        stream.discipline = discipline
        slot.stream = stream
        slots.append(slot)
    return streams, slots


@cache
def _panel_sql() -> str:
    """`_panel_rows`'s statement: slot rows (tag 1), then stream rows (tag 0), each NULL in the other's columns."""
    n_slot, n_stream = len(Slot._meta.concrete_fields), len(STREAM_FIELDS)
    stream_nulls, slot_nulls = ", ".join(["NULL"] * (n_stream + 7)), ", ".join(["NULL"] * (n_slot + 3))
    streams, choices = qn(Stream._meta.db_table), qn(StreamChoice._meta.db_table)
    waitlist = qn(WaitlistEntry._meta.db_table)
    return f"""
        SELECT 1, {columns(Slot, "sl")}, st.{qn("code")}, st.{qn("discipline_id")}, d.{qn("code")}, {stream_nulls}
        FROM (SELECT id FROM {streams} WHERE term_id = %s AND discipline_id = %s
              UNION SELECT stream_id FROM {choices} WHERE student_id = %s AND term_id = %s) ids
          JOIN {qn(Slot._meta.db_table)} sl ON sl.stream_id = ids.id
          JOIN {streams} st ON st.id = sl.stream_id
          JOIN {qn(Discipline._meta.db_table)} d ON d.id = st.discipline_id
        UNION ALL
        SELECT 0, {slot_nulls}, {select_list("s", STREAM_FIELDS)}, t.{qn("last_name")}, t.{qn("first_name")},
          t.{qn("middle_name")},
          EXISTS (SELECT 1 FROM {qn(Stream.groups.through._meta.db_table)} g
                  WHERE g.stream_id = s.id AND g.studygroup_id = %s),
          (SELECT COUNT(*) FROM {waitlist} w WHERE w.stream_id = s.id AND w.status = %s),
          EXISTS (SELECT 1 FROM {choices} c WHERE c.stream_id = s.id AND c.student_id = %s),
          (SELECT MIN(w.id) FROM {waitlist} w WHERE w.stream_id = s.id AND w.student_id = %s AND w.status IN (%s, %s))
        FROM {streams} s JOIN {qn(User._meta.db_table)} t ON t.id = s.teacher_id
        WHERE s.term_id = %s AND s.discipline_id = %s
        ORDER BY 1, 4, 5, 2
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


def discipline_streams(*, student: StudentRecord, term_id: int, discipline_id: int, view: str = "type"):
    """The discipline's streams of the term as cards for the student, in sections.

    By type: lectures, practices, labs. By group: the streams meant for the student's group first, then the
    others. One query whatever the number of streams (a second when the student waits for one of them).
    Each stream gets `timetable` (its slots); the student's own slots of the term name a clash.
    """
    streams, slots = _panel_rows(student=student, term_id=term_id, discipline_id=discipline_id)
    by_stream: dict[int, list[Slot]] = {}
    for slot in slots:
        by_stream.setdefault(slot.stream_id, []).append(slot)
    panel_ids, mine_here = {s.pk for s in streams}, {s.pk for s in streams if s.is_mine}
    my_slots = [slot for slot in slots if slot.stream_id in mine_here or slot.stream_id not in panel_ids]
    for stream in streams:
        stream.timetable = by_stream.get(stream.pk, [])
    entry_ids = [s.my_entry_id for s in streams if s.my_entry_id]
    entries = (
        {e.stream_id: e for e in waitlist_entries_with_position(student=student, pk__in=entry_ids)} if entry_ids else {}
    )
    mine_by_kind = {s.kind: s for s in streams if s.is_mine}
    cards = []
    for stream in sorted(streams, key=lambda s: (KIND_ORDER.get(s.kind, 9), s.code)):
        card = StreamCard(stream=stream, chosen=stream.is_mine, entry=entries.get(stream.pk))
        if not card.chosen:
            card.replaces = mine_by_kind.get(stream.kind)
            leaving = card.replaces.pk if card.replaces else None
            others = [s for s in my_slots if s.stream_id != leaving]
            card.clash = next((o for s in stream.timetable for o in others if slots_clash(s, o)), None)
        cards.append(card)
    if view == "group":
        sections = [StreamSection(str(_("For your group"))), StreamSection(str(_("Other streams")))]
        for card in cards:
            sections[0 if card.stream.for_my_group else 1].cards.append(card)
    else:
        sections = [
            StreamSection(str(label), [c for c in cards if c.stream.kind == kind]) for kind, label in LessonType.choices
        ]
    return [s for s in sections if s.cards]


def student_streams(*, student: StudentRecord) -> list[StreamChoice]:
    """Every stream the student is in, newest term first, with teacher, discipline and timetable."""
    return list(
        StreamChoice.objects.filter(student=student)
        .select_related("term__academic_year", "stream__teacher", "stream__discipline")
        .prefetch_related(Prefetch("stream__slots", queryset=Slot.objects.order_by("weekday", "start_time")))
        .order_by("-term__start_date", "discipline__code", "kind")
    )


def student_waitlist(*, student: StudentRecord) -> list[WaitlistEntry]:
    entries = waitlist_entries_with_position(student=student)
    streams = Stream.objects.select_related("discipline", "term__academic_year").in_bulk([e.stream_id for e in entries])
    for entry in entries:
        entry.stream = streams[entry.stream_id]
    return entries

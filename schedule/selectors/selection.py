"""Reads of stream selection (docs/domain.md#stream-selection): the open terms, the IUP disciplines, a discipline's
streams as cards for one student, and everything the student is in. Each read is a fixed number of queries, whatever the
number of disciplines or streams."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from academic_calendar.models import Period
from academic_calendar.selectors import periods_upcoming
from curriculum.models import Registration
from curriculum.selectors.registration import iup_registrations
from people.models import StudentRecord

from ..models import LessonType, Slot, Stream, StreamChoice, WaitlistEntry
from ..services.rules import SELECTION_KINDS, selection_periods, slots_clash
from ..sql import PanelLesson, PanelPlace, PanelStream, discipline_streams_read

KIND_ORDER = {kind: i for i, kind in enumerate(LessonType.values)}
VIEWS = ("type", "group")


def _count(queryset, field_name: str = "pk"):
    """A correlated COUNT(*) as a subquery (0 when nothing matches)."""
    counted = queryset.order_by().values(field_name).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def open_selection_periods(*, day=None) -> list[Period]:
    """The stream-selection and add/drop periods open today, one per term (the one that ends last), each with
    its term and academic year."""
    periods = selection_periods(day=day).select_related("term__academic_year")
    by_term: dict[int, Period] = {}
    for period in periods.order_by("term__start_date", "end_date", "pk"):
        by_term[period.term_id] = period  # later end_date wins
    return list(by_term.values())


def next_selection_period(*, day=None) -> Period | None:
    return periods_upcoming(kinds=SELECTION_KINDS, day=day).select_related("term__academic_year").first()


def open_term_ids(term_ids, *, day=None) -> set[int]:
    return set(selection_periods(day=day).filter(term_id__in=term_ids).values_list("term_id", flat=True))


def selection_disciplines(*, student: StudentRecord, term_id: int) -> list[Registration]:
    """The student's IUP disciplines of the term, each with `kinds_offered` (stream types the discipline has
    this term), `kinds_chosen` and `complete` (every type chosen). One query."""
    same = {"term_id": OuterRef("term_id"), "discipline_id": OuterRef("discipline_id")}
    kinds = Stream.objects.filter(**same).order_by().values("discipline_id").annotate(n=Count("kind", distinct=True))
    registrations = (
        iup_registrations(student_id=student.pk, term_id=term_id)
        .select_related("discipline")
        .annotate(
            kinds_offered=Coalesce(Subquery(kinds.values("n")[:1], output_field=IntegerField()), Value(0)),
            kinds_chosen=_count(StreamChoice.objects.filter(student_id=OuterRef("student_id"), **same), "student_id"),
        )
        .order_by("discipline__code")
    )
    for registration in registrations:
        registration.complete = 0 < registration.kinds_offered <= registration.kinds_chosen
    return list(registrations)


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


@dataclass
class StreamCard:
    """A stream as a card of the panel. The card is cached whole (`{% cache %}` in schedule/selection.html, on the
    "fragments" cache) under `key`, and its top and the rest apart under `top_key` and `rest_key`: each key holds
    every value its part shows, so an edited stream, slot or teacher, or a moved seat count, gives a new key and
    a stale card is never shown. The free seats change all through a rush: a card whose seats moved renders only
    them again."""

    stream: PanelStream
    chosen: bool = False
    replaces: PanelStream | None = None  # the student's stream of the same type: the card offers a switch
    clash: PanelLesson | None = None  # the student's lesson this stream meets (named on the card)
    entry: PanelPlace | None = None

    @cached_property
    def top_key(self) -> tuple:
        """What partial card-top shows: the stream's code and type, whether it is the student's, for their group."""
        s = self.stream
        return (s.pk, s.code, s.kind, self.chosen, bool(s.for_my_group))

    @cached_property
    def seats_key(self) -> tuple:
        """What partial card-seats shows."""
        return (self.stream.capacity, self.free, self.full)

    @cached_property
    def rest_key(self) -> tuple:
        """What partial card-rest shows: teacher, language, the line, the timetable, the clash, the student's
        waitlist place and which button (cancel, claim, leave, join, switch from, choose)."""
        s, entry, clash = self.stream, self.entry, self.clash
        slots = tuple(
            (t.weekday, t.start_time, t.end_time, t.room, t.online_url, t.start_date, t.end_date, t.parity)
            for t in s.timetable
        )
        clash_key = (
            (clash.stream.code, clash.stream.discipline_code, clash.weekday, clash.start_time, clash.end_time)
            if clash
            else None
        )
        entry_key = None
        if entry is not None:  # the deadline is shown (and read) only for a seat offered
            offered = entry.status == WaitlistEntry.Status.OFFERED
            entry_key = (entry.pk, entry.status, entry.position, entry.offer_expires_at if offered else None)
        replaces = (self.replaces.pk, self.replaces.code) if self.replaces else None
        state = (self.chosen, self.full, s.waiting, clash_key, entry_key, replaces)
        return (s.pk, s.code, s.language, s.teacher_name, slots, *state)

    @cached_property
    def key(self) -> tuple:
        return (self.top_key, self.seats_key, self.rest_key)

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


def discipline_streams(*, student: StudentRecord, term_id: int, discipline_id: int, view: str = "type"):
    """The discipline's streams of the term as cards for the student, in sections.

    By type: lectures, practices, labs. By group: the streams meant for the student's group first, then the
    others. One query whatever the number of streams (`schedule.sql.discipline_streams_read`; a second when a
    seat is held for the student in one of them, for the offer's deadline). The student's own lessons of the
    term name a clash.
    """
    read = discipline_streams_read(student=student, term_id=term_id, discipline_id=discipline_id)
    streams = read.streams
    mine = [s for s in streams if s.choice is not None]
    my_slots = [slot for s in (*mine, *read.others) for slot in s.timetable]
    offered = {s.entry.pk: s.entry for s in streams if s.entry and s.entry.status == WaitlistEntry.Status.OFFERED}
    if offered:
        for pk, deadline in WaitlistEntry.objects.filter(pk__in=offered).values_list("pk", "offer_expires_at"):
            offered[pk].offer_expires_at = deadline
    mine_by_kind = {s.kind: s for s in mine}
    cards = []
    for stream in sorted(streams, key=lambda s: (KIND_ORDER.get(s.kind, 9), s.code)):
        card = StreamCard(stream=stream, chosen=stream.choice is not None, entry=stream.entry)
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

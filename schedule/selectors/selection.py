"""Reads of stream selection (SPEC §2.4.1): the open terms, the IUP disciplines, a discipline's streams as cards
for one student, and everything the student is in. Each read is a fixed number of queries, whatever the number
of disciplines or streams."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academic_calendar.models import Period
from curriculum.models import Registration
from people.models import StudentRecord

from ..models import LessonType, Slot, Stream, StreamChoice, WaitlistEntry
from ..services.rules import SELECTION_KINDS, slots_clash

KIND_ORDER = {kind: i for i, kind in enumerate(LessonType.values)}
VIEWS = ("type", "group")


def _count(queryset, field_name: str = "pk"):
    """A correlated COUNT(*) as a subquery (0 when nothing matches)."""
    counted = queryset.order_by().values(field_name).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def open_selection_periods(*, day=None) -> list[Period]:
    """The stream-selection and add/drop periods open today, one per term (the one that ends last)."""
    day = day or timezone.localdate()
    periods = (
        Period.objects.filter(kind__in=SELECTION_KINDS, start_date__lte=day, end_date__gte=day)
        .select_related("term__academic_year")
        .order_by("term__start_date", "end_date")
    )
    by_term: dict[int, Period] = {}
    for period in periods:
        by_term[period.term_id] = period  # later end_date wins
    return list(by_term.values())


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
    this term), `kinds_chosen` and `complete` (every type chosen)."""
    registrations = list(
        Registration.objects.filter(student=student, term_id=term_id)
        .select_related("discipline")
        .annotate(
            kinds_offered=Coalesce(
                Subquery(
                    Stream.objects.filter(term_id=term_id, discipline_id=OuterRef("discipline_id"))
                    .order_by()
                    .values("discipline_id")
                    .annotate(n=Count("kind", distinct=True))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            kinds_chosen=_count(
                StreamChoice.objects.filter(student=student, term_id=term_id, discipline_id=OuterRef("discipline_id")),
                "discipline_id",
            ),
        )
        .order_by("discipline__code")
    )
    for registration in registrations:
        registration.complete = 0 < registration.kinds_offered <= registration.kinds_chosen
    return registrations


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
    stream: Stream
    chosen: bool = False
    replaces: Stream | None = None  # the student's stream of the same type: the card offers a switch
    clash: Slot | None = None  # the student's lesson this stream meets (named on the card)
    entry: WaitlistEntry | None = None

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
    others. Two queries whatever the number of streams (a third when the student waits for one of them).
    Each stream gets `timetable` (its slots).
    """
    active = (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED)
    streams = list(
        Stream.objects.filter(term_id=term_id, discipline_id=discipline_id)
        .select_related("teacher")
        .annotate(
            for_my_group=Exists(
                Stream.groups.through.objects.filter(stream_id=OuterRef("pk"), studygroup_id=student.group_id)
            ),
            waiting=_count(
                WaitlistEntry.objects.filter(stream_id=OuterRef("pk"), status=WaitlistEntry.Status.WAITING),
                "stream_id",
            ),
            is_mine=Exists(StreamChoice.objects.filter(student=student, stream_id=OuterRef("pk"))),
            my_entry_id=Subquery(
                WaitlistEntry.objects.filter(student=student, stream_id=OuterRef("pk"), status__in=active).values("pk")[
                    :1
                ]
            ),
        )
    )
    # one query for the timetables of these streams and of the student's own this term (to name a clash)
    mine = StreamChoice.objects.filter(student=student, term_id=term_id).values("stream_id")
    slots = list(
        Slot.objects.filter(Q(stream_id__in=[s.pk for s in streams]) | Q(stream_id__in=mine))
        .select_related("stream__discipline")
        .order_by("weekday", "start_time")
    )
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

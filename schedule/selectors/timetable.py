"""Reads of the personal timetable (docs/modules.md#schedule, docs/domain.md#academic-calendar).

Weekly slots are expanded into dated lessons here, in Python, for any date range: the range costs the same four
queries (slots, exams, holidays, periods) whether it is a day or a year. The same expansion (`slot_dates`) feeds the
iCalendar feed, so the calendar apps and the cabinet never disagree about when a lesson meets.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from academic_calendar.models import Holiday, Period
from core.collation import name_order
from core.dates import date_range
from people.models import StudentRecord, TeacherRecord
from university.models import Term

from ..models import Exam, LessonType, Slot, Stream, StreamChoice

ONE_DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)
VIEWS = ("day", "week", "month")
DEFAULT_VIEW = "week"

# The week grid: one hour is this tall (a lesson's title on two lines, its time and its room fit in 50 minutes);
# the grid spans at least the usual teaching day.
HOUR_REM = 5
GRID_FIRST_HOUR = 8
GRID_LAST_HOUR = 18
MIN_EVENT_REM = 1.75
MONTH_CHIPS = 3

LESSON, EXAM, HOLIDAY, PERIOD = "lesson", "exam", "holiday", "period"
_KIND_ORDER = {HOLIDAY: 0, PERIOD: 1, EXAM: 2, LESSON: 3}
EVENT_LABELS = {LESSON: _("Lesson"), EXAM: _("Exam"), HOLIDAY: _("Holiday"), PERIOD: _("Academic calendar")}
VIEW_LABELS = {"day": _("Day"), "week": _("Week"), "month": _("Month")}

# The study period lasts the whole term: as an all-day event it would only repeat itself on every day.
HIDDEN_PERIOD_KINDS = (Period.Kind.STUDY,)


# --- Weeks and parity --------------------------------------------------------------------------------------------


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_of_term(day: dt.date, term_start: dt.date) -> int:
    """1 for the week (Monday to Sunday) in which the term starts, 2 for the next one, and so on."""
    return (monday_of(day) - monday_of(term_start)).days // 7 + 1


def parity_matches(parity: str, day: dt.date, term_start: dt.date) -> bool:
    """Odd and even weeks are counted from the term's first week (week 1 is odd)."""
    if parity == Slot.Parity.EVERY:
        return True
    odd = week_of_term(day, term_start) % 2 == 1
    return odd if parity == Slot.Parity.ODD else not odd


def slot_dates(
    slot: Slot, *, term_start: dt.date, start: dt.date, end: dt.date, holidays: Iterable[dt.date] = ()
) -> Iterator[dt.date]:
    """The dates in [start, end] on which a slot meets: its weekday, within the slot's own dates, in its weeks,
    except holidays (a lesson falling on a public holiday does not take place)."""
    holidays = holidays if isinstance(holidays, set | frozenset) else set(holidays)
    first = max(start, slot.start_date)
    last = min(end, slot.end_date)
    day = first + dt.timedelta(days=(slot.weekday - first.weekday()) % 7)
    while day <= last:
        if day not in holidays and parity_matches(slot.parity, day, term_start):
            yield day
        day += WEEK


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """Slot times are the university's wall-clock times (settings.TIME_ZONE, Asia/Almaty)."""
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


# --- Events ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Event:
    """One thing on the timetable: a dated lesson, an exam, a holiday or a calendar period (all-day)."""

    kind: str
    day: dt.date
    last_day: dt.date
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    slot: Slot | None = None
    exam: Exam | None = None
    holiday: Holiday | None = None
    period: Period | None = None

    @classmethod
    def for_lesson(cls, slot: Slot, day: dt.date) -> Event:
        return cls(
            LESSON,
            day,
            day,
            start=local_datetime(day, slot.start_time),
            end=local_datetime(day, slot.end_time),
            slot=slot,
        )

    @classmethod
    def for_exam(cls, exam: Exam) -> Event:
        start, end = timezone.localtime(exam.starts_at), timezone.localtime(exam.ends_at)
        return cls(EXAM, start.date(), start.date(), start=start, end=end, exam=exam)

    @property
    def stream(self) -> Stream | None:
        if self.slot is not None:
            return self.slot.stream
        return self.exam.stream if self.exam is not None else None

    @property
    def all_day(self) -> bool:
        return self.start is None

    @property
    def is_lesson(self) -> bool:
        return self.kind == LESSON

    @property
    def is_exam(self) -> bool:
        return self.kind == EXAM

    @property
    def is_holiday(self) -> bool:
        return self.kind == HOLIDAY

    @property
    def is_period(self) -> bool:
        return self.kind == PERIOD

    @property
    def title(self) -> str:
        """In the active language (names are kept in three languages)."""
        if self.holiday is not None:
            return self.holiday.name
        if self.period is not None:
            return self.period.display_title
        return self.stream.discipline.name

    @property
    def room(self) -> str:
        if self.slot is not None:
            return self.slot.room
        return self.exam.room if self.exam is not None else ""

    @property
    def online_url(self) -> str:
        return self.slot.online_url if self.slot is not None else ""

    @property
    def is_online(self) -> bool:
        if self.exam is not None:
            return self.exam.is_online
        return bool(self.online_url)

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60) if self.start else 0

    @property
    def url(self) -> str:
        if self.slot is not None:
            return reverse("schedule:lesson", args=[self.slot.pk, self.day.isoformat()])
        if self.exam is not None:
            return reverse("schedule:exam", args=[self.exam.pk])
        return ""

    @property
    def tone(self) -> str:
        """The Bootstrap colour of the event: one per lesson type, exams and holidays stand out."""
        if self.kind in (EXAM, HOLIDAY, PERIOD):
            return {EXAM: "warning", HOLIDAY: "danger", PERIOD: "secondary"}[self.kind]
        return {LessonType.LECTURE: "primary", LessonType.PRACTICE: "success", LessonType.LAB: "info"}.get(
            self.stream.kind, "primary"
        )

    @property
    def type_label(self) -> str:
        if self.kind == LESSON:
            return self.stream.get_kind_display()
        return str(EVENT_LABELS[self.kind])

    def covers(self, day: dt.date) -> bool:
        return self.day <= day <= self.last_day

    def sort_key(self):
        return (
            self.day,
            self.start is not None,
            self.start or dt.datetime.min.replace(tzinfo=dt.UTC),
            _KIND_ORDER[self.kind],
            self.end or self.start or dt.datetime.min.replace(tzinfo=dt.UTC),
        )


# --- Whose timetable ---------------------------------------------------------------------------------------------


def timetable_streams(user) -> QuerySet[Stream]:
    """The streams whose lessons are the person's: chosen as a student, or taught (one person may be both)."""
    chosen = StreamChoice.objects.filter(student__user=user).values("stream_id")
    return Stream.objects.filter(Q(teacher=user) | Q(pk__in=chosen))


def university_q(user, lookup: str) -> Q:
    """Holidays and periods of the person's university (through their student or teacher record)."""
    as_student = StudentRecord.objects.filter(user=user).values("programme__department__faculty__university_id")
    as_teacher = TeacherRecord.objects.filter(user=user).values("department__faculty__university_id")
    return Q(**{f"{lookup}__in": as_student}) | Q(**{f"{lookup}__in": as_teacher})


def _slots(user, start: dt.date, end: dt.date) -> QuerySet[Slot]:
    return Slot.objects.filter(
        stream__in=timetable_streams(user), start_date__lte=end, end_date__gte=start
    ).select_related("stream__discipline", "stream__teacher", "stream__term")


def _exams(user, start: dt.date, end: dt.date) -> QuerySet[Exam]:
    return Exam.objects.filter(
        stream__in=timetable_streams(user),
        starts_at__lt=local_datetime(end + ONE_DAY, dt.time.min),
        ends_at__gt=local_datetime(start, dt.time.min),
    ).select_related("stream__discipline", "stream__teacher", "stream__term")


def _holidays(user, start: dt.date, end: dt.date) -> list[Holiday]:
    return list(Holiday.objects.filter(university_q(user, "university_id"), date__range=(start, end)))


def _periods(user, start: dt.date, end: dt.date) -> list[Period]:
    return list(
        Period.objects.filter(
            university_q(user, "term__academic_year__university_id"), start_date__lte=end, end_date__gte=start
        ).exclude(kind__in=HIDDEN_PERIOD_KINDS)
    )


def timetable_events(*, user, start: dt.date, end: dt.date) -> list[Event]:
    """Everything on the person's timetable between two dates (inclusive), sorted; four queries."""
    holidays = _holidays(user, start, end)
    holiday_dates = {h.date for h in holidays}
    events = [Event(HOLIDAY, h.date, h.date, holiday=h) for h in holidays]
    events += [Event(PERIOD, p.start_date, p.end_date, period=p) for p in _periods(user, start, end)]
    for slot in _slots(user, start, end):
        term_start = slot.stream.term.start_date
        for day in slot_dates(slot, term_start=term_start, start=start, end=end, holidays=holiday_dates):
            events.append(Event.for_lesson(slot, day))
    events += [Event.for_exam(exam) for exam in _exams(user, start, end)]
    events.sort(key=Event.sort_key)
    return events


def lesson_for_user_or_404(user, *, slot_id: int, day: dt.date) -> Event:
    """A lesson of the person's own timetable on a given date; 404 for another's lesson or a day it does not meet."""
    slot = get_object_or_404(
        Slot.objects.filter(stream__in=timetable_streams(user)).select_related(
            "stream__discipline", "stream__teacher", "stream__term"
        ),
        pk=slot_id,
    )
    holidays = set(Holiday.objects.filter(university_q(user, "university_id"), date=day).values_list("date", flat=True))
    if day not in set(slot_dates(slot, term_start=slot.stream.term.start_date, start=day, end=day, holidays=holidays)):
        raise Http404
    return Event.for_lesson(slot, day)


def exam_for_user_or_404(user, *, pk: int) -> Event:
    """An exam of one of the person's streams (a student of the stream, or its teacher); 404 otherwise."""
    exam = get_object_or_404(
        Exam.objects.filter(stream__in=timetable_streams(user)).select_related(
            "stream__discipline", "stream__teacher", "stream__term"
        ),
        pk=pk,
    )
    return Event.for_exam(exam)


# --- The page: day, week and month views -------------------------------------------------------------------------


@dataclass
class PlacedEvent:
    """A timed event in the week grid: offsets in rem from the grid's top, and its lane among overlapping ones
    (left and width in percent of the day's column). The template writes them unlocalized ("2.5", not "2,5")."""

    event: Event
    top: float
    height: float
    left: float
    width: float


@dataclass
class DaySchedule:
    date: dt.date
    today: dt.date
    in_month: bool = True
    all_day: list[Event] = field(default_factory=list)
    timed: list[Event] = field(default_factory=list)
    placed: list[PlacedEvent] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.date == self.today

    @property
    def day_query(self) -> str:
        return "?" + urlencode({"view": "day", "date": self.date.isoformat()})

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def holidays(self) -> list[Event]:
        return [e for e in self.all_day if e.is_holiday]

    @property
    def is_holiday(self) -> bool:
        return any(e.is_holiday for e in self.all_day)

    @property
    def events(self) -> list[Event]:
        return self.all_day + self.timed

    @property
    def chips(self) -> list[Event]:
        return self.events[:MONTH_CHIPS]

    @property
    def more(self) -> int:
        return max(len(self.events) - MONTH_CHIPS, 0)

    @property
    def exam_count(self) -> int:
        return sum(1 for e in self.timed if e.is_exam)


@dataclass
class TimetablePage:
    view: str
    date: dt.date
    today: dt.date
    start: dt.date
    end: dt.date
    previous: dt.date
    next: dt.date
    days: list[DaySchedule]
    hours: list[int] = field(default_factory=list)
    # Calendar periods run for weeks (registration, exam session): listed once above the view, not on every day.
    periods: list[Event] = field(default_factory=list)

    @property
    def title(self) -> str:
        """What the page shows, in the active language's date formats: a day, a week's range, or a month."""
        if self.view == "day":
            return f"{date_format(self.date, 'l')}, {date_format(self.date, 'DATE_FORMAT')}"
        if self.view == "week":
            return date_range(self.start, self.end)
        return date_format(self.date, "YEAR_MONTH_FORMAT")

    @property
    def weeks(self) -> list[list[DaySchedule]]:
        return [self.days[i : i + 7] for i in range(0, len(self.days), 7)]

    @property
    def weekdays(self) -> list[dt.date]:
        return [d.date for d in self.days[:7]]

    @property
    def grid_height(self) -> int:
        return len(self.hours) * HOUR_REM

    @property
    def hour_rows(self) -> list[tuple[dt.time, int]]:
        """(hour, rem from the grid's top to its line and label)."""
        return [(dt.time(h), i * HOUR_REM) for i, h in enumerate(self.hours)]

    def query(self, *, view: str | None = None, day: dt.date | None = None) -> str:
        """The page's state in the URL (?view=week&date=2026-11-23), so a link or a reload shows the same."""
        return "?" + urlencode({"view": view or self.view, "date": (day or self.date).isoformat()})

    @property
    def previous_query(self) -> str:
        return self.query(day=self.previous)

    @property
    def next_query(self) -> str:
        return self.query(day=self.next)

    @property
    def today_query(self) -> str:
        return self.query(day=self.today)

    @property
    def view_links(self) -> list[tuple[str, str, str, bool]]:
        return [(view, VIEW_LABELS[view], self.query(view=view), view == self.view) for view in VIEWS]

    @property
    def shows_today(self) -> bool:
        return self.start <= self.today <= self.end

    @property
    def has_all_day(self) -> bool:
        return any(d.all_day for d in self.days)

    @property
    def has_lessons_or_exams(self) -> bool:
        return any(d.timed for d in self.days)


def view_range(view: str, day: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(start, end, previous, next) of a view around a date; a month shows whole weeks, Monday to Sunday."""
    if view == "day":
        return day, day, day - ONE_DAY, day + ONE_DAY
    if view == "week":
        start = monday_of(day)
        return start, start + dt.timedelta(days=6), day - WEEK, day + WEEK
    first = day.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    previous = (first - ONE_DAY).replace(day=1)
    return monday_of(first), last + dt.timedelta(days=6 - last.weekday()), previous, last + ONE_DAY


def _place(day: DaySchedule, first_hour: int) -> list[PlacedEvent]:
    """Overlapping events share the column side by side (lanes), like a desktop calendar."""
    placed: list[PlacedEvent] = []
    cluster: list[tuple[Event, int]] = []
    lane_ends: list[dt.datetime] = []
    cluster_end: dt.datetime | None = None

    def flush():
        lanes = max(len(lane_ends), 1)
        for event, lane in cluster:
            start = timezone.localtime(event.start)
            top = ((start.hour - first_hour) * 60 + start.minute) / 60 * HOUR_REM
            height = max(event.minutes / 60 * HOUR_REM, MIN_EVENT_REM)
            placed.append(
                PlacedEvent(event, round(top, 3), round(height, 3), round(100 * lane / lanes, 3), round(100 / lanes, 3))
            )

    for event in day.timed:
        if cluster and event.start >= cluster_end:
            flush()
            cluster, lane_ends, cluster_end = [], [], None
        for lane, lane_end in enumerate(lane_ends):
            if lane_end <= event.start:
                lane_ends[lane] = event.end
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(event.end)
        cluster.append((event, lane))
        cluster_end = event.end if cluster_end is None else max(cluster_end, event.end)
    if cluster:
        flush()
    return placed


def _grid_hours(days: list[DaySchedule]) -> list[int]:
    first, last = GRID_FIRST_HOUR, GRID_LAST_HOUR
    for day in days:
        for event in day.timed:
            start, end = timezone.localtime(event.start), timezone.localtime(event.end)
            first = min(first, start.hour)
            last = max(last, 24 if end.date() > start.date() else end.hour + (1 if end.minute else 0))
    return list(range(first, last))


def timetable_page(*, user, view: str, day: dt.date, today: dt.date) -> TimetablePage:
    """The day, week or month around `day` of the person's timetable, laid out for the page."""
    view = view if view in VIEWS else DEFAULT_VIEW
    start, end, previous, following = view_range(view, day)
    days = {}
    current = start
    while current <= end:
        days[current] = DaySchedule(date=current, today=today, in_month=view != "month" or current.month == day.month)
        current += ONE_DAY
    periods = []
    for event in timetable_events(user=user, start=start, end=end):
        if event.is_period:
            periods.append(event)
        elif event.all_day:
            current = max(event.day, start)
            while current <= min(event.last_day, end):
                days[current].all_day.append(event)
                current += ONE_DAY
        elif event.day in days:
            days[event.day].timed.append(event)
    schedule = list(days.values())
    page = TimetablePage(view, day, today, start, end, previous, following, schedule, periods=periods)
    if view == "week":
        page.hours = _grid_hours(schedule)
        for day_schedule in schedule:
            day_schedule.placed = _place(day_schedule, page.hours[0])
    return page


# --- Teaching: the teacher's streams and rosters -----------------------------------------------------------------


def teaching_terms(*, teacher) -> list[Term]:
    return list(Term.objects.filter(streams__teacher=teacher).distinct().select_related("academic_year"))


def teaching_term(*, teacher, term_id: str | None, today: dt.date) -> tuple[Term | None, list[Term]]:
    """The term to show (asked for, else the current one, else the latest) among the terms the teacher teaches in."""
    terms = teaching_terms(teacher=teacher)
    by_id = {str(t.pk): t for t in terms}
    if term_id in by_id:
        return by_id[term_id], terms
    started = [t for t in terms if t.start_date <= today]
    return (started[-1] if started else (terms[0] if terms else None)), terms


def streams_taught(*, teacher, term: Term | None) -> list[Stream]:
    """The teacher's streams of a term with their timetable, groups and the number of students who chose them."""
    if term is None:
        return []
    return list(
        Stream.objects.filter(teacher=teacher, term=term)
        .select_related("discipline", "term")
        .prefetch_related("slots", "groups", "exams", Prefetch("choices", queryset=_roster(), to_attr="roster"))
        .annotate(students=Count("choices", distinct=True))
    )


def stream_taught_or_404(user, *, pk: int) -> Stream:
    """A stream the person teaches; another teacher's stream is 404, as if it did not exist."""
    return get_object_or_404(
        Stream.objects.select_related("discipline", "term__academic_year").prefetch_related("slots", "groups"),
        pk=pk,
        teacher=user,
    )


def _roster() -> QuerySet[StreamChoice]:
    return StreamChoice.objects.select_related("student__user", "student__group").order_by(
        *name_order("student__user__"), "student__student_number"
    )


def stream_roster(*, stream: Stream) -> list[StreamChoice]:
    """The students who chose a stream: name, group and student number, alphabetically."""
    return list(_roster().filter(stream=stream))

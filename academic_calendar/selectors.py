"""Reads of the academic calendar (docs/modules.md#academic-calendar): current periods, a term's timeline, a month."""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format

from people.models import StudentRecord, TeacherRecord
from university.models import AcademicYear, Term, University

from .models import Holiday, Period

# Bootstrap classes of each period kind, so a kind keeps one colour across views.
KIND_BADGE = {
    Period.Kind.REGISTRATION: "text-bg-primary",
    Period.Kind.STREAM_SELECTION: "text-bg-info",
    Period.Kind.STUDY: "text-bg-success",
    Period.Kind.ADD_DROP: "text-bg-warning",
    Period.Kind.MIDTERM: "text-bg-secondary",
    Period.Kind.EXAM_SESSION: "text-bg-danger",
    Period.Kind.RETAKE: "text-bg-dark",
    Period.Kind.HOLIDAYS: "text-bg-light border",
    Period.Kind.OTHER: "text-bg-light border",
}
KIND_BAR = {
    Period.Kind.REGISTRATION: "bg-primary",
    Period.Kind.STREAM_SELECTION: "bg-info",
    Period.Kind.STUDY: "bg-success",
    Period.Kind.ADD_DROP: "bg-warning",
    Period.Kind.MIDTERM: "bg-secondary",
    Period.Kind.EXAM_SESSION: "bg-danger",
    Period.Kind.RETAKE: "bg-dark",
    Period.Kind.HOLIDAYS: "bg-body-tertiary border",
    Period.Kind.OTHER: "bg-body-tertiary border",
}


def calendar_university_id(user) -> int | None:
    """The university whose calendar a person sees: their student or teacher record's, else the first one."""
    if user.is_authenticated:
        for model in (StudentRecord, TeacherRecord):
            field_path = (
                "programme__department__faculty__university_id"
                if model is StudentRecord
                else "department__faculty__university_id"
            )
            found = model.objects.filter(user=user).values_list(field_path, flat=True).first()
            if found:
                return found
    return University.objects.order_by("pk").values_list("pk", flat=True).first()


@dataclass
class PeriodRow:
    period: Period
    today: datetime.date
    offset: float = 0.0  # percent of the timeline before the period starts
    width: float = 0.0  # percent of the timeline it covers

    @property
    def is_current(self) -> bool:
        return self.period.contains(self.today)

    @property
    def is_past(self) -> bool:
        return self.period.end_date < self.today

    @property
    def days_left(self) -> int:
        return (self.period.end_date - self.today).days + 1

    @property
    def badge(self) -> str:
        return KIND_BADGE.get(self.period.kind, "text-bg-light border")

    @property
    def bar(self) -> str:
        return KIND_BAR.get(self.period.kind, "bg-secondary")


def current_periods(*, university_id: int, today=None) -> list[PeriodRow]:
    today = today or timezone.localdate()
    periods = (
        Period.objects.filter(term__academic_year__university_id=university_id, start_date__lte=today)
        .filter(end_date__gte=today)
        .select_related("term__academic_year")
        .order_by("end_date", "kind")
    )
    return [PeriodRow(p, today) for p in periods]


def periods_open(*, kinds: Iterable[str], day=None, term_id: int | None = None) -> QuerySet[Period]:
    """The periods of these kinds open on `day` (today by default; both ends count), of one term if given."""
    day = day or timezone.localdate()
    periods = Period.objects.filter(kind__in=kinds, start_date__lte=day, end_date__gte=day)
    return periods if term_id is None else periods.filter(term_id=term_id)


def periods_upcoming(*, kinds: Iterable[str], day=None) -> QuerySet[Period]:
    """The periods of these kinds that start after `day` (today by default), the soonest first."""
    day = day or timezone.localdate()
    return Period.objects.filter(kind__in=kinds, start_date__gt=day).order_by("start_date")


def calendar_terms(*, university_id: int, today=None) -> list[Term]:
    """Terms of the academic year containing today and of the next one (the semester view's tabs)."""
    today = today or timezone.localdate()
    year = (
        AcademicYear.objects.filter(university_id=university_id, start_date__lte=today).order_by("-start_date").first()
    )
    qs = Term.objects.filter(academic_year__university_id=university_id).select_related("academic_year")
    if year is not None:
        qs = qs.filter(academic_year__start_date__gte=year.start_date)
    return list(qs.order_by("start_date")[:6])


def term_of_university(*, university_id: int, pk: int) -> Term | None:
    terms = Term.objects.filter(academic_year__university_id=university_id, pk=pk)
    return terms.select_related("academic_year").first()


@dataclass
class SemesterView:
    term: Term
    rows: list[PeriodRow]
    holidays: list[Holiday]
    start: datetime.date
    end: datetime.date

    @property
    def length_days(self) -> int:
        return (self.end - self.start).days + 1


def semester_view(*, term: Term, kind: str | None = None, today=None) -> SemesterView:
    """The periods of a term as a timeline: start, length, end; the scale runs from the first to the last day of
    the term and its periods (a registration period runs before the term it registers for)."""
    today = today or timezone.localdate()
    periods = list(Period.objects.filter(term=term).order_by("start_date", "kind"))
    shown = [p for p in periods if not kind or p.kind == kind]
    start = min([term.start_date] + [p.start_date for p in periods])
    end = max([term.end_date] + [p.end_date for p in periods])
    span = (end - start).days + 1
    rows = []
    for period in shown:
        row = PeriodRow(period, today)
        row.offset = round(100 * (period.start_date - start).days / span, 2)
        row.width = max(round(100 * period.length_days / span, 2), 0.8)
        rows.append(row)
    holidays = list(
        Holiday.objects.filter(
            university_id=term.academic_year.university_id, date__gte=term.start_date, date__lte=term.end_date
        )
    )
    return SemesterView(term, rows, holidays, start, end)


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    periods: list[PeriodRow] = field(default_factory=list)
    holidays: list[Holiday] = field(default_factory=list)

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def is_day_off(self) -> bool:
        return self.is_weekend or bool(self.holidays)


@dataclass
class MonthView:
    year: int
    month: int
    weeks: list[list[Day]]
    periods: list[PeriodRow]
    holidays: list[Holiday]
    weekdays: list = field(default_factory=lambda: [WEEKDAYS_ABBR[i] for i in range(7)])

    @property
    def title(self) -> str:
        return date_format(datetime.date(self.year, self.month, 1), "YEAR_MONTH_FORMAT")

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def previous_key(self) -> str:
        year, month = (self.year, self.month - 1) if self.month > 1 else (self.year - 1, 12)
        return f"{year:04d}-{month:02d}"

    @property
    def next_key(self) -> str:
        year, month = (self.year, self.month + 1) if self.month < 12 else (self.year + 1, 1)
        return f"{year:04d}-{month:02d}"


def month_view(*, university_id: int, year: int, month: int, kind: str | None = None, today=None) -> MonthView:
    """A Monday-first grid of the month with the periods and holidays of each day (two queries)."""
    today = today or timezone.localdate()
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    periods = Period.objects.filter(
        term__academic_year__university_id=university_id, start_date__lte=last, end_date__gte=first
    ).select_related("term__academic_year")
    if kind:
        periods = periods.filter(kind=kind)
    rows = [PeriodRow(p, today) for p in periods.order_by("start_date", "kind")]
    holidays = list(Holiday.objects.filter(university_id=university_id, date__gte=first, date__lte=last))
    by_date: dict[datetime.date, list[Holiday]] = {}
    for holiday in holidays:
        by_date.setdefault(holiday.date, []).append(holiday)
    weeks = [
        [
            Day(
                date=day,
                in_month=day.month == month,
                is_today=day == today,
                periods=[r for r in rows if r.period.contains(day)],
                holidays=by_date.get(day, []),
            )
            for day in week
        ]
        for week in weeks_dates
    ]
    month_start = datetime.date(year, month, 1)
    month_end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    in_month = [r for r in rows if r.period.start_date <= month_end and r.period.end_date >= month_start]
    month_holidays = [h for h in holidays if h.date.month == month]
    return MonthView(year, month, weeks, in_month, month_holidays)

"""Reads of registration (docs/domain.md#registration-and-holds): open windows, credit limits, refusals, the tab."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from academic_calendar.models import Period
from university.models import Term

from ..models import CreditLimit, CurriculumItem, Discipline, Registration
from .holds import active_holds
from .plan import (
    curriculum_items,
    planned_credits,
    semester_for_term,
    student_admission_year,
    student_curriculum,
    student_university_id,
)
from .progress import DegreeProgress, ProgressHint, degree_progress, progress_hint
from .status import DisciplineStatus, StatusInfo, StudentStatuses, discipline_statuses

WINDOW_KINDS = (Period.Kind.REGISTRATION, Period.Kind.ADD_DROP)
TAKEN = (DisciplineStatus.IN_PROGRESS, DisciplineStatus.PASSED)  # what counts as chosen in an elective group


@dataclass(frozen=True)
class CreditBounds:
    min_credits: int
    max_credits: int


@dataclass
class RegistrationWindow:
    """A term with its registration or add/drop period(s) open today."""

    term: Term
    periods: list[Period] = field(default_factory=list)


def iup_registrations(*, student_id: int, term_id: int, discipline_id: int | None = None) -> QuerySet[Registration]:
    """The student's registrations of a term, the disciplines of their IUP for it (of one discipline if given)."""
    registrations = Registration.objects.filter(student_id=student_id, term_id=term_id)
    return registrations if discipline_id is None else registrations.filter(discipline_id=discipline_id)


def open_period(*, term: Term, today=None) -> Period | None:
    """The registration or add/drop period of `term` open on `today`, if any."""
    today = today or timezone.localdate()
    return (
        Period.objects.filter(term=term, kind__in=WINDOW_KINDS, start_date__lte=today, end_date__gte=today)
        .order_by("end_date")
        .first()
    )


def _short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def request_window_refusal(*, term: Term, today=None, late: bool = False) -> str | None:
    """The window of an approved add/drop request (docs/domain.md#add-drop-by-request), as a refusal; else None.

    By request the self-service windows (registration, stream selection) do not count: the term's add/drop period
    must be open on `today`. A late drop (`late`) is the opposite: after the add/drop period ended and before the
    term ends. A term without an add/drop period in the calendar takes no request.
    """
    today = today or timezone.localdate()
    periods = list(Period.objects.filter(term=term, kind=Period.Kind.ADD_DROP).order_by("start_date"))
    if not periods:
        return _("%(term)s has no add/drop period in the academic calendar: add/drop requests cannot be applied.") % {
            "term": term
        }
    current = next((p for p in periods if p.contains(today)), None)
    first, last = periods[0], periods[-1]
    if not late:
        if current is not None:
            return None
        if today > last.end_date:
            return _("The add/drop period of %(term)s ended on %(end)s: only a late drop is possible now.") % {
                "term": term,
                "end": _short(last.end_date),
            }
        return _(
            "Add/drop requests for %(term)s can be applied only during its add/drop period (%(start)s–%(end)s)."
        ) % {
            "term": term,
            "start": _short(first.start_date),
            "end": _short(first.end_date),
        }
    if current is not None:
        return _(
            "The add/drop period of %(term)s is open until %(end)s: request an ordinary drop instead of a late one."
        ) % {"term": term, "end": _short(current.end_date)}
    if today < last.end_date:
        return _("A late drop from %(term)s is possible only after its add/drop period (%(start)s–%(end)s).") % {
            "term": term,
            "start": _short(first.start_date),
            "end": _short(first.end_date),
        }
    if today > term.end_date:
        return _("%(term)s ended on %(date)s: nothing can be dropped from it any more.") % {
            "term": term,
            "date": _short(term.end_date),
        }
    return None


def open_windows(*, university_id: int, today=None) -> list[RegistrationWindow]:
    """Terms of the university whose registration or add/drop is open today, in term order (one query)."""
    today = today or timezone.localdate()
    periods = (
        Period.objects.filter(
            term__academic_year__university_id=university_id,
            kind__in=WINDOW_KINDS,
            start_date__lte=today,
            end_date__gte=today,
        )
        .select_related("term__academic_year")
        .order_by("term__start_date", "start_date")
    )
    windows: dict[int, RegistrationWindow] = {}
    for period in periods:
        windows.setdefault(period.term_id, RegistrationWindow(period.term)).periods.append(period)
    return list(windows.values())


def next_window(*, university_id: int, today=None) -> Period | None:
    """The next registration or add/drop period to open, to say when registration opens again."""
    today = today or timezone.localdate()
    return (
        Period.objects.filter(term__academic_year__university_id=university_id, kind__in=WINDOW_KINDS)
        .filter(start_date__gt=today)
        .select_related("term__academic_year")
        .order_by("start_date")
        .first()
    )


def credit_bounds(*, student, term: Term) -> CreditBounds:
    """The credit limit of `term` for the student's programme, else the term-wide one, else the programme's."""
    limits = list(
        CreditLimit.objects.filter(term=term).filter(Q(programme_id=student.programme_id) | Q(programme__isnull=True))
    )
    limit = next((x for x in limits if x.programme_id), None) or next(iter(limits), None)
    if limit is not None:
        return CreditBounds(limit.min_credits, limit.max_credits)
    programme = student.programme
    return CreditBounds(programme.min_credits_per_semester, programme.max_credits_per_semester)


def registered_credits(registrations) -> int:
    return sum(r.discipline.credits for r in registrations)


def chosen_in_group(statuses: StudentStatuses, group_discipline_ids) -> int:
    """How many disciplines of an elective group the student has passed or is taking."""
    return sum(1 for pk in group_discipline_ids if statuses.of(pk).status in TAKEN)


def already_registered_message(discipline, term) -> str:
    return _("You are already registered for %(discipline)s (%(term)s).") % {"discipline": discipline, "term": term}


def registration_refusal(
    *,
    discipline: Discipline,
    item: CurriculumItem,
    statuses: StudentStatuses,
    group_discipline_ids: list[int],
    credits_registered: int,
    max_credits: int,
    term: Term,
) -> str | None:
    """The first rule of docs/domain.md#registration-and-holds that refuses registering `discipline` in `term`, as a
    message; else None.

    Shared by the service (which enforces it under the student's lock) and the registration tab (which shows the
    reason beside the discipline before the student tries).
    """
    info = statuses.of(discipline.pk)
    if info.status == DisciplineStatus.IN_PROGRESS:
        return already_registered_message(discipline, info.registration.term)
    if info.status == DisciplineStatus.PASSED:
        return _("You have already passed %(discipline)s.") % {"discipline": discipline}
    missing = [p for p in discipline.prerequisites.all() if statuses.of(p.pk).status != DisciplineStatus.PASSED]
    if missing:
        return _("%(discipline)s needs its prerequisites passed first: %(missing)s.") % {
            "discipline": discipline,
            "missing": ", ".join(f"{p} ({statuses.of(p.pk).label.lower()})" for p in missing),
        }
    group = item.elective_group
    if group is not None:
        chosen = chosen_in_group(statuses, group_discipline_ids)
        if chosen >= group.choose:
            return _(
                "The elective group “%(group)s” is complete: it asks you to choose %(choose)s, "
                "and you have chosen %(chosen)s."
            ) % {"group": group.title, "choose": group.choose, "chosen": chosen}
    if credits_registered + discipline.credits > max_credits:
        return _(
            "%(discipline)s (%(credits)s credits) would exceed the maximum of %(max)s credits for %(term)s: "
            "you have %(current)s credits registered."
        ) % {
            "discipline": discipline,
            "credits": discipline.credits,
            "max": max_credits,
            "term": term,
            "current": credits_registered,
        }
    return None


@dataclass
class CreditCounter:
    """docs/domain.md#credits: plan (what the curriculum plans), fact (registered), remainder (missing), maximum."""

    plan: int
    fact: int
    maximum: int
    minimum: int = 0

    @property
    def remainder(self) -> int:
        return max(self.plan - self.fact, 0)

    @property
    def fact_percent(self) -> int:
        return min(round(100 * self.fact / self.maximum), 100) if self.maximum else 0


@dataclass
class RegistrationRow:
    item: CurriculumItem
    status: StatusInfo
    registration: Registration | None  # the registration in this term, if any
    refusal: str | None
    hint: ProgressHint | None

    @property
    def discipline(self) -> Discipline:
        return self.item.discipline

    @property
    def can_add(self) -> bool:
        return self.registration is None and self.refusal is None

    @property
    def can_remove(self) -> bool:
        return self.registration is not None and getattr(self.registration, "final_grade", None) is None


@dataclass
class RegistrationTab:
    term: Term
    semester: int
    current: list[RegistrationRow]
    earlier: list[RegistrationRow]
    later: list[RegistrationRow]
    counter: CreditCounter

    @property
    def rows(self) -> list[RegistrationRow]:
        return self.current + self.earlier + self.later

    @property
    def later_open(self) -> bool:
        """Unfold 'may be taken earlier' when something of it is registered in this term."""
        return any(r.registration is not None for r in self.later)


def registration_tab(
    *,
    student,
    term: Term,
    admission_year: int,
    items: list[CurriculumItem],
    statuses: StudentStatuses,
    progress: DegreeProgress,
    bounds: CreditBounds,
    blocked: bool,
) -> RegistrationTab:
    """The disciplines offered in `term`: its curriculum semester, FAILED/NOT TAKEN ones of earlier semesters,
    and later semesters ('may be taken earlier'); each with the reason it cannot be registered, if any.

    No query: everything comes from what the page has loaded.
    """
    semester = semester_for_term(admission_year=admission_year, term=term)
    in_term = {r.discipline_id: r for r in statuses.registrations_in(term.pk)}
    fact = registered_credits(in_term.values())
    group_members: dict[int, list[int]] = {}
    groups = {}
    for item in items:
        if item.elective_group_id:
            group_members.setdefault(item.elective_group_id, []).append(item.discipline_id)
            groups[item.elective_group_id] = item.elective_group
    complete_groups = {
        pk for pk, group in groups.items() if chosen_in_group(statuses, group_members[pk]) >= group.choose
    }

    current, earlier, later = [], [], []
    for item in items:
        info = statuses.of(item.discipline_id)
        registration = in_term.get(item.discipline_id)
        if item.semester < semester and registration is None:
            # Earlier semesters: only what is still owed (FAILED / NOT TAKEN), not the electives left unchosen
            # in a group that is complete.
            if not info.registrable or item.elective_group_id in complete_groups:
                continue
        refusal = None
        if registration is None and not blocked:
            refusal = registration_refusal(
                discipline=item.discipline,
                item=item,
                statuses=statuses,
                group_discipline_ids=group_members.get(item.elective_group_id, []),
                credits_registered=fact,
                max_credits=bounds.max_credits,
                term=term,
            )
        hint = progress_hint(progress=progress, discipline=item.discipline) if info.registrable else None
        row = RegistrationRow(item, info, registration, refusal, hint)
        if item.semester == semester:
            current.append(row)
        elif item.semester < semester:
            earlier.append(row)
        else:
            later.append(row)
    plan = planned_credits([item for item in items if item.semester == semester])
    counter = CreditCounter(plan=plan, fact=fact, maximum=bounds.max_credits, minimum=bounds.min_credits)
    return RegistrationTab(term, semester, current, earlier, later, counter)


@dataclass
class RegistrationPage:
    windows: list[RegistrationWindow]
    window: RegistrationWindow | None  # the chosen term's
    holds: list
    curriculum: object | None = None
    tab: RegistrationTab | None = None
    progress: DegreeProgress | None = None
    upcoming: Period | None = None  # when nothing is open: the next period to open

    @property
    def blocked(self) -> bool:
        return bool(self.holds)


def _default_window(windows: list[RegistrationWindow]) -> RegistrationWindow | None:
    """The term registered for next (a registration period) before a term in add/drop."""
    for window in windows:
        if any(p.kind == Period.Kind.REGISTRATION for p in window.periods):
            return window
    return windows[0] if windows else None


def registration_page(*, student, term_id=None, today=None) -> RegistrationPage:
    """The Registration tab for the chosen term (else the first open one), in a fixed number of queries:
    windows, holds, curriculum, items (+1 prefetch), statuses, credit limit (or the next window when closed).
    """
    today = today or timezone.localdate()
    university_id = student_university_id(student)
    windows = open_windows(university_id=university_id, today=today)
    window = next((w for w in windows if str(w.term.pk) == str(term_id)), None) or _default_window(windows)
    holds = list(active_holds(student=student, blocking="registration"))
    page = RegistrationPage(windows=windows, window=window, holds=holds)
    if window is None:
        page.upcoming = next_window(university_id=university_id, today=today)
        return page
    page.curriculum = student_curriculum(student=student, today=today)
    if page.curriculum is None:
        return page
    items = curriculum_items(curriculum=page.curriculum, postrequisites=False)
    statuses = discipline_statuses(student=student)
    page.progress = degree_progress(items=items, statuses=statuses)
    page.tab = registration_tab(
        student=student,
        term=window.term,
        admission_year=student_admission_year(student, today=today),
        items=items,
        statuses=statuses,
        progress=page.progress,
        bounds=credit_bounds(student=student, term=window.term),
        blocked=page.blocked,
    )
    return page

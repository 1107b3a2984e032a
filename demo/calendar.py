"""Demo calendar: Kazakhstan's public holidays and the periods of the current academic year.

`seed_calendar(today=...)` is idempotent: holidays are created once per date, periods once per term and kind, and
the two windows the demo needs open (registration for the next term, add/drop of the current one) are moved so
they contain `today`. It creates no academic years or terms: those, with their dates, come from the university
step of `seed_demo` (demo.university.term_dates).
"""

import datetime

from django.db import transaction

from academic_calendar.models import Holiday, Period
from university.models import Term, University, academic_year_start

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)

# docs/domain.md#academic-calendar: public holidays of Kazakhstan (month, day, kk, ru, en).
FIXED_HOLIDAYS = (
    (1, 1, "Жаңа жыл", "Новый год", "New Year"),
    (1, 2, "Жаңа жыл", "Новый год", "New Year"),
    (1, 7, "Православиелік Рождество", "Православное Рождество", "Orthodox Christmas"),
    (3, 8, "Халықаралық әйелдер күні", "Международный женский день", "International Women's Day"),
    (3, 21, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz"),
    (3, 22, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz"),
    (3, 23, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz"),
    (5, 1, "Қазақстан халқының бірлігі мерекесі", "Праздник единства народа Казахстана", "Unity Day"),
    (5, 7, "Отан қорғаушы күні", "День защитника Отечества", "Defender of the Fatherland Day"),
    (5, 9, "Жеңіс күні", "День Победы", "Victory Day"),
    (7, 6, "Астана күні", "День Столицы", "Capital Day"),
    (8, 30, "Конституция күні", "День Конституции", "Constitution Day"),
    (10, 25, "Республика күні", "День Республики", "Republic Day"),
    (12, 16, "Тәуелсіздік күні", "День Независимости", "Independence Day"),
)
KURBAN_AIT = {
    2025: datetime.date(2025, 6, 6),
    2026: datetime.date(2026, 5, 27),
    2027: datetime.date(2027, 5, 16),
}
KURBAN_AIT_NAMES = ("Құрбан айт", "Курбан айт", "Kurban Ait")
# Religious holidays do not move when they fall on a weekend (docs/domain.md#academic-calendar).
NOT_MOVED = {(1, 7)}


def kazakhstan_holidays(year: int) -> list[tuple[datetime.date, str, str, str]]:
    """The year's holidays and the working days given in their place (a holiday on a weekend moves to the next
    working day that is not a holiday already), except 7 January and Kurban Ait, which do not move."""
    days = [(datetime.date(year, m, d), kk, ru, en, (m, d) in NOT_MOVED) for m, d, kk, ru, en in FIXED_HOLIDAYS]
    if year in KURBAN_AIT:
        days.append((KURBAN_AIT[year], *KURBAN_AIT_NAMES, True))
    days.sort(key=lambda row: row[0])
    taken = {row[0] for row in days}
    result = [(date, kk, ru, en) for date, kk, ru, en, _fixed in days]
    for date, kk, ru, en, fixed in days:
        if fixed or date.weekday() < 5:
            continue
        moved = date + DAY
        while moved.weekday() >= 5 or moved in taken:
            moved += DAY
        taken.add(moved)
        result.append((moved, f"Демалыс күні ({kk})", f"Выходной день (перенос: {ru})", f"Day off in place of {en}"))
    return sorted(result, key=lambda row: row[0])


def seed_holidays(*, university: University, years) -> int:
    created = 0
    for year in years:
        for date, kk, ru, en in kazakhstan_holidays(year):
            _holiday, was_created = Holiday.objects.get_or_create(
                university=university, date=date, defaults={"name_kk": kk, "name_ru": ru, "name_en": en}
            )
            created += was_created
    return created


def _term_periods(term: Term, next_start: datetime.date | None) -> list[tuple[str, datetime.date, datetime.date]]:
    """docs/domain.md#academic-calendar: registration before the term, add/drop its first week, 15 study weeks with
    midterms in weeks 7–8 and 15, an exam session of up to 3 weeks, a retake week, then holidays until the next term."""
    start, end = term.start_date, term.end_date
    if term.kind == Term.Kind.SUMMER:
        study_end = min(start + 5 * WEEK - DAY, end)
        return [
            (Period.Kind.REGISTRATION, start - 3 * WEEK, start - 2 * WEEK),
            (Period.Kind.STUDY, start, study_end),
            (Period.Kind.EXAM_SESSION, study_end + DAY, end),
        ]
    study_end = min(start + 15 * WEEK - DAY, end)
    exams_end = min(study_end + 3 * WEEK, end)
    rows = [
        (Period.Kind.REGISTRATION, start - 14 * WEEK, start - 12 * WEEK),
        (Period.Kind.STREAM_SELECTION, start - 2 * WEEK, start - WEEK - DAY),
        (Period.Kind.ADD_DROP, start, start + WEEK - DAY),
        (Period.Kind.STUDY, start, study_end),
        (Period.Kind.MIDTERM, start + 6 * WEEK, start + 8 * WEEK - DAY),
        (Period.Kind.MIDTERM, start + 14 * WEEK, start + 15 * WEEK - DAY),
    ]
    if exams_end > study_end:
        rows.append((Period.Kind.EXAM_SESSION, study_end + DAY, exams_end))
    retake_end = exams_end + WEEK
    rows.append((Period.Kind.RETAKE, exams_end + DAY, retake_end))
    if next_start and next_start - DAY > retake_end:
        rows.append((Period.Kind.HOLIDAYS, retake_end + DAY, next_start - DAY))
    return rows


@transaction.atomic
def seed_calendar(*, today: datetime.date, university: University | None = None) -> dict:
    """Holidays of this and next year, the periods of the current academic year's terms (a term that has periods
    already is left as the registrar set it), and the two windows the demo needs open today: registration for the
    next autumn or spring term, and add/drop of the current term. Only the university's existing terms are used:
    without a current term (or a next one) there is no window to open."""
    university = university or University.objects.order_by("pk").first()
    if university is None:
        return {"holidays": 0, "periods": 0}
    holidays = seed_holidays(university=university, years=(today.year, today.year + 1))
    year = academic_year_start(today)
    terms = list(Term.objects.filter(academic_year__university=university).select_related("academic_year"))
    current = Term.objects.filter(academic_year__university=university).current(on=today)
    next_term = next(
        (t for t in terms if current and t.start_date > current.start_date and t.kind != Term.Kind.SUMMER), None
    )

    created = 0
    for index, term in enumerate(terms):
        if term.academic_year.start_date.year != year and term != next_term:
            continue
        if Period.objects.filter(term=term).exists():
            continue
        next_start = terms[index + 1].start_date if index + 1 < len(terms) else None
        Period.objects.bulk_create(
            Period(term=term, kind=kind, start_date=start, end_date=end)
            for kind, start, end in _term_periods(term, next_start)
        )
        created += len(_term_periods(term, next_start))

    if next_term is not None:
        _open_window(next_term, Period.Kind.REGISTRATION, today=today, start=today - WEEK, end=today + 2 * WEEK)
    if current is not None:
        _open_window(current, Period.Kind.ADD_DROP, today=today, start=today - 2 * DAY, end=today + 5 * DAY)
    return {"holidays": holidays, "periods": created}


def _open_window(term: Term, kind: str, *, today: datetime.date, start: datetime.date, end: datetime.date) -> None:
    """Make the term's period of this kind contain today (the demo must always have an open window)."""
    period = Period.objects.filter(term=term, kind=kind).order_by("-start_date").first()
    if period is None:
        Period.objects.create(term=term, kind=kind, start_date=start, end_date=end)
    elif not period.contains(today):
        period.start_date, period.end_date = start, end
        period.save(update_fields=["start_date", "end_date", "updated_at"])

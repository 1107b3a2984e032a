"""The demo university: faculties, departments, three bachelor programmes, academic years and terms."""

import datetime

from django.db.models import Q

from university.models import AcademicYear, Department, Faculty, Programme, Term, University

from .base import DemoContext, upsert

UNIVERSITY = {
    "short_name": "DEMO",
    "name_kk": "Демо университеті",
    "name_ru": "Демо-университет",
    "name_en": "Demo University",
}

# code: (kk, ru, en)
FACULTIES = {
    "FITM": (
        "Ақпараттық технологиялар және математика факультеті",
        "Факультет информационных технологий и математики",
        "Faculty of Information Technology and Mathematics",
    ),
    "FEH": (
        "Экономика және гуманитарлық ғылымдар факультеті",
        "Факультет экономики и гуманитарных наук",
        "Faculty of Economics and Humanities",
    ),
}

# code: (faculty, kk, ru, en)
DEPARTMENTS = {
    "IS": (
        "FITM",
        "Ақпараттық жүйелер кафедрасы",
        "Кафедра информационных систем",
        "Department of Information Systems",
    ),
    "MATH": (
        "FITM",
        "Математика және оны оқыту әдістемесі кафедрасы",
        "Кафедра математики и методики её преподавания",
        "Department of Mathematics and Teaching Methods",
    ),
    "ECON": (
        "FEH",
        "Экономика және менеджмент кафедрасы",
        "Кафедра экономики и менеджмента",
        "Department of Economics and Management",
    ),
    "SOC": (
        "FEH",
        "Қазақстан тарихы және әлеуметтік-гуманитарлық пәндер кафедрасы",
        "Кафедра истории Казахстана и социально-гуманитарных дисциплин",
        "Department of History of Kazakhstan and Social Sciences",
    ),
    "LANG": ("FEH", "Тілдер кафедрасы", "Кафедра языков", "Department of Languages"),
    "PE": ("FEH", "Дене шынықтыру кафедрасы", "Кафедра физической культуры", "Department of Physical Education"),
}

# code: (department, abbreviation in group names, kk, ru, en)
PROGRAMMES = {
    "6B06101": ("IS", "ИС", "Ақпараттық жүйелер", "Информационные системы", "Information systems"),
    "6B04101": ("ECON", "ЭК", "Экономика", "Экономика", "Economics"),
    "6B01501": (
        "MATH",
        "МАТ",
        "Математика мұғалімдерін даярлау",
        "Подготовка учителей математики",
        "Mathematics teacher training",
    ),
}

YEARS_BACK = 4  # academic years kept before the current one


def term_dates(start_year: int) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Autumn 1 Sep – 31 Dec; spring from the Monday of mid-January to 31 May; summer June – July."""
    spring = datetime.date(start_year + 1, 1, 12)
    spring += datetime.timedelta(days=-spring.weekday() % 7)  # the Monday on or after 12 January
    return {
        Term.Kind.AUTUMN: (datetime.date(start_year, 9, 1), datetime.date(start_year, 12, 31)),
        Term.Kind.SPRING: (spring, datetime.date(start_year + 1, 5, 31)),
        Term.Kind.SUMMER: (datetime.date(start_year + 1, 6, 1), datetime.date(start_year + 1, 7, 31)),
    }


def seed_university(ctx: DemoContext) -> None:
    (university,) = upsert(
        University, [UNIVERSITY], key=("short_name",), scope=Q(short_name=UNIVERSITY["short_name"])
    ).values()
    ctx.university = university
    faculties = upsert(
        Faculty,
        (
            {"university_id": university.pk, "code": code, "name_kk": kk, "name_ru": ru, "name_en": en}
            for code, (kk, ru, en) in FACULTIES.items()
        ),
        key=("code",),
        scope=Q(university=university),
    )
    ctx.faculties = {code: faculty for (code,), faculty in faculties.items()}
    departments = upsert(
        Department,
        (
            {"faculty_id": ctx.faculties[fac].pk, "code": code, "name_kk": kk, "name_ru": ru, "name_en": en}
            for code, (fac, kk, ru, en) in DEPARTMENTS.items()
        ),
        key=("faculty_id", "code"),
        scope=Q(faculty__university=university),
    )
    ctx.departments = {code: dept for (_, code), dept in departments.items()}
    programmes = upsert(
        Programme,
        (
            {
                "code": code,
                "department_id": ctx.departments[dept].pk,
                "name_kk": kk,
                "name_ru": ru,
                "name_en": en,
                "degree": Programme.Degree.BACHELOR,
                "semesters": 8,
                "total_credits": 240,
            }
            for code, (dept, _abbr, kk, ru, en) in PROGRAMMES.items()
        ),
        key=("code",),
        scope=Q(code__in=list(PROGRAMMES)),
    )
    ctx.programmes = {code: programme for (code,), programme in programmes.items()}

    # and the next one, whose first term the registrar opens registration for in spring
    start_years = range(ctx.year - YEARS_BACK, ctx.year + 2)
    years = upsert(
        AcademicYear,
        (
            {
                "university_id": university.pk,
                "start_date": datetime.date(y, 9, 1),
                "end_date": datetime.date(y + 1, 8, 31),
            }
            for y in start_years
        ),
        key=("start_date",),
        scope=Q(university=university),
    )
    ctx.academic_years = {start.year: year for (start,), year in years.items()}
    terms = upsert(
        Term,
        (
            {"academic_year_id": ctx.academic_years[y].pk, "kind": kind, "start_date": start, "end_date": end}
            for y in start_years
            for kind, (start, end) in term_dates(y).items()
        ),
        key=("academic_year_id", "kind"),
        scope=Q(academic_year__university=university),
    )
    year_of = {year.pk: start for start, year in ctx.academic_years.items()}
    ctx.terms = {(year_of[year_id], kind): term for (year_id, kind), term in terms.items() if year_id in year_of}
    ctx.log(
        f"University {university.short_name}: {len(ctx.faculties)} faculties, {len(ctx.departments)} departments, "
        f"{len(ctx.programmes)} programmes, academic years {start_years[0]}–{start_years[-1] + 1}."
    )

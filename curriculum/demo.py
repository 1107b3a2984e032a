"""Demo study plans: curricula for the programmes that have groups, and plausible histories for active students.

- `seed_curricula()` builds, for every programme with groups, the disciplines and one curriculum per admission
  year of its groups (skipped where one exists): general education shared by all programmes, basic and profile
  disciplines of the programme, prerequisites and elective groups.
- `seed_study_history(today=...)` gives every active student without registrations the grading scale of their
  university, registrations with final grades for all past semesters (deterministic per student: mostly
  passing, a few FX/F, some failures retaken), registrations without grades in the current term (IN PROGRESS),
  and nothing for the next term, so the student can register there. Bulk inserts: hundreds of students in seconds.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from academic_calendar.demo import academic_year_start, ensure_terms
from people.models import StudentRecord
from university.models import Programme, Term, University

from .models import Curriculum, CurriculumItem, Discipline, ElectiveGroup, FinalGrade, GradeBand, Registration
from .selectors.plan import semester_for_term, student_admission_year
from .services.grading import band_for, final_percent, grade_scale_install_default

G, B, P = Discipline.Cycle.GENERAL, Discipline.Cycle.BASIC, Discipline.Cycle.PROFILE
M, U, E = Discipline.Component.MANDATORY, Discipline.Component.UNIVERSITY, Discipline.Component.ELECTIVE

# General education, shared by all programmes: (code, semester, credits, cycle, component, kk, ru, en, prereqs)
GENERAL = (
    (
        "HIST1101",
        1,
        5,
        G,
        M,
        "Қазақстанның қазіргі заманғы тарихы",
        "Современная история Казахстана",
        "Modern history of Kazakhstan",
        (),
    ),
    ("FL1102", 1, 5, G, M, "Шетел тілі 1", "Иностранный язык 1", "Foreign language 1", ()),
    ("KRL1103", 1, 5, G, M, "Қазақ (орыс) тілі 1", "Казахский (русский) язык 1", "Kazakh (Russian) language 1", ()),
    (
        "ICT1104",
        1,
        5,
        G,
        M,
        "Ақпараттық-коммуникациялық технологиялар",
        "Информационно-коммуникационные технологии",
        "Information and communication technologies",
        (),
    ),
    ("PE1105", 1, 2, G, M, "Дене шынықтыру 1", "Физическая культура 1", "Physical education 1", ()),
    ("FL1201", 2, 5, G, M, "Шетел тілі 2", "Иностранный язык 2", "Foreign language 2", ("FL1102",)),
    (
        "KRL1202",
        2,
        5,
        G,
        M,
        "Қазақ (орыс) тілі 2",
        "Казахский (русский) язык 2",
        "Kazakh (Russian) language 2",
        ("KRL1103",),
    ),
    ("PHIL1203", 2, 5, G, M, "Философия", "Философия", "Philosophy", ()),
    ("PE1204", 2, 2, G, M, "Дене шынықтыру 2", "Физическая культура 2", "Physical education 2", ("PE1105",)),
    (
        "SPM2101",
        3,
        5,
        G,
        M,
        "Әлеуметтік-саяси білім модулі (әлеуметтану, саясаттану)",
        "Модуль социально-политических знаний (социология, политология)",
        "Socio-political knowledge: sociology and political science",
        (),
    ),
    ("PE2102", 3, 2, G, M, "Дене шынықтыру 3", "Физическая культура 3", "Physical education 3", ("PE1204",)),
    (
        "ECOL2103",
        3,
        5,
        G,
        U,
        "Экология және тіршілік қауіпсіздігі",
        "Экология и безопасность жизнедеятельности",
        "Ecology and life safety",
        (),
    ),
    (
        "SPM2201",
        4,
        5,
        G,
        M,
        "Әлеуметтік-саяси білім модулі (мәдениеттану, психология)",
        "Модуль социально-политических знаний (культурология, психология)",
        "Socio-political knowledge: cultural studies and psychology",
        (),
    ),
    ("PE2202", 4, 2, G, M, "Дене шынықтыру 4", "Физическая культура 4", "Physical education 4", ("PE2102",)),
    (
        "ECON2203",
        4,
        5,
        G,
        U,
        "Экономика және кәсіпкерлік негіздері",
        "Основы экономики и предпринимательства",
        "Fundamentals of economics and entrepreneurship",
        (),
    ),
)
NOT_IN_GPA = {"PE1105", "PE1204", "PE2102", "PE2202"}

# Programme disciplines of an ICT programme: (key, semester, credits, cycle, component, kk, ru, en, prereq keys,
# elective group key). Codes are made unique per programme from the key.
ICT = (
    ("DM", 1, 5, B, U, "Дискретті математика", "Дискретная математика", "Discrete mathematics", (), ""),
    (
        "APF",
        1,
        5,
        B,
        M,
        "Алгоритмдеу және бағдарламалау негіздері",
        "Основы алгоритмизации и программирования",
        "Algorithms and programming fundamentals",
        (),
        "",
    ),
    (
        "LA",
        2,
        5,
        B,
        M,
        "Сызықтық алгебра және аналитикалық геометрия",
        "Линейная алгебра и аналитическая геометрия",
        "Linear algebra and analytic geometry",
        (),
        "",
    ),
    (
        "OOP",
        2,
        5,
        B,
        M,
        "Объектіге бағытталған бағдарламалау",
        "Объектно-ориентированное программирование",
        "Object-oriented programming",
        ("APF",),
        "",
    ),
    ("CA", 2, 5, B, U, "Компьютер архитектурасы", "Архитектура компьютера", "Computer architecture", (), ""),
    (
        "DSA",
        3,
        5,
        B,
        M,
        "Деректер құрылымдары және алгоритмдер",
        "Структуры данных и алгоритмы",
        "Data structures and algorithms",
        ("OOP",),
        "",
    ),
    ("DB", 3, 5, B, M, "Дерекқорлар", "Базы данных", "Databases", ("APF",), ""),
    (
        "PS",
        3,
        5,
        B,
        U,
        "Ықтималдықтар теориясы және статистика",
        "Теория вероятностей и статистика",
        "Probability and statistics",
        ("LA",),
        "",
    ),
    ("OS", 3, 5, B, M, "Операциялық жүйелер", "Операционные системы", "Operating systems", ("CA",), ""),
    ("NET", 4, 5, B, M, "Компьютерлік желілер", "Компьютерные сети", "Computer networks", ("OS",), ""),
    (
        "SE",
        4,
        5,
        B,
        M,
        "Бағдарламалық жасақтама инженериясы",
        "Программная инженерия",
        "Software engineering",
        ("OOP",),
        "",
    ),
    ("WEB", 4, 5, B, U, "Веб-технологиялар", "Веб-технологии", "Web technologies", ("DB",), ""),
    ("NM", 4, 5, B, E, "Сандық әдістер", "Численные методы", "Numerical methods", ("LA",), "BE1"),
    ("TOC", 4, 5, B, E, "Есептеулер теориясы", "Теория вычислений", "Theory of computation", ("DM",), "BE1"),
    ("SEC", 5, 5, P, M, "Ақпараттық қауіпсіздік", "Информационная безопасность", "Information security", ("NET",), ""),
    ("ML", 5, 5, P, M, "Машиналық оқыту", "Машинное обучение", "Machine learning", ("PS",), ""),
    ("DS", 5, 5, P, M, "Таратылған жүйелер", "Распределённые системы", "Distributed systems", ("NET",), ""),
    ("EPR", 5, 5, P, U, "Оқу практикасы", "Учебная практика", "Educational practice", (), ""),
    ("MOB", 5, 5, P, E, "Мобильді әзірлеу", "Мобильная разработка", "Mobile development", ("OOP",), "PE1"),
    ("CLD", 5, 5, P, E, "Бұлтты есептеулер", "Облачные вычисления", "Cloud computing", ("NET",), "PE1"),
    ("CG", 5, 5, P, E, "Компьютерлік графика", "Компьютерная графика", "Computer graphics", ("LA",), "PE1"),
    (
        "TST",
        5,
        5,
        P,
        M,
        "Бағдарламалық жасақтаманы тестілеу",
        "Тестирование программного обеспечения",
        "Software testing",
        ("SE",),
        "",
    ),
    ("DP", 6, 5, P, M, "Жобалау үлгілері", "Паттерны проектирования", "Design patterns", ("SE",), ""),
    ("DEV", 6, 5, P, M, "DevOps тәжірибелері", "Практики DevOps", "DevOps practices", ("OS",), ""),
    ("DE", 6, 5, P, M, "Деректер инженериясы", "Инженерия данных", "Data engineering", ("DB",), ""),
    ("IPR", 6, 5, P, U, "Өндірістік практика", "Производственная практика", "Industrial practice", (), ""),
    (
        "NLP",
        6,
        5,
        P,
        E,
        "Табиғи тілді өңдеу",
        "Обработка естественного языка",
        "Natural language processing",
        ("ML",),
        "PE2",
    ),
    ("CV", 6, 5, P, E, "Компьютерлік көру", "Компьютерное зрение", "Computer vision", ("ML",), "PE2"),
    ("IOT", 6, 5, P, E, "Заттар интернеті", "Интернет вещей", "Internet of things", ("NET",), "PE2"),
    ("PM", 7, 5, P, M, "IT-жобаларды басқару", "Управление IT-проектами", "IT project management", ("SE",), ""),
    ("RS", 7, 5, P, U, "Ғылыми семинар", "Научный семинар", "Research seminar", (), ""),
    ("BDA", 7, 5, P, E, "Үлкен деректерді талдау", "Анализ больших данных", "Big data analytics", ("DE",), "PE3"),
    ("BC", 7, 5, P, E, "Блокчейн технологиялары", "Технологии блокчейн", "Blockchain technologies", ("SEC",), "PE3"),
    ("HLS", 7, 5, P, E, "Жоғары жүктемелі жүйелер", "Высоконагруженные системы", "High-load systems", ("DS",), "PE3"),
    ("AI", 7, 5, P, M, "Жасанды интеллект", "Искусственный интеллект", "Artificial intelligence", ("ML",), ""),
    ("ITL", 7, 5, P, U, "IT құқығы және этика", "IT-право и этика", "IT law and ethics", (), ""),
    ("PDP", 8, 10, P, U, "Диплом алдындағы практика", "Преддипломная практика", "Pre-diploma practice", (), ""),
    (
        "THS",
        8,
        12,
        P,
        M,
        "Дипломдық жұмысты жазу және қорғау",
        "Написание и защита дипломной работы",
        "Writing and defending the thesis",
        ("RS",),
        "",
    ),
)
# Other programmes: the same shape with the discipline names of any field of study.
GENERIC = (
    ("ISP", 1, 5, B, M, "Мамандыққа кіріспе", "Введение в специальность", "Introduction to the speciality", (), ""),
    ("AW", 1, 5, B, U, "Академиялық жазылым", "Академическое письмо", "Academic writing", (), ""),
    ("TF1", 2, 5, B, M, "Саланың теориясы 1", "Теория отрасли 1", "Theory of the field 1", ("ISP",), ""),
    ("QM", 2, 5, B, M, "Сандық әдістер", "Количественные методы", "Quantitative methods", (), ""),
    (
        "DTP",
        2,
        5,
        B,
        U,
        "Кәсіптің цифрлық құралдары",
        "Цифровые инструменты профессии",
        "Digital tools of the profession",
        (),
        "",
    ),
    ("TF2", 3, 5, B, M, "Саланың теориясы 2", "Теория отрасли 2", "Theory of the field 2", ("TF1",), ""),
    ("RM", 3, 5, B, M, "Зерттеу әдістері", "Методы исследования", "Research methods", ("QM",), ""),
    (
        "PFL",
        3,
        5,
        B,
        U,
        "Кәсіби шетел тілі",
        "Профессиональный иностранный язык",
        "Professional foreign language",
        ("FL1201",),
        "",
    ),
    ("HF", 3, 5, B, M, "Сала тарихы", "История отрасли", "History of the field", (), ""),
    ("PE", 4, 5, B, M, "Кәсіби этика", "Профессиональная этика", "Professional ethics", (), ""),
    (
        "LAW",
        4,
        5,
        B,
        M,
        "Саладағы құқықтық реттеу",
        "Правовое регулирование в отрасли",
        "Law and regulation of the field",
        (),
        "",
    ),
    ("SA", 4, 5, B, U, "Статистикалық талдау", "Статистический анализ", "Statistical analysis", ("QM",), ""),
    ("CS1", 4, 5, B, E, "Кейс-стади 1", "Кейс-стади 1", "Case studies 1", ("TF1",), "BE1"),
    ("CMP", 4, 5, B, E, "Салыстырмалы талдау", "Сравнительный анализ", "Comparative analysis", ("TF1",), "BE1"),
    ("SP1", 5, 5, P, M, "Мамандану 1", "Специализация 1", "Specialisation 1", ("TF2",), ""),
    ("SP2", 5, 5, P, M, "Мамандану 2", "Специализация 2", "Specialisation 2", ("TF2",), ""),
    ("PRJ", 5, 5, P, M, "Жоба жұмысы", "Проектная работа", "Project work", ("RM",), ""),
    ("EPR", 5, 5, P, U, "Оқу практикасы", "Учебная практика", "Educational practice", (), ""),
    ("AT1", 5, 5, P, E, "Қосымша тақырыптар 1", "Дополнительные темы 1", "Advanced topics 1", ("TF2",), "PE1"),
    ("AT2", 5, 5, P, E, "Қосымша тақырыптар 2", "Дополнительные темы 2", "Advanced topics 2", ("TF2",), "PE1"),
    ("MET", 5, 5, P, M, "Саланың әдіснамасы", "Методология отрасли", "Methodology of the field", ("RM",), ""),
    ("SP3", 6, 5, P, M, "Мамандану 3", "Специализация 3", "Specialisation 3", ("SP1",), ""),
    ("INN", 6, 5, P, M, "Саладағы инновациялар", "Инновации в отрасли", "Innovation in the field", (), ""),
    ("DA", 6, 5, P, M, "Деректерді талдау", "Анализ данных", "Data analysis", ("SA",), ""),
    ("IPR", 6, 5, P, U, "Өндірістік практика", "Производственная практика", "Industrial practice", (), ""),
    ("IS1", 6, 5, P, E, "Пәнаралық семинар", "Междисциплинарный семинар", "Interdisciplinary seminar", (), "PE2"),
    ("GP", 6, 5, P, E, "Жаһандық перспективалар", "Глобальные перспективы", "Global perspectives", (), "PE2"),
    ("CS2", 6, 5, P, E, "Кейс-стади 2", "Кейс-стади 2", "Case studies 2", ("SP1",), "PE2"),
    ("PM", 7, 5, P, M, "Жобаларды басқару", "Управление проектами", "Project management", (), ""),
    ("RS", 7, 5, P, U, "Ғылыми семинар", "Научный семинар", "Research seminar", ("RM",), ""),
    ("LD", 7, 5, P, E, "Көшбасшылық", "Лидерство", "Leadership", (), "PE3"),
    (
        "ENT",
        7,
        5,
        P,
        E,
        "Салалық кәсіпкерлік",
        "Отраслевое предпринимательство",
        "Entrepreneurship in the field",
        (),
        "PE3",
    ),
    ("SP4", 7, 5, P, E, "Мамандану 4", "Специализация 4", "Specialisation 4", ("SP3",), "PE3"),
    ("CAP", 7, 5, P, M, "Кешенді жоба", "Комплексный проект", "Capstone project", ("PRJ",), ""),
    ("PLW", 7, 5, P, U, "Кәсіби құқық", "Профессиональное право", "Professional law", (), ""),
    ("PDP", 8, 10, P, U, "Диплом алдындағы практика", "Преддипломная практика", "Pre-diploma practice", (), ""),
    (
        "THS",
        8,
        12,
        P,
        M,
        "Дипломдық жұмысты жазу және қорғау",
        "Написание и защита дипломной работы",
        "Writing and defending the thesis",
        ("RS",),
        "",
    ),
)
ELECTIVE_GROUPS = {
    "BE1": ("Basic disciplines: elective 1", 1),
    "PE1": ("Profile disciplines: elective 1", 1),
    "PE2": ("Profile disciplines: elective 2", 2),
    "PE3": ("Profile disciplines: elective 3", 2),
}


def _catalogue(programme: Programme):
    return ICT if programme.code.upper().startswith("6B061") else GENERIC


def _code(programme: Programme, key: str, semester: int) -> str:
    return f"{key}{programme.pk:03d}{semester}"


def _ensure_disciplines(programme: Programme) -> dict[str, Discipline]:
    """The general education disciplines and this programme's own, by catalogue key (general ones by code)."""
    wanted = {
        code: (semester, credits, cycle, component, kk, ru, en)
        for code, semester, credits, cycle, component, kk, ru, en, _pre in GENERAL
    }
    own = {}
    for key, semester, credits, cycle, component, kk, ru, en, _pre, _group in _catalogue(programme):
        code = _code(programme, key, semester)
        own[key] = code
        wanted[code] = (semester, credits, cycle, component, kk, ru, en)
    existing = {d.code: d for d in Discipline.objects.filter(code__in=wanted)}
    Discipline.objects.bulk_create(
        Discipline(
            code=code,
            credits=credits,
            cycle=cycle,
            component=component,
            name_kk=kk,
            name_ru=ru,
            name_en=en,
            languages="kk,ru,en",
            department=programme.department,
            counts_in_gpa=code not in NOT_IN_GPA,
        )
        for code, (semester, credits, cycle, component, kk, ru, en) in wanted.items()
        if code not in existing
    )
    by_code = {d.code: d for d in Discipline.objects.filter(code__in=wanted)}
    if len(existing) < len(wanted):
        edges = []
        for code, _s, _c, _cy, _co, _kk, _ru, _en, pre in GENERAL:
            edges += [(by_code[code].pk, by_code[p].pk) for p in pre]
        for key, _s, _c, _cy, _co, _kk, _ru, _en, pre, _g in _catalogue(programme):
            for p in pre:
                target = own.get(p, p)
                if target in by_code:
                    edges.append((by_code[own[key]].pk, by_code[target].pk))
        through = Discipline.prerequisites.through
        through.objects.bulk_create(
            [through(from_discipline_id=a, to_discipline_id=b) for a, b in edges], ignore_conflicts=True
        )
    keyed = {key: by_code[code] for key, code in own.items()}
    keyed.update({code: by_code[code] for code, *_rest in GENERAL})
    return keyed


def _build_curriculum(programme: Programme, year: int, disciplines: dict[str, Discipline]) -> Curriculum:
    curriculum = Curriculum.objects.create(programme=programme, admission_year=year)
    groups = {
        key: ElectiveGroup.objects.create(curriculum=curriculum, title=title, choose=choose)
        for key, (title, choose) in ELECTIVE_GROUPS.items()
    }
    items = [
        CurriculumItem(curriculum=curriculum, discipline=disciplines[code], semester=semester)
        for code, semester, *_rest in GENERAL
    ]
    items += [
        CurriculumItem(
            curriculum=curriculum,
            discipline=disciplines[key],
            semester=semester,
            elective_group=groups[group] if group else None,
        )
        for key, semester, _c, _cy, _co, _kk, _ru, _en, _pre, group in _catalogue(programme)
    ]
    CurriculumItem.objects.bulk_create(items)
    return curriculum


@transaction.atomic
def seed_curricula(*, today: datetime.date | None = None) -> int:
    """A curriculum for each admission year of each programme's groups (and of students without a group)."""
    today = today or timezone.localdate()
    years: dict[int, set[int]] = defaultdict(set)
    for student in StudentRecord.objects.select_related("group"):
        years[student.programme_id].add(student_admission_year(student, today=today))
    created = 0
    for programme in Programme.objects.filter(pk__in=years).select_related("department"):
        existing = set(Curriculum.objects.filter(programme=programme).values_list("admission_year", flat=True))
        missing = sorted(years[programme.pk] - existing)
        if not missing:
            continue
        disciplines = _ensure_disciplines(programme)
        for year in missing:
            _build_curriculum(programme, year, disciplines)
            created += 1
    return created


def _draw_grade(rng: random.Random) -> tuple[Decimal | None, Decimal | None, Decimal]:
    """(admission rating, exam, final %): mostly passing; about 4% F and 6% FX (a failed exam is the final)."""
    roll = rng.random()
    rating = Decimal(rng.randint(50, 95))
    if roll < 0.04:
        exam = Decimal(rng.randint(5, 24))
        return rating, exam, exam
    if roll < 0.10:
        exam = Decimal(rng.randint(25, 49))
        return rating, exam, exam
    rating = Decimal(round(rng.triangular(55, 100, 85)))
    exam = Decimal(round(rng.triangular(50, 100, 80)))
    return rating, exam, final_percent(admission_rating=rating, exam=exam)


def _graded_at(term: Term) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(term.end_date, datetime.time(12, 0)))


@transaction.atomic
def seed_study_history(*, today: datetime.date) -> dict:
    """Histories for active students who have no registrations yet (see the module docstring)."""
    seed_curricula(today=today)
    bands: dict[int, list[GradeBand]] = {}
    for university in University.objects.all():
        grade_scale_install_default(university=university)
        bands[university.pk] = list(GradeBand.objects.filter(university=university))

    students = list(
        StudentRecord.objects.filter(status=StudentRecord.Status.ACTIVE)
        .filter(~Exists(Registration.objects.filter(student=OuterRef("pk"))))
        .select_related("group", "programme__department__faculty")
        .order_by("pk")
    )
    if not students:
        return {"students": 0, "registrations": 0, "grades": 0}

    curricula: dict[tuple[int, int], list[CurriculumItem]] = {}
    for curriculum in Curriculum.objects.all():
        curricula[(curriculum.programme_id, curriculum.admission_year)] = []
    items = CurriculumItem.objects.select_related("curriculum", "discipline", "elective_group").prefetch_related(
        "discipline__prerequisites"
    )
    for item in items:
        curricula[(item.curriculum.programme_id, item.curriculum.admission_year)].append(item)

    terms_by_university: dict[int, list[Term]] = {}
    current_by_university: dict[int, Term | None] = {}
    first_year = min(student_admission_year(s, today=today) for s in students)
    university_ids = {s.programme.department.faculty.university_id for s in students}
    for university in University.objects.filter(pk__in=university_ids):
        ensure_terms(university=university, first_year=first_year, last_year=academic_year_start(today))
        terms = list(
            Term.objects.filter(academic_year__university=university)
            .exclude(kind=Term.Kind.SUMMER)
            .select_related("academic_year")
            .order_by("start_date")
        )
        terms_by_university[university.pk] = terms
        current_by_university[university.pk] = Term.objects.filter(academic_year__university=university).current(
            on=today
        )

    registrations: list[Registration] = []
    grades: list[tuple[int, tuple]] = []  # (index in registrations, grade values)
    for student in students:
        university_id = student.programme.department.faculty.university_id
        year = student_admission_year(student, today=today)
        plan = _curriculum_items(curricula, student.programme_id, year)
        current = current_by_university[university_id]
        if not plan or current is None:
            continue
        rng = random.Random(f"history:{student.student_number}")
        passed: set[int] = set()
        retakes: list[CurriculumItem] = []
        for term in terms_by_university[university_id]:
            if term.start_date > current.start_date:
                break
            number = semester_for_term(admission_year=year, term=term)
            if number < 1 or number > student.programme.semesters:
                continue
            chosen = _choose_for_semester(plan, number, rng)
            todo, retakes = retakes + chosen, []
            for item in todo:
                if any(p.pk not in passed for p in item.discipline.prerequisites.all()):
                    continue
                registrations.append(
                    Registration(student=student, discipline=item.discipline, term=term, semester=item.semester)
                )
                if term.pk == current.pk:
                    continue
                rating, exam, percent = _draw_grade(rng)
                band = band_for(university_id=university_id, percent=percent, bands=bands[university_id])
                grades.append((len(registrations) - 1, (rating, exam, percent, band, _graded_at(term))))
                if band.passing:
                    passed.add(item.discipline_id)
                elif rng.random() < 0.5:
                    retakes.append(item)  # taken again next semester; the others stay FAILED

    Registration.objects.bulk_create(registrations, batch_size=1000)
    FinalGrade.objects.bulk_create(
        [
            FinalGrade(
                registration=registrations[index],
                admission_rating=rating,
                exam=exam,
                percent=percent,
                letter=band.letter,
                points=band.points,
                traditional=band.traditional,
                passing=band.passing,
                graded_at=graded_at,
            )
            for index, (rating, exam, percent, band, graded_at) in grades
        ],
        batch_size=1000,
    )
    return {"students": len(students), "registrations": len(registrations), "grades": len(grades)}


def _curriculum_items(curricula, programme_id: int, year: int) -> list[CurriculumItem]:
    """The curriculum of the admission year, else the latest earlier one (as `student_curriculum` chooses)."""
    years = sorted((y for (p, y) in curricula if p == programme_id and y <= year), reverse=True)
    return curricula[(programme_id, years[0])] if years else []


def _choose_for_semester(plan: list[CurriculumItem], number: int, rng: random.Random) -> list[CurriculumItem]:
    """The semester's compulsory entries and, in each elective group, k disciplines picked at random."""
    chosen, groups = [], defaultdict(list)
    for item in plan:
        if item.semester != number:
            continue
        if item.elective_group_id:
            groups[item.elective_group_id].append(item)
        else:
            chosen.append(item)
    for members in groups.values():
        chosen += rng.sample(members, min(members[0].elective_group.choose, len(members)))
    return chosen

"""The people of the demo university: the five demo logins, teachers and advisors, groups and students.

`plan_people` decides everything (names, e-mails, groups, numbers) without touching the database,
from the current academic year and the number of students alone; `seed_people` writes the plan.
Existing accounts and records are never overwritten (only missing role flags are added, and a teacher
record's texts that the demo once wrote in English alone get their Kazakh and Russian ones), so a re-run
changes nothing and a demo person who changed a password or a group keeps it.
"""

import datetime
import math
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from people.models import StudentRecord, TeacherRecord, User
from university.models import StudyGroup

from .base import DOMAIN, DemoContext, rng_for, upsert
from .names import PersonName, random_name, unique_email
from .university import PROGRAMMES

REGISTRAR_GROUP = "Registrar office"
REGISTRAR_APPS = ("people", "university", "curriculum")

# role: (e-mail, name)
LOGINS: dict[str, tuple[str, PersonName]] = {
    "student": ("student@demo.kz", PersonName("Айгерім", "Болатқызы", "Жұмабаева", female=True, kazakh=True)),
    "teacher": ("teacher@demo.kz", PersonName("Дмитрий", "Сергеевич", "Иванов", female=False, kazakh=False)),
    "advisor": ("advisor@demo.kz", PersonName("Нұрлан", "Асқарұлы", "Сейітов", female=False, kazakh=True)),
    "registrar": ("registrar@demo.kz", PersonName("Гүлнар", "Серікқызы", "Омарова", female=True, kazakh=True)),
    "admin": ("admin@demo.kz", PersonName("Ерлан", "Төлеуұлы", "Байжанов", female=False, kazakh=True)),
}
DEMO_PROGRAMME = "6B06101"  # student@demo.kz: Information systems, 2nd year, Kazakh group
DEMO_YEAR_OF_STUDY = 2
DEMO_LANGUAGE = StudyGroup.Language.KAZAKH

# department: (generated teachers, of whom advisors); teacher@ and advisor@ join IS on top
STAFFING = {"IS": (6, 2), "MATH": (6, 2), "ECON": (6, 2), "SOC": (4, 0), "LANG": (5, 0), "PE": (3, 0)}
# department: (doctor, candidate, PhD, master)
DEGREES = {
    "IS": ("Doctor of Technical Sciences", "Candidate of Technical Sciences", "PhD in Information Systems",
           "Master of Engineering and Technology"),
    "MATH": ("Doctor of Physical and Mathematical Sciences", "Candidate of Physical and Mathematical Sciences",
             "PhD in Mathematics", "Master of Pedagogical Sciences"),
    "ECON": ("Doctor of Economic Sciences", "Candidate of Economic Sciences", "PhD in Economics",
             "Master of Economic Sciences"),
    "SOC": ("Doctor of Historical Sciences", "Candidate of Philosophical Sciences", "PhD in History",
            "Master of Humanities"),
    "LANG": ("Doctor of Philological Sciences", "Candidate of Philological Sciences", "PhD in Philology",
             "Master of Pedagogical Sciences"),
    "PE": ("Doctor of Pedagogical Sciences", "Candidate of Pedagogical Sciences", "PhD in Physical Education",
           "Master of Pedagogical Sciences"),
}  # fmt: skip
AREAS = {
    "IS": ("Databases", "Web development", "Information security", "Machine learning", "Software engineering",
           "Computer networks", "Cloud computing", "Data analysis"),
    "MATH": ("Mathematical analysis", "Algebra", "Geometry", "Differential equations",
             "Methods of teaching mathematics", "Probability theory", "Numerical methods"),
    "ECON": ("Microeconomics", "Finance", "Accounting and audit", "Marketing", "Management", "Econometrics",
             "Taxation", "Investment analysis"),
    "SOC": ("History of Kazakhstan", "Philosophy", "Sociology", "Political science", "Cultural studies",
            "Psychology"),
    "LANG": ("English for academic purposes", "Kazakh language", "Russian language", "Business English",
             "Translation"),
    "PE": ("Athletics", "Volleyball", "Basketball", "Swimming", "Kazakh wrestling"),
}  # fmt: skip
POSITIONS = ("Professor", "Associate professor", "Associate professor", "Senior lecturer", "Senior lecturer",
             "Senior lecturer", "Lecturer", "Lecturer", "Assistant")  # fmt: skip
ADVISOR_POSITIONS = ("Associate professor", "Senior lecturer", "Senior lecturer")
# A teacher's position, degree and areas are planned by their English text; here are the Kazakh and Russian ones.
POSITION_TEXTS = {
    "Head of department": ("Кафедра меңгерушісі", "Заведующий кафедрой"),
    "Professor": ("Профессор", "Профессор"),
    "Associate professor": ("Қауымдастырылған профессор", "Ассоциированный профессор"),
    "Senior lecturer": ("Аға оқытушы", "Старший преподаватель"),
    "Lecturer": ("Оқытушы", "Преподаватель"),
    "Assistant": ("Ассистент", "Ассистент"),
}
DEGREE_TEXTS = {
    "Doctor of Technical Sciences": ("Техника ғылымдарының докторы", "Доктор технических наук"),
    "Candidate of Technical Sciences": ("Техника ғылымдарының кандидаты", "Кандидат технических наук"),
    "PhD in Information Systems": ("Философия докторы (PhD), ақпараттық жүйелер",
                                   "Доктор философии (PhD), информационные системы"),
    "Master of Engineering and Technology": ("Техника және технологиялар магистрі", "Магистр техники и технологий"),
    "Doctor of Physical and Mathematical Sciences": ("Физика-математика ғылымдарының докторы",
                                                     "Доктор физико-математических наук"),
    "Candidate of Physical and Mathematical Sciences": ("Физика-математика ғылымдарының кандидаты",
                                                        "Кандидат физико-математических наук"),
    "PhD in Mathematics": ("Философия докторы (PhD), математика", "Доктор философии (PhD), математика"),
    "Master of Pedagogical Sciences": ("Педагогика ғылымдарының магистрі", "Магистр педагогических наук"),
    "Doctor of Economic Sciences": ("Экономика ғылымдарының докторы", "Доктор экономических наук"),
    "Candidate of Economic Sciences": ("Экономика ғылымдарының кандидаты", "Кандидат экономических наук"),
    "PhD in Economics": ("Философия докторы (PhD), экономика", "Доктор философии (PhD), экономика"),
    "Master of Economic Sciences": ("Экономика ғылымдарының магистрі", "Магистр экономических наук"),
    "Doctor of Historical Sciences": ("Тарих ғылымдарының докторы", "Доктор исторических наук"),
    "Candidate of Philosophical Sciences": ("Философия ғылымдарының кандидаты", "Кандидат философских наук"),
    "PhD in History": ("Философия докторы (PhD), тарих", "Доктор философии (PhD), история"),
    "Master of Humanities": ("Гуманитарлық ғылымдар магистрі", "Магистр гуманитарных наук"),
    "Doctor of Philological Sciences": ("Филология ғылымдарының докторы", "Доктор филологических наук"),
    "Candidate of Philological Sciences": ("Филология ғылымдарының кандидаты", "Кандидат филологических наук"),
    "PhD in Philology": ("Философия докторы (PhD), филология", "Доктор философии (PhD), филология"),
    "Doctor of Pedagogical Sciences": ("Педагогика ғылымдарының докторы", "Доктор педагогических наук"),
    "Candidate of Pedagogical Sciences": ("Педагогика ғылымдарының кандидаты", "Кандидат педагогических наук"),
    "PhD in Physical Education": ("Философия докторы (PhD), дене шынықтыру",
                                  "Доктор философии (PhD), физическая культура"),
}  # fmt: skip
AREA_TEXTS = {
    "Databases": ("Деректер қоры", "Базы данных"),
    "Web development": ("Веб-әзірлеу", "Веб-разработка"),
    "Programming": ("Бағдарламалау", "Программирование"),
    "Information security": ("Ақпараттық қауіпсіздік", "Информационная безопасность"),
    "Machine learning": ("Машиналық оқыту", "Машинное обучение"),
    "Software engineering": ("Бағдарламалық инженерия", "Программная инженерия"),
    "Computer networks": ("Компьютерлік желілер", "Компьютерные сети"),
    "Cloud computing": ("Бұлттық есептеулер", "Облачные вычисления"),
    "Data analysis": ("Деректерді талдау", "Анализ данных"),
    "Mathematical analysis": ("Математикалық талдау", "Математический анализ"),
    "Algebra": ("Алгебра", "Алгебра"),
    "Geometry": ("Геометрия", "Геометрия"),
    "Differential equations": ("Дифференциалдық теңдеулер", "Дифференциальные уравнения"),
    "Methods of teaching mathematics": ("Математиканы оқыту әдістемесі", "Методика преподавания математики"),
    "Probability theory": ("Ықтималдықтар теориясы", "Теория вероятностей"),
    "Numerical methods": ("Сандық әдістер", "Численные методы"),
    "Microeconomics": ("Микроэкономика", "Микроэкономика"),
    "Finance": ("Қаржы", "Финансы"),
    "Accounting and audit": ("Бухгалтерлік есеп және аудит", "Бухгалтерский учёт и аудит"),
    "Marketing": ("Маркетинг", "Маркетинг"),
    "Management": ("Менеджмент", "Менеджмент"),
    "Econometrics": ("Эконометрика", "Эконометрика"),
    "Taxation": ("Салық салу", "Налогообложение"),
    "Investment analysis": ("Инвестициялық талдау", "Инвестиционный анализ"),
    "History of Kazakhstan": ("Қазақстан тарихы", "История Казахстана"),
    "Philosophy": ("Философия", "Философия"),
    "Sociology": ("Әлеуметтану", "Социология"),
    "Political science": ("Саясаттану", "Политология"),
    "Cultural studies": ("Мәдениеттану", "Культурология"),
    "Psychology": ("Психология", "Психология"),
    "English for academic purposes": ("Академиялық ағылшын тілі", "Академический английский язык"),
    "Kazakh language": ("Қазақ тілі", "Казахский язык"),
    "Russian language": ("Орыс тілі", "Русский язык"),
    "Business English": ("Іскерлік ағылшын тілі", "Деловой английский язык"),
    "Translation": ("Аударма", "Перевод"),
    "Athletics": ("Жеңіл атлетика", "Лёгкая атлетика"),
    "Volleyball": ("Волейбол", "Волейбол"),
    "Basketball": ("Баскетбол", "Баскетбол"),
    "Swimming": ("Жүзу", "Плавание"),
    "Kazakh wrestling": ("Қазақ күресі", "Казахская борьба"),
}
GROUP_LANGUAGES = {"6B06101": ("kk", "ru"), "6B04101": ("ru",), "6B01501": ("kk",)}
GROUP_MAX = 30  # a slot with more students than this is split into several groups
KAZAKH_SHARE = {"kk": 0.92, "ru": 0.45}  # of students with Kazakh names, by language of the group
GRANT_SHARE = 0.7


@dataclass(frozen=True)
class TeacherPlan:
    email: str
    name: PersonName
    department: str
    position: str  # in English, as `degree` and `competences` (areas separated by ", ")
    degree: str
    competences: str
    advisor: bool

    def texts(self) -> dict[str, str]:
        """The teacher record's position, degree and competences in Kazakh, Russian and English."""
        areas = [AREA_TEXTS[area] for area in self.competences.split(", ")]
        found = {}
        for field, english, (kk, ru) in (
            ("position", self.position, POSITION_TEXTS[self.position]),
            ("academic_degree", self.degree, DEGREE_TEXTS[self.degree]),
            ("competences", self.competences, (", ".join(a[0] for a in areas), ", ".join(a[1] for a in areas))),
        ):
            found |= {f"{field}_kk": kk, f"{field}_ru": ru, f"{field}_en": english}
        return found


@dataclass(frozen=True)
class GroupPlan:
    name: str
    programme: str
    admission_year: int
    language: str
    advisor: str  # e-mail


@dataclass(frozen=True)
class StudentPlan:
    email: str
    name: PersonName
    programme: str
    group: str
    admission_year: int
    year_of_study: int
    student_number: str
    funding: str


@dataclass(frozen=True)
class PeoplePlan:
    teachers: list[TeacherPlan]
    groups: list[GroupPlan]
    students: list[StudentPlan]


def _teacher(rng, *, department: str, head: bool, advisor: bool, taken: set[str]) -> TeacherPlan:
    name = random_name(rng, kazakh=rng.random() < 0.65, female=rng.random() < 0.55)
    doctor, candidate, phd, master = DEGREES[department]
    position = "Head of department" if head else rng.choice(ADVISOR_POSITIONS if advisor else POSITIONS)
    degree = {
        "Head of department": (doctor, candidate, phd),
        "Professor": (doctor, phd),
        "Associate professor": (candidate, phd),
        "Senior lecturer": (phd, master, master),
    }.get(position, (master,))
    areas = rng.sample(AREAS[department], 2)
    return TeacherPlan(
        email=unique_email(name, domain=DOMAIN, taken=taken),
        name=name,
        department=department,
        position=position,
        degree=rng.choice(degree),
        competences=", ".join(areas),
        advisor=advisor,
    )


def plan_people(*, year: int, student_count: int) -> PeoplePlan:
    """Teachers, groups and students (the fixed logins among them), from the academic year and head count alone."""
    taken = {email for email, _ in LOGINS.values()}
    teachers = [
        TeacherPlan(LOGINS["advisor"][0], LOGINS["advisor"][1], "IS", "Associate professor",
                    DEGREES["IS"][2], "Databases, Software engineering", advisor=True),
        TeacherPlan(LOGINS["teacher"][0], LOGINS["teacher"][1], "IS", "Senior lecturer",
                    DEGREES["IS"][3], "Web development, Programming", advisor=False),
    ]  # fmt: skip
    for department, (count, advisors) in STAFFING.items():
        for k in range(count):
            rng = rng_for(f"teacher:{department}:{k}")
            teachers.append(_teacher(rng, department=department, head=k == 0, advisor=1 <= k <= advisors, taken=taken))

    # a slot is the students of one programme, admission year and language; it holds one group or more
    slots = [
        (code, year - (course - 1), course, language)
        for code in PROGRAMMES
        for course in range(1, 5)
        for language in GROUP_LANGUAGES[code]
    ]
    demo_slot = (DEMO_PROGRAMME, year - (DEMO_YEAR_OF_STUDY - 1), DEMO_YEAR_OF_STUDY, DEMO_LANGUAGE)
    generated = max(student_count - 1, 0)  # student@demo.kz is one of them
    sizes = [generated // len(slots) + (i < generated % len(slots)) for i in range(len(slots))]

    advisors_of = {
        dept: [t.email for t in teachers if t.advisor and t.department == dept]
        for dept in STAFFING
        if STAFFING[dept][1]
    }
    advisor_turn = dict.fromkeys(advisors_of, 0)
    groups: list[GroupPlan] = []
    slot_groups: list[list[GroupPlan]] = []
    numbers: dict[tuple[str, int], int] = {}
    for slot, size in zip(slots, sizes, strict=True):
        code, admission, _course, language = slot
        department, abbreviation = PROGRAMMES[code][:2]
        members = size + (slot == demo_slot)
        in_slot = []
        for _ in range(max(1, math.ceil(members / GROUP_MAX))):
            numbers[(code, admission)] = numbers.get((code, admission), 0) + 1
            name = f"{abbreviation}-{admission % 100:02d}-{numbers[(code, admission)]}"
            if slot == demo_slot and not in_slot:
                advisor = LOGINS["advisor"][0]
            else:
                advisor = advisors_of[department][advisor_turn[department] % len(advisors_of[department])]
                advisor_turn[department] += 1
            in_slot.append(GroupPlan(name, code, admission, language, advisor))
        groups += in_slot
        slot_groups.append(in_slot)

    # e-mails are handed out person by person across the slots, so a larger head count keeps everyone's
    order = sorted((k, i) for i, size in enumerate(sizes) for k in range(1, size + 1))
    students: list[StudentPlan] = []
    for k, i in order:
        code, admission, course, language = slots[i]
        rng = rng_for(f"student:{code}:{admission}:{language}:{k}")
        name = random_name(rng, kazakh=rng.random() < KAZAKH_SHARE[language], female=rng.random() < 0.5)
        funding = StudentRecord.Funding.GRANT if rng.random() < GRANT_SHARE else StudentRecord.Funding.PAID
        in_slot = slot_groups[i]
        students.append(
            StudentPlan(
                email=unique_email(name, domain=DOMAIN, taken=taken),
                name=name,
                programme=code,
                group=in_slot[k % len(in_slot)].name,
                admission_year=admission,
                year_of_study=course,
                student_number=_student_number(code, admission, language, k),
                funding=funding,
            )
        )
    code, admission, course, language = demo_slot
    students.insert(
        0,
        StudentPlan(
            email=LOGINS["student"][0],
            name=LOGINS["student"][1],
            programme=code,
            group=slot_groups[slots.index(demo_slot)][0].name,
            admission_year=admission,
            year_of_study=course,
            student_number=_student_number(code, admission, language, 0),
            funding=StudentRecord.Funding.GRANT,
        ),
    )
    return PeoplePlan(teachers=teachers, groups=groups, students=students)


def _student_number(code: str, admission: int, language: str, k: int) -> str:
    """Admission year, programme, language stream and the place in it: 2025 1 1 007 -> 202511007."""
    programme = list(PROGRAMMES).index(code) + 1
    stream = GROUP_LANGUAGES[code].index(language) + 1
    return f"{admission}{programme}{stream}{k:03d}"


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _ensure_users(ctx: DemoContext, wanted: list[tuple[str, PersonName, dict[str, bool], datetime.date]]) -> dict:
    """Create the accounts that are missing (all with the one demo hash); add missing role flags to the others."""
    existing = {u.email: u for u in User.objects.filter(email__in=[email for email, *_ in wanted])}
    to_create, to_update, flags_changed = [], [], set()
    for email, name, flags, joined in wanted:
        user = existing.get(email)
        if user is None:
            to_create.append(
                User(
                    email=email,
                    first_name=name.first_name,
                    middle_name=name.middle_name,
                    last_name=name.last_name,
                    password=ctx.password_hash,
                    date_joined=_moment(joined),
                    **flags,
                )
            )
            continue
        missing = [flag for flag, value in flags.items() if value and not getattr(user, flag)]
        for flag in missing:
            setattr(user, flag, True)
        if missing:
            to_update.append(user)
            flags_changed.update(missing)
    User.objects.bulk_create(to_create)
    if to_update:
        User.objects.bulk_update(to_update, sorted(flags_changed))
    if any(u.pk is None for u in to_create):
        return {u.email: u for u in User.objects.filter(email__in=[email for email, *_ in wanted])}
    return existing | {u.email: u for u in to_create}


def _registrar_group() -> Group:
    group, _ = Group.objects.get_or_create(name=REGISTRAR_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=REGISTRAR_APPS).filter(
        Q(codename__startswith="add_") | Q(codename__startswith="change_") | Q(codename__startswith="view_")
    )
    group.permissions.add(*permissions)
    return group


def _match_existing_students(students: list[StudentPlan]) -> list[StudentPlan]:
    """A planned student already seeded is found by the student ID, whatever e-mail was handed out then.

    A new one whose planned e-mail another account took meanwhile (say, an earlier cohort seeded last
    year) gets the next free one; on a fresh database or a re-run the plan stays as it is.
    """
    seeded = dict(
        StudentRecord.objects.filter(student_number__in=[s.student_number for s in students]).values_list(
            "student_number", "user__email"
        )
    )
    taken = set(User.objects.filter(email__iendswith=f"@{DOMAIN}").values_list("email", flat=True))
    fixed = {email for email, _ in LOGINS.values()}
    matched = []
    for s in students:
        if s.student_number in seeded:
            s = replace(s, email=seeded[s.student_number])
        elif s.email in taken and s.email not in fixed:
            s = replace(s, email=unique_email(s.name, domain=DOMAIN, taken=taken))
        taken.add(s.email)
        matched.append(s)
    return matched


def _translate_teacher_records(records: dict, plans: dict) -> None:
    """A record seeded before the demo had its texts in three languages (one language then, copied into the
    Kazakh field by the migration that brought translations) gets the Kazakh and Russian ones; a text the office
    has changed since (its English one is not what the demo wrote) is left as it is."""
    changed, fields = [], set()
    for user_id, record in records.items():
        texts = plans[user_id].texts()
        for field in ("position", "academic_degree", "competences"):
            if getattr(record, f"{field}_en") != texts[f"{field}_en"]:
                continue
            names = [n for n in (f"{field}_kk", f"{field}_ru") if getattr(record, n) != texts[n]]
            for name in names:
                setattr(record, name, texts[name])
            fields.update(names)
            if names and record not in changed:
                changed.append(record)
    if changed:
        TeacherRecord.objects.bulk_update(changed, sorted(fields))


def seed_people(ctx: DemoContext) -> None:
    plan = plan_people(year=ctx.year, student_count=ctx.student_count)
    plan = replace(plan, students=_match_existing_students(plan.students))
    staff_since = datetime.date(ctx.year - 4, 8, 25)
    wanted = [
        (LOGINS["registrar"][0], LOGINS["registrar"][1], {"is_registrar": True, "is_staff": True}, staff_since),
        (
            LOGINS["admin"][0],
            LOGINS["admin"][1],
            {"is_administrator": True, "is_staff": True, "is_superuser": True},
            staff_since,
        ),
    ]
    wanted += [(t.email, t.name, {"is_teacher": True, "is_advisor": t.advisor}, staff_since) for t in plan.teachers]
    wanted += [(s.email, s.name, {"is_student": True}, datetime.date(s.admission_year, 8, 25)) for s in plan.students]
    users = _ensure_users(ctx, wanted)
    users[LOGINS["registrar"][0]].groups.add(_registrar_group())

    records = {r.user_id: r for r in TeacherRecord.objects.filter(user__in=[users[t.email] for t in plan.teachers])}
    TeacherRecord.objects.bulk_create(
        [
            TeacherRecord(user=users[t.email], department=ctx.departments[t.department], **t.texts())
            for t in plan.teachers
            if users[t.email].pk not in records
        ]
    )
    _translate_teacher_records(records, {users[t.email].pk: t for t in plan.teachers})

    groups = upsert(
        StudyGroup,
        (
            {
                "name": g.name,
                "programme_id": ctx.programmes[g.programme].pk,
                "admission_year": g.admission_year,
                "language": g.language,
            }
            for g in plan.groups
        ),
        key=("name",),
        scope=Q(name__in=[g.name for g in plan.groups]),
    )
    ctx.groups = {name: group for (name,), group in groups.items()}
    advisor_of = {g.name: users[g.advisor] for g in plan.groups}

    have = set(StudentRecord.objects.filter(user__in=[users[s.email] for s in plan.students]).values_list("user_id"))
    StudentRecord.objects.bulk_create(
        [
            StudentRecord(
                user=users[s.email],
                student_number=s.student_number,
                programme=ctx.programmes[s.programme],
                year_of_study=s.year_of_study,
                group=ctx.groups[s.group],
                advisor=advisor_of[s.group],
                status=StudentRecord.Status.ACTIVE,
                funding=s.funding,
                enrolled_on=datetime.date(s.admission_year, 8, 25),
            )
            for s in plan.students
            if (users[s.email].pk,) not in have
        ]
    )

    ctx.logins = {role: users[email] for role, (email, _) in LOGINS.items()}
    ctx.teachers = [users[t.email] for t in plan.teachers]
    ctx.students = [users[s.email] for s in plan.students]
    ctx.log(
        f"People: {len(plan.teachers)} teachers ({sum(t.advisor for t in plan.teachers)} advisors), "
        f"{len(plan.groups)} groups, {len(plan.students)} students."
    )

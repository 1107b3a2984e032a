import datetime
import re
from collections import defaultdict
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from curriculum.models import Curriculum, CurriculumItem, Discipline, ElectiveGroup
from demo.catalogue import all_disciplines
from demo.names import KAZAKH_LETTERS, transliterate
from demo.people import plan_people
from demo.seed import DemoContext, academic_year_start, run_steps
from demo.university import seed_university
from people.models import StudentRecord, TeacherRecord, User
from university.models import AcademicYear, Department, Faculty, Programme, StudyGroup, Term, University

pytestmark = pytest.mark.django_db

SMALL = 60
PASSWORD = "demo12345"
PROGRAMME_CODES = {"6B06101", "6B04101", "6B01501"}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """Every row the seed writes, with every column, so any change or duplicate shows."""
    models = (
        University, Faculty, Department, Programme, AcademicYear, Term, StudyGroup,
        Discipline, Discipline.prerequisites.through, Curriculum, ElectiveGroup, CurriculumItem,
        User, User.groups.through, StudentRecord, TeacherRecord, Group, Group.permissions.through,
    )  # fmt: skip
    return {m._meta.label: sorted(m.objects.values_list(), key=repr) for m in models}


@pytest.fixture
def seeded():
    seed(students=SMALL, quiet=True)


def test_the_five_logins_sign_in_with_the_demo_password_and_hold_their_roles(client, seeded):
    for email in ("student@demo.kz", "teacher@demo.kz", "advisor@demo.kz", "registrar@demo.kz", "admin@demo.kz"):
        assert client.login(email=email, password=PASSWORD), email
        assert not client.login(email=email, password="wrong-password")

    student = User.objects.get(email="student@demo.kz")
    record = student.student_record
    assert student.is_student and not (student.is_teacher or student.is_staff)
    assert record.programme.code == "6B06101"
    assert record.year_of_study == 2
    assert record.group.language == StudyGroup.Language.KAZAKH
    assert record.group.admission_year == academic_year_start(timezone.localdate()) - 1
    assert record.group.name == f"ИС-{record.group.admission_year % 100:02d}-1"
    assert record.status == StudentRecord.Status.ACTIVE
    assert record.advisor.email == "advisor@demo.kz"

    advisor = User.objects.get(email="advisor@demo.kz")
    assert advisor.is_teacher and advisor.is_advisor
    assert advisor.teacher_record.department == record.programme.department
    assert set(StudentRecord.objects.filter(group=record.group).values_list("advisor__email", flat=True)) == {
        "advisor@demo.kz"
    }

    teacher = User.objects.get(email="teacher@demo.kz")
    assert teacher.is_teacher and not teacher.is_advisor and teacher.teacher_record.position

    registrar = User.objects.get(email="registrar@demo.kz")
    assert registrar.is_registrar and registrar.is_staff and not registrar.is_superuser
    assert registrar.groups.filter(name="Registrar office").exists()
    for perm in ("curriculum.add_discipline", "curriculum.change_curriculum", "university.view_programme",
                 "university.change_studygroup", "people.add_studentrecord", "people.view_teacherrecord"):  # fmt: skip
        assert registrar.has_perm(perm), perm
    assert not registrar.has_perm("curriculum.delete_discipline")

    admin = User.objects.get(email="admin@demo.kz")
    assert admin.is_superuser and admin.is_staff and admin.is_administrator


def test_generated_people_share_the_demo_password(client, seeded):
    someone = StudentRecord.objects.exclude(user__email="student@demo.kz").first().user
    assert client.login(email=someone.email, password=PASSWORD)
    # one hash for everyone: hashing 300 passwords one by one would take minutes with the real hasher
    assert User.objects.values("password").distinct().count() == 1


def test_the_university_programmes_years_and_terms(seeded):
    today = timezone.localdate()
    year = academic_year_start(today)
    assert Faculty.objects.count() == 2
    assert set(Programme.objects.values_list("code", flat=True)) == PROGRAMME_CODES
    for programme in Programme.objects.all():
        assert programme.name_kk and programme.name_ru and programme.name_en
        assert programme.degree == Programme.Degree.BACHELOR
    assert Department.objects.values("faculty").distinct().count() == 2
    starts = sorted(AcademicYear.objects.values_list("start_date", flat=True))
    # the calendar step adds next academic year too, so its registration period can be set
    assert starts == [datetime.date(y, 9, 1) for y in range(year - 4, year + 2)]
    assert Term.objects.count() == 18
    current = Term.objects.filter(academic_year__start_date__year=year)
    autumn, spring, summer = (current.get(kind=k) for k in (Term.Kind.AUTUMN, Term.Kind.SPRING, Term.Kind.SUMMER))
    assert (autumn.start_date, autumn.end_date) == (datetime.date(year, 9, 1), datetime.date(year, 12, 31))
    assert spring.start_date.month == 1 and 12 <= spring.start_date.day <= 18 and spring.start_date.weekday() == 0
    assert spring.end_date == datetime.date(year + 1, 5, 31)
    assert (summer.start_date.month, summer.end_date) == (6, datetime.date(year + 1, 7, 31))


def test_curricula_have_eight_semesters_of_about_thirty_credits(seeded):
    year = academic_year_start(timezone.localdate())
    curricula = Curriculum.objects.select_related("programme")
    assert sorted((c.programme.code, c.admission_year) for c in curricula) == sorted(
        (code, y) for code in PROGRAMME_CODES for y in range(year - 3, year + 1)
    )
    shapes = set()
    for curriculum in curricula:
        items = list(curriculum.items.select_related("discipline", "elective_group"))
        assert {i.semester for i in items} == set(range(1, 9))
        planned = defaultdict(int)
        options = defaultdict(list)
        for item in items:
            if item.elective_group is None:
                planned[item.semester] += item.discipline.credits
            else:
                options[item.elective_group].append(item)
        for group, group_items in options.items():
            assert len({i.semester for i in group_items}) == 1
            assert len({i.discipline.credits for i in group_items}) == 1
            assert all(i.discipline.component == Discipline.Component.ELECTIVE for i in group_items)
            planned[group_items[0].semester] += group.choose * group_items[0].discipline.credits
            shapes.add((group.choose, len(group_items)))
        assert all(28 <= planned[s] <= 32 for s in range(1, 9)), dict(planned)
        assert sum(planned.values()) == curriculum.programme.total_credits == 240
    assert {(1, 3), (2, 4)} <= shapes

    for code in PROGRAMME_CODES:
        by_year = [
            set(CurriculumItem.objects.filter(curriculum=c).values_list("discipline__code", "semester"))
            for c in Curriculum.objects.filter(programme__code=code)
        ]
        assert all(plan == by_year[0] for plan in by_year)


def test_disciplines_are_complete_and_general_education_is_shared(seeded):
    for d in Discipline.objects.all():
        assert d.code and d.name_kk and d.name_ru and d.name_en and d.description and d.competences, d.code
        assert 3 <= d.credits <= 6, d.code
        assert d.department_id is not None
    assert set(Discipline.objects.values_list("cycle", flat=True)) == set(Discipline.Cycle.values)
    assert set(Discipline.objects.values_list("component", flat=True)) == set(Discipline.Component.values)
    history = Discipline.objects.get(name_en="History of Kazakhstan")
    assert history.cycle == Discipline.Cycle.GENERAL
    assert history.curriculum_items.values("curriculum__programme").distinct().count() == 3
    physical = Discipline.objects.filter(name_en__startswith="Physical education")
    assert physical.exists() and not physical.filter(counts_in_gpa=True).exists()
    assert Discipline.objects.filter(counts_in_gpa=True).count() == Discipline.objects.count() - physical.count()
    shared = ("Philosophy", "Foreign language 1", "Kazakh (Russian) language 1", "Physical education 2")
    for name in shared:
        assert Discipline.objects.get(name_en=name).curriculum_items.count() == 12
    assert Discipline.prerequisites.through.objects.exists()


def test_prerequisites_point_only_to_earlier_semesters_and_have_no_cycle(seeded):
    for curriculum in Curriculum.objects.all():
        semester_of = dict(curriculum.items.values_list("discipline_id", "semester"))
        for item in curriculum.items.prefetch_related("discipline__prerequisites"):
            for pre in item.discipline.prerequisites.all():
                assert pre.pk in semester_of, (curriculum, item.discipline.code, pre.code)
                assert semester_of[pre.pk] < item.semester, (curriculum, item.discipline.code, pre.code)

    edges = defaultdict(set)
    for after, before in Discipline.prerequisites.through.objects.values_list("from_discipline", "to_discipline"):
        edges[after].add(before)
    done, on_path = set(), set()

    def visit(node):
        assert node not in on_path, "a prerequisite cycle"
        if node in done:
            return
        on_path.add(node)
        for nxt in edges[node]:
            visit(nxt)
        on_path.remove(node)
        done.add(node)

    for node in list(edges):
        visit(node)


def test_teachers_groups_and_students(seeded):
    year = academic_year_start(timezone.localdate())
    assert TeacherRecord.objects.count() >= 30
    assert User.objects.filter(is_teacher=True).count() == TeacherRecord.objects.count()
    advisors = User.objects.filter(is_advisor=True)
    assert advisors.count() >= 3 and not advisors.filter(is_teacher=False).exists()
    assert not TeacherRecord.objects.filter(position="").exists()
    assert not TeacherRecord.objects.filter(academic_degree="").exists()

    records = StudentRecord.objects.select_related("user", "group", "programme__department", "advisor__teacher_record")
    assert records.count() == SMALL == User.objects.filter(is_student=True).count()
    assert {r.year_of_study for r in records} == {1, 2, 3, 4}
    assert {r.funding for r in records} == {StudentRecord.Funding.GRANT, StudentRecord.Funding.PAID}
    for r in records:
        assert r.status == StudentRecord.Status.ACTIVE
        assert r.group.programme_id == r.programme_id
        assert r.group.admission_year == year - r.year_of_study + 1
        assert re.fullmatch(r"[А-ЯӘҒҚҢӨҰҮІ]+-\d\d-\d+", r.group.name), r.group.name
        assert r.group.name.split("-")[1] == f"{r.group.admission_year % 100:02d}"
        assert r.advisor.is_advisor
        assert r.advisor.teacher_record.department_id == r.programme.department_id
        assert r.enrolled_on == datetime.date(r.group.admission_year, 8, 25)
    assert set(StudyGroup.objects.values_list("language", flat=True)) == {"kk", "ru"}
    assert StudentRecord.objects.values("student_number").distinct().count() == SMALL


def test_names_are_kazakh_and_russian_and_emails_ascii_and_unique(seeded):
    people = list(User.objects.filter(is_student=True) | User.objects.filter(is_teacher=True))
    kazakh = [u for u in people if KAZAKH_LETTERS & set(u.get_full_name())]
    russian = [u for u in people if u.middle_name.endswith(("вич", "вна"))]
    assert len(kazakh) > len(people) / 3 and len(russian) > 5
    assert all(u.first_name and u.middle_name and u.last_name for u in people)
    female = [u for u in people if u.middle_name.endswith(("қызы", "вна"))]
    assert female and all(u.last_name.endswith(("а", "ая")) for u in female)
    assert all(not u.last_name.endswith(("а", "ая")) for u in people if u.middle_name.endswith(("ұлы", "вич")))
    emails = [u.email for u in User.objects.all()]
    assert len(emails) == len(set(emails))
    assert all(re.fullmatch(r"[a-z0-9.]+@demo\.kz", e) for e in emails), emails


def test_a_second_run_changes_nothing(seeded):
    before = snapshot()
    seed(students=SMALL, quiet=True)
    assert snapshot() == before


def test_more_students_later_keeps_everyone_and_adds_the_new_ones(seeded):
    before = dict(StudentRecord.objects.values_list("student_number", "user__email"))
    seed(students=SMALL + 25, quiet=True)
    after = dict(StudentRecord.objects.values_list("student_number", "user__email"))
    assert len(after) == SMALL + 25
    assert before.items() <= after.items()
    assert User.objects.values("email").distinct().count() == User.objects.count()


def test_a_year_later_the_new_cohort_joins_and_no_one_is_doubled():
    run_steps(DemoContext(today=datetime.date(2026, 10, 1), student_count=40))
    before = dict(StudentRecord.objects.values_list("student_number", "user__email"))
    run_steps(DemoContext(today=datetime.date(2027, 10, 1), student_count=40))
    after = dict(StudentRecord.objects.values_list("student_number", "user__email"))
    assert before.items() <= after.items()
    newcomers = StudentRecord.objects.filter(group__admission_year=2027)
    assert newcomers.exists() and len(after) == len(before) + newcomers.count()
    assert Curriculum.objects.filter(admission_year=2027).count() == 3
    assert StudentRecord.objects.filter(user__email="student@demo.kz").count() == 1
    assert User.objects.values("email").distinct().count() == User.objects.count()


def test_the_plan_is_the_same_every_time_and_independent_of_the_day():
    first = plan_people(year=2026, student_count=320)
    assert plan_people(year=2026, student_count=320) == first
    assert len(first.students) == 320 and len(first.teachers) >= 30
    sizes = defaultdict(int)
    for s in first.students:
        sizes[s.group] += 1
    assert all(18 <= n <= 25 for n in sizes.values()), sizes


def test_the_current_academic_year_begins_on_the_first_of_september():
    assert academic_year_start(datetime.date(2027, 8, 31)) == 2026
    assert academic_year_start(datetime.date(2027, 9, 1)) == 2027
    assert academic_year_start(datetime.date(2028, 1, 20)) == 2027


def test_the_years_follow_the_day_it_runs():
    seed_university(DemoContext(today=datetime.date(2031, 10, 1)))
    assert AcademicYear.objects.order_by("start_date").first().start_date == datetime.date(2027, 9, 1)
    assert AcademicYear.objects.order_by("start_date").last().start_date == datetime.date(2032, 9, 1)


def test_transliteration():
    assert transliterate("Жұмабаева") == "zhumabaeva"
    assert transliterate("Айгерім") == "aigerim"
    assert transliterate("Соловьёв") == "solovev"
    assert transliterate("Щукина") == "shchukina"


def test_the_catalogue_uses_each_code_once():
    assert len(all_disciplines()) > 100


def test_the_default_run_builds_320_students_and_prints_the_logins():
    out = seed()
    assert StudentRecord.objects.count() == 320
    assert TeacherRecord.objects.count() >= 30
    for email in ("student@demo.kz", "teacher@demo.kz", "advisor@demo.kz", "registrar@demo.kz", "admin@demo.kz"):
        assert email in out
    assert PASSWORD in out


def test_quiet_prints_nothing_and_a_bad_count_is_refused():
    assert seed(students=5, quiet=True) == ""
    assert StudentRecord.objects.count() == 5
    with pytest.raises(CommandError):
        seed(students=0)

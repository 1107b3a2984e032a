"""Factories of the study plan, shared by the curriculum, registration, IUP and transcript tests.

- `DisciplineFactory`, `CurriculumFactory`, `ElectiveGroupFactory`, `CurriculumItemFactory`
- `RegistrationFactory`, `FinalGradeFactory` (a row as issued) or `grade(registration, percent)` (through the
  service, mapped on the university's scale: install the scale first with the `grade_scale` fixture)
- `HoldFactory`, `PeriodFactory`, `HolidayFactory`
- `academic_terms(...)`: academic years with autumn and spring terms, for building histories.
- `registration_setup(...)`: a student with a curriculum, the terms around today and the next term's
  registration open today; `setup.item(credits=5, ...)` adds a discipline to the curriculum.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import factory
import pytest
from django.utils import timezone

from academic_calendar.models import Holiday, Period
from curriculum.models import (
    Curriculum,
    CurriculumItem,
    Discipline,
    ElectiveGroup,
    FinalGrade,
    GradeBand,
    Hold,
    Registration,
)
from curriculum.selectors.plan import semester_for_term
from curriculum.services.grading import final_grade_set, grade_scale_install_default
from people.models import StudentRecord
from people.tests.factories import StudentRecordFactory
from university.models import AcademicYear, Term
from university.tests.factories import DepartmentFactory, ProgrammeFactory, TermFactory, UniversityFactory


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discipline
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"DSC{n:04d}")
    name_kk = factory.Sequence(lambda n: f"Пән {n}")
    name_ru = factory.Sequence(lambda n: f"Дисциплина {n}")
    name_en = factory.Sequence(lambda n: f"Discipline {n}")
    credits = 5
    cycle = Discipline.Cycle.BASIC
    component = Discipline.Component.MANDATORY
    languages = "kk,ru"
    description = "What the discipline is about."
    competences = "What a student can do after it."
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def prerequisites(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.prerequisites.set(extracted)


class CurriculumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Curriculum
        django_get_or_create = ("programme", "admission_year")

    programme = factory.SubFactory(ProgrammeFactory)
    admission_year = 2026


class ElectiveGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectiveGroup

    curriculum = factory.SubFactory(CurriculumFactory)
    title = factory.Sequence(lambda n: f"Elective group {n}")
    choose = 1


class CurriculumItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CurriculumItem

    curriculum = factory.SubFactory(CurriculumFactory)
    discipline = factory.SubFactory(DisciplineFactory)
    semester = 1
    elective_group = None


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    student = factory.SubFactory(StudentRecordFactory)
    discipline = factory.SubFactory(DisciplineFactory)
    term = factory.SubFactory(TermFactory)
    semester = 1


class FinalGradeFactory(factory.django.DjangoModelFactory):
    """A grade as issued (no scale lookup). For a grade mapped on the scale use `grade()`."""

    class Meta:
        model = FinalGrade

    registration = factory.SubFactory(RegistrationFactory)
    admission_rating = Decimal("85")
    exam = Decimal("85")
    percent = Decimal("85")
    letter = "B+"
    points = Decimal("3.33")
    traditional = 4
    passing = True
    graded_at = factory.LazyFunction(timezone.now)


def grade(registration: Registration, percent, *, actor=None) -> FinalGrade:
    """Grade a registration through the service (the university's scale must be installed)."""
    return final_grade_set(registration=registration, percent=Decimal(percent), actor=actor)


class HoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hold

    student = factory.SubFactory(StudentRecordFactory)
    kind = Hold.Kind.DEBT
    office = Hold.Office.FINANCE
    reason = "Tuition debt for the autumn semester"
    how_to_lift = "Pay the debt at the Finance office, room 101"
    blocks_registration = True


class PeriodFactory(factory.django.DjangoModelFactory):
    """A calendar period of a term; by default a registration period open today."""

    class Meta:
        model = Period

    term = factory.SubFactory(TermFactory)
    kind = Period.Kind.REGISTRATION
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("university", "date")

    university = factory.SubFactory(UniversityFactory)
    date = datetime.date(2026, 12, 16)
    name_kk = "Тәуелсіздік күні"
    name_ru = "День Независимости"
    name_en = "Independence Day"


def academic_terms(*, university=None, first_year: int, years: int, summer: bool = False) -> list[Term]:
    """Autumn and spring terms (and summer if asked) of `years` academic years from `first_year`, in order.

    Autumn: 1 Sep – 10 Jan; spring: 20 Jan – 31 May; summer: 10 Jun – 25 Jul.
    """
    university = university or UniversityFactory()
    terms = []
    for year in range(first_year, first_year + years):
        academic_year, _created = AcademicYear.objects.get_or_create(
            university=university,
            start_date=datetime.date(year, 9, 1),
            defaults={"end_date": datetime.date(year + 1, 8, 31)},
        )
        spans = [
            (Term.Kind.AUTUMN, datetime.date(year, 9, 1), datetime.date(year + 1, 1, 10)),
            (Term.Kind.SPRING, datetime.date(year + 1, 1, 20), datetime.date(year + 1, 5, 31)),
        ]
        if summer:
            spans.append((Term.Kind.SUMMER, datetime.date(year + 1, 6, 10), datetime.date(year + 1, 7, 25)))
        for kind, start, end in spans:
            term, _created = Term.objects.get_or_create(
                academic_year=academic_year, kind=kind, defaults={"start_date": start, "end_date": end}
            )
            terms.append(term)
    return terms


def install_grade_scale(university=None) -> list[GradeBand]:
    """The default scale (docs/domain.md#grading-scale) for the university (the factories' demo one by default)."""
    university = university or UniversityFactory()
    grade_scale_install_default(university=university)
    return list(GradeBand.objects.filter(university=university))


@pytest.fixture
def grade_scale(db):
    """Install the default grading scale for the factories' university (import this fixture to use it)."""
    return install_grade_scale()


@dataclass
class RegistrationSetup:
    """A student with a curriculum, the terms around today, and the next term's registration open today."""

    student: StudentRecord
    curriculum: Curriculum
    terms: list[Term]
    current: Term
    next: Term
    admission_year: int
    window: Period | None

    @property
    def user(self):
        return self.student.user

    @property
    def next_semester(self) -> int:
        return semester_for_term(admission_year=self.admission_year, term=self.next)

    @property
    def current_semester(self) -> int:
        return semester_for_term(admission_year=self.admission_year, term=self.current)

    def term_of_semester(self, number: int) -> Term:
        return next(t for t in self.terms if semester_for_term(admission_year=self.admission_year, term=t) == number)

    def item(self, *, semester: int | None = None, **discipline) -> CurriculumItem:
        """A discipline of the curriculum (by default in the semester registered for next)."""
        group = discipline.pop("elective_group", None)
        return CurriculumItemFactory(
            curriculum=self.curriculum,
            semester=semester or self.next_semester,
            elective_group=group,
            discipline=DisciplineFactory(department=self.student.programme.department, **discipline),
        )


def registration_setup(*, year_of_study: int = 1, window: bool = True, student=None, **student_kwargs):
    """Terms from four years back to next year; the student is admitted `year_of_study - 1` years ago, so the
    current term is their semester 2·year−1 (autumn) or 2·year (spring) and registration opens for the next."""
    today = timezone.localdate()
    this_year = today.year if today.month >= 9 else today.year - 1
    terms = academic_terms(first_year=this_year - 4, years=6)
    current = Term.objects.filter(pk__in=[t.pk for t in terms]).current(on=today)
    next_term = next(t for t in terms if t.start_date > current.start_date)
    admission_year = this_year - (year_of_study - 1)
    if student is None:
        student = StudentRecordFactory(
            group__admission_year=admission_year, year_of_study=year_of_study, **student_kwargs
        )
    curriculum = CurriculumFactory(programme=student.programme, admission_year=admission_year)
    period = PeriodFactory(term=next_term, kind=Period.Kind.REGISTRATION) if window else None
    return RegistrationSetup(student, curriculum, terms, current, next_term, admission_year, period)


def give_history(setup: RegistrationSetup, *, per_semester: int = 5, semesters: int = 8, failing_every: int = 7):
    """A full curriculum (semesters × per_semester disciplines, each needing one of the semester before) and the
    student's history: graded registrations for past semesters (every n-th one failed), ungraded ones now."""
    install_grade_scale()
    previous: list[Discipline] = []
    by_semester: dict[int, list[CurriculumItem]] = {}
    for number in range(1, semesters + 1):
        items = []
        for index in range(per_semester):
            prerequisites = [previous[index]] if previous else []
            items.append(setup.item(semester=number, prerequisites=prerequisites))
        previous = [i.discipline for i in items]
        by_semester[number] = items
    count = 0
    for number in range(1, setup.current_semester + 1):
        term = setup.term_of_semester(number)
        for item in by_semester[number]:
            registration = RegistrationFactory(
                student=setup.student, discipline=item.discipline, term=term, semester=number
            )
            if number < setup.current_semester:
                count += 1
                grade(registration, 30 if count % failing_every == 0 else 85)
    return by_semester

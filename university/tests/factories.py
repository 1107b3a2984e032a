import datetime

import factory

from university.models import AcademicYear, Department, Faculty, Programme, StudyGroup, Term, University


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = University
        django_get_or_create = ("short_name",)

    short_name = "DEMO"
    name_kk = "Демо университеті"
    name_ru = "Демо университет"
    name_en = "Demo University"


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty

    university = factory.SubFactory(UniversityFactory)
    code = factory.Sequence(lambda n: f"F{n}")
    name_kk = factory.Sequence(lambda n: f"Факультет {n}")
    name_ru = factory.Sequence(lambda n: f"Факультет {n}")
    name_en = factory.Sequence(lambda n: f"Faculty {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    faculty = factory.SubFactory(FacultyFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name_kk = factory.Sequence(lambda n: f"Кафедра {n}")
    name_ru = factory.Sequence(lambda n: f"Кафедра {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    department = factory.SubFactory(DepartmentFactory)
    code = factory.Sequence(lambda n: f"6B{n:05d}")
    name_kk = factory.Sequence(lambda n: f"Бағдарлама {n}")
    name_ru = factory.Sequence(lambda n: f"Программа {n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ("university", "start_date")

    university = factory.SubFactory(UniversityFactory)
    start_date = datetime.date(2026, 9, 1)
    end_date = datetime.date(2027, 6, 30)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("academic_year", "kind")

    academic_year = factory.SubFactory(AcademicYearFactory)
    kind = Term.Kind.AUTUMN
    start_date = datetime.date(2026, 9, 1)
    end_date = datetime.date(2026, 12, 31)


class StudyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyGroup

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"GR-{n}")
    admission_year = 2026
    language = StudyGroup.Language.KAZAKH

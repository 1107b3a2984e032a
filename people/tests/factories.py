import factory

from people.models import StudentRecord, TeacherRecord, User
from university.tests.factories import DepartmentFactory, ProgrammeFactory, StudyGroupFactory

PASSWORD = "correct-horse-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kz")
    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StudentFactory(UserFactory):
    is_student = True
    record = factory.RelatedFactory("people.tests.factories.StudentRecordFactory", factory_related_name="user")


class StudentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentRecord

    user = factory.SubFactory(UserFactory, is_student=True)
    student_number = factory.Sequence(lambda n: f"S{n:07d}")
    programme = factory.SubFactory(ProgrammeFactory)
    group = factory.SubFactory(StudyGroupFactory, programme=factory.SelfAttribute("..programme"))
    year_of_study = 1


class TeacherFactory(UserFactory):
    is_teacher = True
    record = factory.RelatedFactory("people.tests.factories.TeacherRecordFactory", factory_related_name="user")


class TeacherRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeacherRecord

    user = factory.SubFactory(UserFactory, is_teacher=True)
    department = factory.SubFactory(DepartmentFactory)
    position = "Senior lecturer"


class AdvisorFactory(TeacherFactory):
    is_advisor = True


class RegistrarFactory(UserFactory):
    is_registrar = True
    is_staff = True

import factory

from people.tests.factories import TeacherFactory

from ..models import Category, Course, CourseTest, Lesson, LessonMaterial, Section, Topic


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course {n}")
    description = "What the course teaches."
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(TeacherFactory)
    is_published = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(int)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    description = "Watch, then read the notes."
    video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    position = factory.Sequence(int)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonMaterial

    lesson = factory.SubFactory(LessonFactory)
    name = "Notes"
    file = factory.django.FileField(filename="notes.pdf", data=b"%PDF-1.4\n%%EOF\n")
    content_type = "application/pdf"


def course_with_lessons(*, lessons: int = 2, **kwargs) -> tuple[Course, list[Lesson]]:
    course = CourseFactory(**kwargs)
    section = SectionFactory(course=course)
    return course, [LessonFactory(section=section) for _i in range(lessons)]


def course_quiz(course: Course, *, required: bool = True, pass_percent=50) -> CourseTest:
    from testing.models import Quiz

    quiz = Quiz.objects.create(
        author=course.author,
        audience=Quiz.Audience.COURSE,
        title=f"Test of {course.title}",
        status=Quiz.Status.PUBLISHED,
        pass_percent=pass_percent,
    )
    return CourseTest.objects.create(course=course, quiz=quiz, required_for_completion=required)


def finished_attempt(course_test: CourseTest, student, *, percent, status="finished"):
    """An attempt the testing engine finished (written directly: the engine is another part of issue 12)."""
    from django.utils import timezone

    from testing.models import Attempt

    number = Attempt.objects.filter(quiz=course_test.quiz, student=student).count() + 1
    now = timezone.now()
    return Attempt.objects.create(
        quiz=course_test.quiz,
        student=student,
        number=number,
        status=status,
        started_at=now,
        deadline=now,
        finished_at=now,
        percent=percent,
        score=percent,
        max_score=100,
    )


def fund(student, amount, *, key: str = "t") -> None:
    from finance.services.topups import topup_external_post

    topup_external_post(provider="kaspi", external_id=f"test-{key}-{student.pk}", student=student, amount=amount)

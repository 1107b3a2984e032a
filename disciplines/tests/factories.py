import factory

from curriculum.tests.factories import DisciplineFactory
from schedule.models import LessonType

from ..models import Lesson, LessonLink, ReadingItem, Syllabus, SyllabusWeek


class SyllabusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Syllabus

    discipline = factory.SubFactory(DisciplineFactory)
    summary_kk = "Пән туралы"
    summary_ru = "О дисциплине"
    summary_en = "About the discipline"


class SyllabusWeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyllabusWeek

    syllabus = factory.SubFactory(SyllabusFactory)
    number = factory.Sequence(lambda n: n % 15 + 1)
    topic_kk = factory.LazyAttribute(lambda o: f"{o.number}-тақырып")
    topic_ru = factory.LazyAttribute(lambda o: f"Тема {o.number}")
    topic_en = factory.LazyAttribute(lambda o: f"Topic {o.number}")


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    week = factory.SubFactory(SyllabusWeekFactory)
    kind = LessonType.LECTURE
    title_kk = "Дәріс"
    title_ru = "Лекция"
    title_en = "Lecture"
    content_kk = "<p>Мазмұны</p>"
    content_ru = "<p>Содержание</p>"
    content_en = "<p>Content</p>"


class LessonLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonLink

    lesson = factory.SubFactory(LessonFactory)
    url = "https://example.org/video"
    title_kk = "Бейне"
    title_ru = "Видео"
    title_en = "Video"


class ReadingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingItem

    lesson = factory.SubFactory(LessonFactory)
    citation_kk = "Кітап"
    citation_ru = "Книга"
    citation_en = "Book"


def syllabus_with_weeks(discipline, *, weeks: int = 15, lessons_per_week: int = 2) -> Syllabus:
    syllabus = SyllabusFactory(discipline=discipline)
    for number in range(1, weeks + 1):
        week = SyllabusWeekFactory(syllabus=syllabus, number=number)
        for n in range(lessons_per_week):
            lesson = LessonFactory(week=week, kind=LessonType.PRACTICE if n else LessonType.LECTURE, order=n)
            LessonLinkFactory(lesson=lesson)
            ReadingItemFactory(lesson=lesson)
    return syllabus

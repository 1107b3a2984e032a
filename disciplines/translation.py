"""What students read of a syllabus, in Kazakh, Russian and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Lesson, LessonFile, LessonLink, ReadingItem, Syllabus, SyllabusWeek


@register(Syllabus)
class SyllabusTranslationOptions(TranslationOptions):
    fields = ("summary", "skills")


@register(SyllabusWeek)
class SyllabusWeekTranslationOptions(TranslationOptions):
    fields = ("topic", "description")


@register(Lesson)
class LessonTranslationOptions(TranslationOptions):
    fields = ("title", "content")


@register(LessonLink)
class LessonLinkTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(ReadingItem)
class ReadingItemTranslationOptions(TranslationOptions):
    fields = ("citation",)


@register(LessonFile)
class LessonFileTranslationOptions(TranslationOptions):
    fields = ("title",)

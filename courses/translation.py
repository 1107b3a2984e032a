"""What people read of a course, in Kazakh, Russian and English (django-modeltranslation, fallback to Kazakh)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Course, Lesson, LessonMaterial, Section, Topic


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk",)


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk",)


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("kk",)


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("kk",)


@register(Lesson)
class LessonTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("kk",)


@register(LessonMaterial)
class LessonMaterialTranslationOptions(TranslationOptions):
    fields = ("name",)

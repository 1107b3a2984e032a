"""What a teacher's page says of them, in Kazakh, Russian and English (django-modeltranslation); an empty
translation shows the Kazakh one. Names of people are not translated."""

from modeltranslation.translator import TranslationOptions, register

from .models import TeacherRecord


@register(TeacherRecord)
class TeacherRecordTranslationOptions(TranslationOptions):
    fields = ("position", "academic_degree", "competences", "achievements", "experience")

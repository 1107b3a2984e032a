"""What the study plan shows of a discipline and an elective group, in Kazakh, Russian and English
(django-modeltranslation): each field reads the active language and falls back to Kazakh."""

from modeltranslation.translator import TranslationOptions, register

from .models import Discipline, ElectiveGroup


@register(Discipline)
class DisciplineTranslationOptions(TranslationOptions):
    fields = ("name", "description", "competences")
    required_languages = {"kk": ("name",)}


@register(ElectiveGroup)
class ElectiveGroupTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = {"kk": ("title",)}

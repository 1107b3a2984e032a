"""The university's names in Kazakh, Russian and English (django-modeltranslation).

`name` reads the active language and falls back to Kazakh (MODELTRANSLATION_FALLBACK_LANGUAGES); the stored
columns are `name_kk` (required), `name_ru` and `name_en`.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Department, Faculty, Programme, University


@register([University, Faculty, Department, Programme])
class NameTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk",)

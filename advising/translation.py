"""An advisor's material in Kazakh, Russian and English (django-modeltranslation); an empty translation shows
the Kazakh one."""

from modeltranslation.translator import TranslationOptions, register

from .models import AdvisorMaterial


@register(AdvisorMaterial)
class AdvisorMaterialTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = {"kk": ("title",)}

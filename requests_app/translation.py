"""The kinds of request in Kazakh, Russian and English (django-modeltranslation, fallback to Kazakh)."""

from modeltranslation.translator import TranslationOptions, register

from .models import RequestKind


@register(RequestKind)
class RequestKindTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("kk",)

"""Certificate texts and the signatory's name in Kazakh, Russian and English (django-modeltranslation).

Each field reads the active language and falls back to Kazakh; `*_kk` is required.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import DocumentTemplate, Signatory


@register(DocumentTemplate)
class DocumentTemplateTranslationOptions(TranslationOptions):
    fields = ("title", "addressee", "body")
    required_languages = {"kk": ("title", "body")}


@register(Signatory)
class SignatoryTranslationOptions(TranslationOptions):
    fields = ("name", "position")
    required_languages = ("kk",)

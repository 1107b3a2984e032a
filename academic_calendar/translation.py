"""The calendar's titles and holiday names in Kazakh, Russian and English (django-modeltranslation); an empty
translation shows the Kazakh one."""

from modeltranslation.translator import TranslationOptions, register

from .models import Holiday, Period


@register(Period)
class PeriodTranslationOptions(TranslationOptions):
    fields = ("title",)  # optional: the kind is shown when it is empty


@register(Holiday)
class HolidayTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk",)

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from people.permissions import RegistrarAdminMixin

from .models import Holiday, Period


class PeriodAdminForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = ["term", "kind", "title", "start_date", "end_date"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        return cleaned


@admin.register(Period)
class PeriodAdmin(RegistrarAdminMixin, TabbedTranslationAdmin):
    form = PeriodAdminForm
    list_display = ["display_title", "kind", "term", "start_date", "end_date", "length"]
    list_filter = ["kind", "term__academic_year", "term__kind"]
    search_fields = ["title_kk", "title_ru", "title_en"]
    list_select_related = ["term__academic_year"]
    date_hierarchy = "start_date"
    ordering = ["-start_date"]

    @admin.display(description=_("length, days"))
    def length(self, obj):
        return obj.length_days


@admin.register(Holiday)
class HolidayAdmin(RegistrarAdminMixin, TabbedTranslationAdmin):
    list_display = ["date", "name_kk", "name_ru", "name_en", "university"]
    list_filter = ["university"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    date_hierarchy = "date"
    ordering = ["-date"]

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Holiday, Period


def is_registrar_staff(user) -> bool:
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.is_registrar))


class RegistrarAdminMixin:
    """Registrars (staff with the registrar role) manage the study plan's reference data without per-model
    permissions; everyone else keeps Django's permissions."""

    def has_module_permission(self, request):
        return is_registrar_staff(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_registrar_staff(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_registrar_staff(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_registrar_staff(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_registrar_staff(request.user) or super().has_delete_permission(request, obj)


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
class PeriodAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    form = PeriodAdminForm
    list_display = ["display_title", "kind", "term", "start_date", "end_date", "length"]
    list_filter = ["kind", "term__academic_year", "term__kind"]
    search_fields = ["title"]
    list_select_related = ["term__academic_year"]
    date_hierarchy = "start_date"
    ordering = ["-start_date"]

    @admin.display(description=_("length, days"))
    def length(self, obj):
        return obj.length_days


@admin.register(Holiday)
class HolidayAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ["date", "name_kk", "name_ru", "name_en", "university"]
    list_filter = ["university"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    date_hierarchy = "date"
    ordering = ["-date"]

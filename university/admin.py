"""The university's structure in Django admin, as the registrar's office keeps it."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from people.admin import OfficeAdminMixin

from .models import AcademicYear, Department, Faculty, Programme, StudyGroup, Term, University

NAME_SEARCH = ("name_kk", "name_ru", "name_en")


class NameColumnMixin:
    @admin.display(description=_("name"), ordering="name_kk")
    def display_name(self, obj):
        return obj.name


@admin.register(University)
class UniversityAdmin(OfficeAdminMixin, NameColumnMixin, TabbedTranslationAdmin):
    list_display = ("short_name", "display_name", "host")
    search_fields = ("short_name", "host", *NAME_SEARCH)
    fields = ("short_name", "name", "host")


@admin.register(Faculty)
class FacultyAdmin(OfficeAdminMixin, NameColumnMixin, TabbedTranslationAdmin):
    list_display = ("code", "display_name", "university")
    list_select_related = ("university",)
    list_filter = ("university",)
    search_fields = ("code", *NAME_SEARCH)
    fields = ("university", "code", "name")


@admin.register(Department)
class DepartmentAdmin(OfficeAdminMixin, NameColumnMixin, TabbedTranslationAdmin):
    list_display = ("code", "display_name", "faculty")
    list_select_related = ("faculty",)
    list_filter = ("faculty__university", "faculty")
    search_fields = ("code", *NAME_SEARCH, "faculty__code")
    autocomplete_fields = ("faculty",)
    fields = ("faculty", "code", "name")


@admin.register(Programme)
class ProgrammeAdmin(OfficeAdminMixin, NameColumnMixin, TabbedTranslationAdmin):
    list_display = ("code", "display_name", "degree", "department", "semesters", "total_credits")
    list_select_related = ("department",)
    list_filter = ("degree", "department__faculty", "department")
    search_fields = ("code", *NAME_SEARCH)
    autocomplete_fields = ("department",)
    fieldsets = (
        (None, {"fields": ("department", "code", "degree", "name")}),
        (
            _("Credits"),
            {"fields": ("semesters", "total_credits", "min_credits_per_semester", "max_credits_per_semester")},
        ),
    )


class TermInline(OfficeAdminMixin, admin.TabularInline):
    model = Term
    extra = 0
    fields = ("kind", "start_date", "end_date")


@admin.register(AcademicYear)
class AcademicYearAdmin(OfficeAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "university", "start_date", "end_date")
    list_select_related = ("university",)
    list_filter = ("university",)
    date_hierarchy = "start_date"
    inlines = [TermInline]


@admin.register(Term)
class TermAdmin(OfficeAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "start_date", "end_date")
    list_select_related = ("academic_year",)
    list_filter = ("kind", "academic_year")
    ordering = ("-start_date",)
    date_hierarchy = "start_date"


@admin.register(StudyGroup)
class StudyGroupAdmin(OfficeAdminMixin, admin.ModelAdmin):
    list_display = ("name", "programme", "admission_year", "language", "student_count")
    list_select_related = ("programme",)
    list_filter = ("language", "admission_year", "programme__department__faculty", "programme")
    search_fields = ("name", "programme__code", "programme__name_kk", "programme__name_ru", "programme__name_en")
    autocomplete_fields = ("programme",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(student_total=Count("students"))

    @admin.display(description=_("students"), ordering="student_total")
    def student_count(self, obj):
        return obj.student_total

"""Syllabi in Django admin, with a tab per language (the portal's teacher pages are the everyday way to edit them)."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from people.admin import OfficeAdminMixin

from .models import Lesson, LessonFile, LessonLink, ReadingItem, Syllabus, SyllabusWeek
from .services.syllabus import LANGUAGES, sanitise


class SyllabusWeekInline(TranslationTabularInline):
    model = SyllabusWeek
    extra = 0
    fields = ("number", "topic", "description")


@admin.register(Syllabus)
class SyllabusAdmin(OfficeAdminMixin, TabbedTranslationAdmin):
    list_display = ("discipline", "control_form", "updated_at")
    list_select_related = ("discipline",)
    search_fields = ("discipline__code", "discipline__name_kk", "discipline__name_ru", "discipline__name_en")
    autocomplete_fields = ("discipline",)
    readonly_fields = ("updated_by",)
    inlines = [SyllabusWeekInline]


class LessonLinkInline(TranslationTabularInline):
    model = LessonLink
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ReadingItemInline(TranslationTabularInline):
    model = ReadingItem
    extra = 0


class LessonFileInline(TranslationStackedInline):
    model = LessonFile
    extra = 0
    fields = ("title", "name", "content_type", "size")
    readonly_fields = ("name", "content_type", "size")

    def has_add_permission(self, request, obj=None):
        return False  # files are checked by content when uploaded in the portal


@admin.register(Lesson)
class LessonAdmin(OfficeAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "kind", "week")
    list_select_related = ("week__syllabus__discipline",)
    list_filter = ("kind",)
    search_fields = ("title_kk", "title_ru", "title_en", "week__syllabus__discipline__code")
    raw_id_fields = ("week",)
    inlines = [LessonLinkInline, ReadingItemInline, LessonFileInline]

    def save_model(self, request, obj, form, change):
        for lang in LANGUAGES:  # the same sanitising as the portal's form: the page shows the content as HTML
            setattr(obj, f"content_{lang}", sanitise(getattr(obj, f"content_{lang}") or ""))
        super().save_model(request, obj, form, change)

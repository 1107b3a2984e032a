"""Testing in Django admin: question banks, questions and tests to look at (the office); they change through the
teachers' pages (testing/views/authoring/), whose services sanitise the HTML and check who may change what."""

from django.contrib import admin

from people.permissions import OfficeAdminMixin, ReadOnlyAdminMixin, RegistrarAdminMixin

from .models import (
    Accommodation,
    ProctorCheck,
    ProctorEvent,
    Question,
    QuestionBank,
    QuestionFile,
    Quiz,
    QuizPool,
    QuizQuestion,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ("name", "type", "category", "points")


class QuestionFileInline(ReadOnlyInline):
    model = QuestionFile
    fields = ("name", "content_type", "size")


class QuizQuestionInline(ReadOnlyInline):
    model = QuizQuestion
    fields = ("position", "question", "points")


class QuizPoolInline(ReadOnlyInline):
    model = QuizPool
    fields = ("position", "bank", "category", "include_subcategories", "count", "points")


class AccommodationInline(ReadOnlyInline):
    model = Accommodation
    fields = ("student", "extra_minutes", "reason", "created_by")


@admin.register(QuestionBank)
class QuestionBankAdmin(ReadOnlyAdminMixin, RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ("title", "discipline", "owner", "updated_at")
    list_select_related = ("discipline", "owner")
    search_fields = ("title", "discipline__code", "discipline__name")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdminMixin, RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ("name", "type", "category", "bank", "points")
    list_filter = ("type",)
    list_select_related = ("bank",)
    search_fields = ("name", "category", "bank__title")
    inlines = [QuestionFileInline]


@admin.register(Quiz)
class QuizAdmin(ReadOnlyAdminMixin, RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "status", "discipline", "term", "opens_at", "closes_at")
    list_filter = ("kind", "status", "audience", "proctored")
    list_select_related = ("discipline", "term__academic_year")
    search_fields = ("title", "discipline__code")
    inlines = [QuizQuestionInline, QuizPoolInline, AccommodationInline]


# Proctoring (issue 12, part 3): read only for the office; checks and events change only through the services


@admin.register(ProctorCheck)
class ProctorCheckAdmin(ReadOnlyAdminMixin, OfficeAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "quiz", "student", "attempt", "rules_accepted_at", "devices_checked_at", "photo_taken_at")
    list_select_related = ("quiz", "student__user", "attempt")
    raw_id_fields = ("quiz", "student", "attempt")
    exclude = ("photo",)  # served only through the access-checked view, never a /media/ link


@admin.register(ProctorEvent)
class ProctorEventAdmin(ReadOnlyAdminMixin, OfficeAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "attempt", "kind", "source", "severity", "at")
    list_filter = ("kind", "source")
    list_select_related = ("attempt__quiz",)
    raw_id_fields = ("attempt",)

"""My requests in Django admin: the office edits the kinds of request; requests change only through the pages."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from people.permissions import ReadOnlyAdminMixin, RegistrarAdminMixin

from .models import Request, RequestKind


@admin.register(RequestKind)
class RequestKindAdmin(RegistrarAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "category", "office", "price", "active")
    list_filter = ("category", "office", "active")
    search_fields = ("slug", "name")


@admin.register(Request)
class RequestAdmin(ReadOnlyAdminMixin, RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "kind", "student", "status", "created_at")
    list_filter = ("status", "kind__category")
    list_select_related = ("kind", "student__user")

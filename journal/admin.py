from django.contrib import admin

from .models import CellChange, Column, JournalSettings, Unlock


@admin.register(JournalSettings)
class JournalSettingsAdmin(admin.ModelAdmin):
    list_display = ("university", "edit_window_days", "absence_limit_hours", "certificate_window_days")


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ("discipline", "term", "stream", "kind", "date", "hours")
    list_filter = ("kind", "term")
    raw_id_fields = ("discipline", "term", "stream", "slot")


@admin.register(Unlock)
class UnlockAdmin(admin.ModelAdmin):
    list_display = ("stream", "week_start", "until", "created_by")
    raw_id_fields = ("stream", "created_by")


@admin.register(CellChange)
class CellChangeAdmin(admin.ModelAdmin):
    """The audit of the journal: read only."""

    list_display = ("cell", "actor", "old_grade", "new_grade", "old_attendance", "new_attendance", "created_at")
    raw_id_fields = ("cell", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

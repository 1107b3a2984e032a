"""Testing in Django admin; each part registers its own models (docs/modules.md#testing)."""

from django.contrib import admin

from people.permissions import OfficeAdminMixin, ReadOnlyAdminMixin

from .models import ProctorCheck, ProctorEvent

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

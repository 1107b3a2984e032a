from django.contrib import admin

from people.permissions import ReadOnlyAdminMixin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id", "summary"]
    list_filter = ["action", "target_type"]
    search_fields = ["summary", "target_id", "actor__email"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

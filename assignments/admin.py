from django.contrib import admin

from .models import Assignment, AssignmentFile, Submission


class AssignmentFileInline(admin.TabularInline):
    model = AssignmentFile
    fields = ("name", "content_type", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("title", "stream", "deadline", "max_points", "late_policy")
    list_select_related = ("stream__discipline",)
    search_fields = ("title",)
    raw_id_fields = ("stream", "author")
    inlines = [AssignmentFileInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read only: grades change through the services (audited)."""

    list_display = ("assignment", "student", "status", "final_points", "submitted_at", "days_late")
    list_filter = ("status",)
    list_select_related = ("assignment", "student__user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from people.permissions import OfficeAdminMixin

from .models import CertificateJob, DocumentTemplate, IssuedDocument, Signatory


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Read only: revoking goes through the verification page's form (documents:revoke), with a reason."""

    list_display = ["code", "kind", "title", "holder", "issued_at", "valid_until", "revoked_at"]
    list_filter = ["kind", "issued_at", "revoked_at"]
    search_fields = ["code", "title", "holder__email", "holder__last_name", "holder__first_name"]
    list_select_related = ["holder"]
    date_hierarchy = "issued_at"
    readonly_fields = [
        "code",
        "kind",
        "holder",
        "title",
        "content",
        "site_root",
        "issued_at",
        "issued_by",
        "valid_until",
        "revoked_at",
        "revoke_reason",
    ]

    def has_add_permission(self, request):
        # Documents are issued by the services that print them, never typed in by hand.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A printed document may be checked years later: revoke it, never delete it.
        return False


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(OfficeAdminMixin, TabbedTranslationAdmin):
    list_display = ["title", "slug", "kind", "valid_days", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["slug", "title"]
    prepopulated_fields = {"slug": ["title_en"]}


@admin.register(Signatory)
class SignatoryAdmin(OfficeAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "position", "is_active"]


@admin.register(CertificateJob)
class CertificateJobAdmin(OfficeAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "template", "group", "language", "status", "done", "total", "created_by", "created_at"]
    list_filter = ["status", "language"]
    list_select_related = ["template", "group", "created_by"]
    readonly_fields = [field for field in ("created_by", "template", "language", "group", "student", "student_ids",
                                           "site_root", "status", "total", "done", "zip_file", "error", "finished_at")]

    def has_add_permission(self, request):
        return False  # started from the office's page (documents:group_certificates)

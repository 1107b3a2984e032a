from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from people.permissions import OfficeAdminMixin

from .forms import RevokeForm
from .models import CertificateJob, DocumentTemplate, IssuedDocument, Signatory
from .services import document_revoke


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Read only; revoking asks for the reason the verification page then shows."""

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

    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None):
        # A printed document may be checked years later: revoke it, never delete it.
        return False

    @admin.action(description=_("Revoke the selected documents"))
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            for document in queryset.filter(revoked_at__isnull=True):
                try:
                    document_revoke(document=document, actor=request.user, reason=form.cleaned_data["reason"])
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return None
                count += 1
            self.message_user(
                request,
                ngettext("%(count)d document revoked.", "%(count)d documents revoked.", count) % {"count": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke the selected documents"),
            "opts": self.model._meta,
            "documents": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/documents/revoke.html", context)


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
    readonly_fields = [
        field
        for field in (
            "created_by",
            "template",
            "language",
            "group",
            "student",
            "student_ids",
            "site_root",
            "status",
            "total",
            "done",
            "zip_file",
            "error",
            "finished_at",
        )
    ]

    def has_add_permission(self, request):
        return False  # started from the office's page (documents:group_certificates)

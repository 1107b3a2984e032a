from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import IssuedDocument
from .services import document_revoke


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "title", "holder", "issued_at", "revoked_at"]
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
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # Documents are issued by the services that print them, never typed in by hand.
        return False

    def has_delete_permission(self, request, obj=None):
        # A printed document may be checked years later: revoke it, never delete it.
        return False

    @admin.action(description=_("Revoke the selected documents"))
    def revoke(self, request, queryset):
        count = 0
        for document in queryset:
            if document.revoked_at is None:
                document_revoke(document=document, actor=request.user)
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d document revoked.", "%(count)d documents revoked.", count) % {"count": count},
            messages.SUCCESS,
        )

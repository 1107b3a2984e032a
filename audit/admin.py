from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from people.permissions import ReadOnlyAdminMixin

from .models import AuditRecord


def target_type_name(label: str) -> str:
    """`curriculum.iupplan` as the model's name in the reader's language (the label itself if the model is gone)."""
    try:
        return capfirst(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class ActorFilter(admin.SimpleListFilter):
    """By who did it, without listing every user of the university in the sidebar: the lines nobody signed in
    wrote, or one person's (the actor column links here; the sidebar then names the person)."""

    title = _("actor")
    parameter_name = "actor"
    NOBODY = "none"

    def lookups(self, request, model_admin):
        choices = [(self.NOBODY, _("Nobody (the system)"))]
        value = self.value()
        if value and value.isdigit():
            email = get_user_model().objects.filter(pk=value).values_list("email", flat=True).first()
            choices.append((value, email or f"#{value}"))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.NOBODY:
            return queryset.filter(actor__isnull=True)
        if not value.isdigit():
            raise IncorrectLookupParameters(value)
        return queryset.filter(actor_id=value)


class TargetTypeFilter(admin.SimpleListFilter):
    """By the kind of object changed, named as the admin names the model; one object's history is this filter
    with `target_id` (the target column links there)."""

    title = _("object type")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        labels = AuditRecord.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
        return sorted(((label, target_type_name(label)) for label in labels), key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value is None else queryset.filter(target_type=value)


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, to read: nobody adds, changes or deletes a line here, superusers included (the services
    write it, in the transaction of the change they record)."""

    list_display = ["created_at", "actor_link", "action", "target_link", "summary"]
    list_filter = ["action", ActorFilter, TargetTypeFilter, "created_at"]
    search_fields = ["actor__email", "summary", "=target_id"]
    search_help_text = _("The actor's e-mail, words of the summary or the object's id.")
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # one COUNT of a long table per page is enough
    fields = ["created_at", "actor", "action", "target_link", "summary", "before", "after"]
    readonly_fields = ["created_at", "target_link"]

    @admin.display(description=_("actor"), ordering="actor__email")
    def actor_link(self, record):
        if record.actor_id is None:
            return "—"
        query = urlencode({"actor": record.actor_id})
        return format_html(
            '<a href="{}?{}">{}</a>', reverse("admin:audit_auditrecord_changelist"), query, record.actor.email
        )

    @admin.display(description=_("object"), ordering="target_type")
    def target_link(self, record):
        query = urlencode({"target_type": record.target_type, "target_id": record.target_id})
        return format_html(
            '<a href="{}?{}">{} #{}</a>',
            reverse("admin:audit_auditrecord_changelist"),
            query,
            target_type_name(record.target_type),
            record.target_id,
        )

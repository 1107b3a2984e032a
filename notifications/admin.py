from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["shown_title", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title_msgid", "recipient__email", "recipient__last_name"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["shown_title", "shown_body", "created_at", "read_at", "emailed_at"]
    date_hierarchy = "created_at"

    @admin.display(description=_("title"))
    def shown_title(self, notification):
        """In the admin's language, from the message id and its values."""
        return notification.title

    @admin.display(description=_("text"))
    def shown_body(self, notification):
        return notification.body


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "in_app", "email"]
    list_filter = ["kind", "in_app", "email"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]

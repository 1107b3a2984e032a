from django.contrib import admin

from .models import Conversation, Membership, Message


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mode", "last_message_at", "created_at"]
    list_filter = ["mode"]
    search_fields = ["subject", "members__email", "members__last_name"]
    inlines = [MembershipInline]
    readonly_fields = ["last_message_at", "created_at"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "conversation", "sender", "created_at"]
    search_fields = ["body", "sender__email"]
    raw_id_fields = ["conversation", "sender"]
    readonly_fields = ["created_at"]

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from people.permissions import ReadOnlyAdminMixin, RegistrarAdminMixin

from .models import AdvisorMaterial


@admin.register(AdvisorMaterial)
class AdvisorMaterialAdmin(ReadOnlyAdminMixin, RegistrarAdminMixin, TabbedTranslationAdmin):
    """For the office to look into; advisors write materials on their own pages (the services audit them)."""

    list_display = ("title", "advisor", "audience", "group", "is_published", "created_at")
    list_filter = ("is_published", "audience")
    list_select_related = ("advisor", "group")
    search_fields = ("title_kk", "title_ru", "title_en", "advisor__last_name")

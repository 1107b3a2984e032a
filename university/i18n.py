"""Names kept in the three languages of the cabinet, shown in the active one."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class MultilingualName(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Kazakh, then Russian."""
        lang = (get_language() or "kk")[:2]
        return getattr(self, f"name_{lang}", "") or self.name_kk or self.name_ru

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThesisConfig(AppConfig):
    name = "thesis"
    verbose_name = _("Thesis")

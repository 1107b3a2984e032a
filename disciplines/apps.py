from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplinesConfig(AppConfig):
    name = "disciplines"
    verbose_name = _("My disciplines")

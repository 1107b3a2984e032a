from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisingConfig(AppConfig):
    name = "advising"
    verbose_name = _("My advisor")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicCalendarConfig(AppConfig):
    name = "academic_calendar"
    verbose_name = _("Academic calendar")

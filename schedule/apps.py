from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("Schedule")

    def ready(self):
        from people.permissions import teaching_check_register

        from .permissions import teaches_student

        teaching_check_register(teaches_student)

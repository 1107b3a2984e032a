"""The cabinet's own proctoring: the browser checks of the proctoring pages (rules, extension ping, camera and
microphone, identification photo, the entire screen shared) and the events the attempt page posts."""

from django.utils.translation import gettext_lazy as _

from .base import Backend


class BuiltinBackend(Backend):
    code = "builtin"
    label = _("Browser checks of the cabinet")

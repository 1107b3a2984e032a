"""Proctoring backends (docs/modules.md#proctoring): the browser's own checks (builtin.py) and vendors whose
service watches the student and reports events through a signed webhook (examus.py). The enabled ones are built
once from the TESTING_PROCTORING_BACKENDS setting (dotted class paths); a test names one by its `code` in
`Quiz.proctoring_backend` (blank: the built-in one)."""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.utils.module_loading import import_string

from .base import Backend

BUILTIN = "builtin"


@cache
def backends() -> dict[str, Backend]:
    """code → backend, in the setting's order."""
    built = [import_string(path)() for path in settings.TESTING_PROCTORING_BACKENDS]
    return {backend.code: backend for backend in built}


def backend_get(code: str) -> Backend:
    """The enabled backend of that code, or 404 (a webhook to a backend that is switched off finds nothing)."""
    try:
        return backends()[code or BUILTIN]
    except KeyError:
        raise Http404 from None


def backend_for_quiz(quiz) -> Backend | None:
    """The backend a proctored test uses, None when it names one that is not enabled."""
    return backends().get(quiz.proctoring_backend or BUILTIN)


@receiver(setting_changed)
def _reset(*, setting, **kwargs):
    if setting == "TESTING_PROCTORING_BACKENDS":
        backends.cache_clear()

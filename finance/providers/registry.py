"""The enabled payment providers, built once from the FINANCE_PROVIDERS setting (a list of dotted class paths)."""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.utils.module_loading import import_string

from .base import Provider


@cache
def providers() -> dict[str, Provider]:
    """code → provider, in the setting's order."""
    built = [import_string(path)() for path in settings.FINANCE_PROVIDERS]
    return {provider.code: provider for provider in built}


def provider_get(code: str) -> Provider:
    """The enabled provider of that code, or 404 (a callback to a provider that is switched off finds nothing)."""
    try:
        return providers()[code]
    except KeyError:
        raise Http404 from None


def provider_choices() -> list[tuple[str, str]]:
    """The providers a student may start a top-up with now."""
    return [(code, p.label) for code, p in providers().items() if p.available()]


@receiver(setting_changed)
def _reset(*, setting, **kwargs):
    if setting == "FINANCE_PROVIDERS":
        providers.cache_clear()

"""The payment providers' servers calling ours (finance/providers/). No session and no CSRF token: each provider
authenticates its calls by a signature with a shared secret, checked in its `handle_callback` before anything."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..providers.registry import provider_get


@csrf_exempt
@require_http_methods(["POST"])
def callback_halyk(request):
    return provider_get("halyk").handle_callback(request)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback_kaspi(request):
    return provider_get("kaspi").handle_callback(request)

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import health_status


@never_cache
def healthz(request):
    """For load balancers and container health checks: 200 when the database (and Redis, if set) answer, else 503."""
    ok, checks = health_status()
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)

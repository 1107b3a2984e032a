from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def index(request):
    """Placeholder until the finance page lands (same issue)."""
    return HttpResponse(status=204)

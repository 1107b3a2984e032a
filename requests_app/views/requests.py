from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def index(request):
    """Placeholder: My requests (issue 11) replaces it."""
    return HttpResponse(status=204)


@login_required
def add(request):
    """Placeholder: Add request (issue 11) replaces it; ?kind=<slug> preselects a kind."""
    return HttpResponse(status=204)


@login_required
def queue(request):
    """Placeholder: the offices' queues (issue 11) replace it."""
    return HttpResponse(status=204)

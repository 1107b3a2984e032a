from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def index(request):
    """Placeholder: My advisor (issue 11) replaces it."""
    return HttpResponse(status=204)

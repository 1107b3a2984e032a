from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def index(request):
    """Placeholder: the finance page (issue 11) replaces it."""
    return HttpResponse(status=204)


@login_required
def student(request, pk):
    """Placeholder: staff's view of a student's finance page (issue 11) replaces it."""
    return HttpResponse(status=204)

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def topup(request):
    """Placeholder: the top-up page (issue 11) replaces it."""
    return HttpResponse(status=204)


@login_required
def receipts(request):
    """Placeholder: staff's queue of receipts to confirm (issue 11) replaces it."""
    return HttpResponse(status=204)

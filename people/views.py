from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def profile(request):
    return HttpResponse("")


@login_required
def settings_page(request):
    return HttpResponse("")


@login_required
def photo(request, pk):
    return HttpResponse("")

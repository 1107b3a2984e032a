from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .modules import BY_SLUG, tiles_for


@login_required
def dashboard(request):
    return render(request, "cabinet/dashboard.html", {"tiles": tiles_for(request.user)})


@login_required
def module_unavailable(request, slug):
    module = BY_SLUG.get(slug)
    if module is None:
        raise Http404
    return render(request, "cabinet/not_available.html", {"module": module})


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in person keeps it on every device."""
    lang = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if lang not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated and request.user.language != lang:
        request.user.language = lang
        request.user.save(update_fields=["language", "updated_at"])
    translation.activate(lang)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response

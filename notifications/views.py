from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from .permissions import notification_get_for_user_or_404
from .selectors import latest_notifications, notifications_for
from .services import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 20


@login_required
@require_GET
def dropdown(request):
    """The bell's menu, loaded by htmx when it opens; without htmx the full list page answers."""
    if not request.htmx:
        return redirect("notifications:list")
    return render(request, "notifications/dropdown.html", _dropdown_context(request))


@login_required
@require_GET
def notification_list(request):
    page = Paginator(notifications_for(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "next_url": request.get_full_path()})


@login_required
@require_POST
def read(request, pk):
    """Mark one notification read; with `follow=1` go on to what it is about."""
    notification = notification_get_for_user_or_404(request.user, pk)
    notification = notification_mark_read(user=request.user, notification_id=notification.pk)
    follow = request.POST.get("follow") == "1" and _is_safe(request, notification.url)
    if request.htmx:
        if follow:
            return HttpResponseClientRedirect(notification.url)
        context = {"notification": notification, "next_url": _next_url(request)}
        return render(request, "notifications/read_swap.html", context)
    return redirect(notification.url if follow else _next_url(request))


@login_required
@require_POST
def read_all(request):
    changed = notifications_mark_all_read(user=request.user)
    if request.htmx:
        return render(request, "notifications/dropdown.html", _dropdown_context(request))
    if changed:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_next_url(request))


def _dropdown_context(request) -> dict:
    return {"notifications": latest_notifications(user=request.user), "next_url": reverse("notifications:list")}


def _is_safe(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())


def _next_url(request) -> str:
    url = request.POST.get("next", "")
    return url if _is_safe(request, url) else reverse("notifications:list")

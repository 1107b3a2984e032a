"""The private calendar feed (docs/modules.md#schedule): the page with one's link, revoking it, and the .ics itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..ical import feed_calendar
from ..models import CalendarFeed
from ..services.feed import calendar_feed_get_or_create, calendar_feed_rotate


def _links(request, feed: CalendarFeed) -> dict:
    https = request.build_absolute_uri(reverse("schedule:feed_ics", args=[feed.token]))
    webcal = "webcal://" + https.split("://", 1)[1]
    return {"feed": feed, "https_url": https, "webcal_url": webcal}


@never_cache
@login_required
def feed(request):
    """The person's private URL in both forms, with how to subscribe from Google, Apple and Outlook."""
    return render(request, "schedule/feed.html", _links(request, calendar_feed_get_or_create(user=request.user)))


@never_cache
@login_required
@require_POST
def feed_rotate(request):
    """Revoke the link and make a new one; calendars subscribed with the old link stop updating."""
    new_feed = calendar_feed_rotate(user=request.user)
    message = _("The old link no longer works. Subscribe again with the new link below.")
    if request.htmx:
        return render(request, "schedule/feed.html#feed-links", {**_links(request, new_feed), "rotated": message})
    messages.success(request, message)
    return redirect("schedule:feed")


@require_GET
def feed_ics(request, token: str):
    """The public feed: no sign-in, the secret token is the key; a revoked or unknown token is 404."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    calendar = feed_calendar(
        user=feed.user,
        uid_domain=request.get_host().split(":")[0],
        base_url=request.build_absolute_uri("/").rstrip("/"),
        today=timezone.localdate(),
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="timetable.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

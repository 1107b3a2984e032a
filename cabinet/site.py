"""The portal's public address, for links that leave the page: e-mails, QR codes, calendar feeds."""

from django.conf import settings


def site_url(*, request=None, base_url: str = "") -> str:
    """Scheme and host without a trailing slash, or "" when nothing tells.

    SITE_URL when the deployment sets it (behind a proxy, from a background job); else the current request's host
    (or `base_url`, a request's root captured before a task was queued); else the university's own host.
    """
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    if base_url:
        return base_url.rstrip("/")
    from university.models import University

    host = University.objects.exclude(host="").values_list("host", flat=True).first()
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{host}" if host else ""

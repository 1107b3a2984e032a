"""The portal's public address, for links that leave the page: e-mails, QR codes, calendar feeds."""

from django.conf import settings


def site_url(*, request=None, base_url: str = "") -> str:
    """Scheme and host without a trailing slash, or "" when nothing tells.

    SITE_URL when the deployment sets it (behind a proxy, from a background job); else the current request's host
    (or `base_url`, a request's root captured before a task was queued). A caller with neither may fall back to the
    university's own host (`university.selectors.university_site_url`).
    """
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    if base_url:
        return base_url.rstrip("/")
    return ""

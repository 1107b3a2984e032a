from django.conf import settings

from core.site import site_url

from .models import University


def university_site_url() -> str:
    """The portal's address for a link made outside any request: SITE_URL, else the university's own host."""
    if url := site_url():
        return url
    host = University.objects.exclude(host="").values_list("host", flat=True).first()
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{host}" if host else ""

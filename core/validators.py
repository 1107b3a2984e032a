"""Links people type that others will open: checked as a browser reads them, not as Python's urlsplit does.

A browser (the WHATWG URL standard) takes a backslash for a slash in http(s) URLs and drops tabs and newlines
anywhere, so `https://evil.example\\@www.linkedin.com/in/x` opens evil.example, though urlsplit names
www.linkedin.com as its host, and the "path" `/\\evil.example/` opens another site. A link is accepted here only
when there is nothing for the two readings to disagree on: no backslash, no whitespace or control character, no
user name or password before the host, a host that is a real domain or address (compared after the same IDNA
mapping browsers apply), and, where a site is expected, that site or one of its subdomains.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class SafeLinkValidator:
    """`SafeLinkValidator(hosts=("linkedin.com",))` for a profile link, `SafeLinkValidator(allow_path=True,
    schemes=("http", "https"))` for a link that may also point inside the cabinet ("/testing/...")."""

    message = _("Enter a valid link.")
    code = "invalid_link"

    def __init__(self, *, hosts=(), schemes=("https",), allow_path=False, message=None):
        self.hosts = tuple(h.lower() for h in hosts)
        self.schemes = tuple(schemes)
        self.allow_path = allow_path
        if message is not None:
            self.message = message

    def __call__(self, value) -> None:
        if not link_is_safe(str(value), hosts=self.hosts, schemes=self.schemes, allow_path=self.allow_path):
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, SafeLinkValidator) and (
            self.hosts,
            self.schemes,
            self.allow_path,
            self.message,
        ) == (other.hosts, other.schemes, other.allow_path, other.message)


def link_is_safe(value: str, *, hosts=(), schemes=("https",), allow_path=False) -> bool:
    if not value or "\\" in value or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return False
    if allow_path and value.startswith("/"):
        return not value.startswith("//")  # "//host/..." is another site with the page's scheme
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    if parts.scheme.lower() not in schemes or not parts.netloc or "@" in parts.netloc:
        return False
    host = _browser_host(parts.hostname or "")
    if host is None:
        return False
    try:
        URLValidator(schemes=list(schemes))(f"{parts.scheme}://{host}/")
    except ValidationError:
        return False
    return not hosts or any(host == h or host.endswith("." + h) for h in hosts)


def _browser_host(host: str) -> str | None:
    """The host as a browser goes to it: IDNA-mapped (full-width letters and dots become ASCII), lower case."""
    try:
        return host.encode("idna").decode("ascii").lower().rstrip(".") if host else None
    except UnicodeError:
        return None

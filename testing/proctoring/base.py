"""What a proctoring backend does: verify and read a vendor's webhook, and say where a student's session opens."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


class WebhookRefused(Exception):
    """A call the backend does not accept (no or a forged signature, a body it cannot read): answered 403 or 400,
    nothing stored."""

    def __init__(self, message: str, *, status: int = 403):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class VendorEvent:
    """One event of a vendor's report, already mapped onto our kinds."""

    external_id: str
    kind: str  # a ProctorEventKind value
    at: dt.datetime | None = None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class VendorReport:
    """A webhook's content: the attempt it is about (our id, which the session URL passed to the vendor), its
    events, and the vendor's verdict if it gave one ("" none, "clean", "suspicious" or "violation")."""

    attempt_id: int
    events: list[VendorEvent]
    verdict: str = ""
    comment: str = ""


class Backend:
    code = ""
    label = _("Proctoring")
    # False: the browser checks are all there is (no vendor's page to open, no webhook)
    remote = False

    def session_url(self, attempt) -> str:
        """Where the student's browser goes to open the vendor's session for this attempt ("" for none)."""
        return ""

    def webhook_parse(self, request) -> VendorReport:
        """The report of a webhook call, or WebhookRefused."""
        raise WebhookRefused("This backend takes no webhook.", status=404)


def hmac_sha256_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_valid(secret: str, message: bytes, signature: str | None) -> bool:
    """True only with a configured secret and the exact signature (compared in constant time)."""
    if not secret or not signature:
        return False
    signature = signature.strip().lower().removeprefix("sha256=")
    return hmac.compare_digest(hmac_sha256_hex(secret, message), signature)

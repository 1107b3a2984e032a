"""What every payment provider answers to (docs/modules.md#top-ups).

A provider starts a payment the student asked for (`start`: a redirect to its page, or our own form), answers its
own server's calls (`handle_callback`: signed, idempotent, posting through finance.services.topups only) and says
where a payment stands (`status`). Money is never posted here without the provider's word checked: a signature
over the request and, where the protocol has one, a status query to the provider's own API.
"""

import hashlib
import hmac

from django.http import HttpRequest, HttpResponse

from ..models import TopUp


class Provider:
    """A payment method. Subclasses set `code` (stored on TopUp.provider) and `label`, and override what they do."""

    code: str = ""
    label = ""
    # the student picks it on the top-up page (Kaspi's payer starts in Kaspi's own app instead)
    student_starts = True

    def available(self) -> bool:
        """Offered to students now: configured (its URLs and secret set)."""
        return self.student_starts

    def start(self, topup: TopUp, request: HttpRequest) -> HttpResponse:
        """The student's next step for a new top-up: a redirect to the provider's page or to our form."""
        raise NotImplementedError

    def handle_callback(self, request: HttpRequest) -> HttpResponse:
        """The provider's server calling ours. Answers 403 and posts nothing unless the call is signed."""
        return HttpResponse(status=404)

    def status(self, topup: TopUp) -> str:
        """Where the payment stands, one of TopUp.Status (the provider asked where the protocol allows)."""
        return topup.status


class ProviderError(Exception):
    """The provider could not be reached or answered something we cannot read: nothing posted, try again later."""


def hmac_sha256(secret: str, message: str | bytes) -> str:
    if isinstance(message, str):
        message = message.encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_valid(secret: str, message: str | bytes, signature: str | None) -> bool:
    """True only for a configured secret and the exact signature (compared in constant time)."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(hmac_sha256(secret, message), signature.strip().lower())

"""Halyk ePay style card payments: an invoice of ours, the provider's payment page, a signed server callback.

1. `start`: the student is sent to HALYK_PAY_URL with the invoice id (12 digits, TopUp.invoice_id), the amount,
   and the addresses of our callback (postLink) and of the top-up's page (backLink).
2. The provider's server POSTs a JSON body to finance:callback_halyk with `X-Signature`: hex HMAC-SHA256 with the
   shared HALYK_SECRET over the canonical body (the JSON with sorted keys, no spaces: `canonical_body`).
   Unsigned or forged → 403, nothing read further.
3. The callback's word alone posts nothing: we ask the provider's API (HALYK_STATUS_URL?invoiceId=…, signed the
   same way, HALYK_TIMEOUT seconds) where the payment stands. CHARGE with the invoice's amount in KZT posts once
   (topup_post with the provider's payment id: unique per provider); a declined payment or another amount fails
   the top-up; anything else waits for the next callback. The API unreachable → 503, the provider retries.
"""

import json
import logging
from decimal import Decimal, InvalidOperation
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ..models import TopUp
from ..money import KZT
from .base import Provider, ProviderError, hmac_sha256, signature_valid

log = logging.getLogger(__name__)

PAID = "CHARGE"
DECLINED = {"REJECT", "CANCEL", "FAILED", "REFUND"}


def canonical_body(data: dict) -> bytes:
    """What the signature covers: the same JSON however the sender spaced or ordered it."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class HalykProvider(Provider):
    code = "halyk"
    label = gettext_lazy("Bank card (Halyk ePay)")

    def available(self) -> bool:
        return bool(settings.HALYK_PAY_URL and settings.HALYK_SECRET and settings.HALYK_STATUS_URL)

    def start(self, topup, request):
        query = {
            "invoiceId": topup.invoice_id,
            "amount": str(topup.amount),
            "currency": topup.currency,
            "terminal": settings.HALYK_TERMINAL,
            "postLink": request.build_absolute_uri(reverse("finance:callback_halyk")),
            "backLink": request.build_absolute_uri(reverse("finance:topup_detail", kwargs={"pk": topup.pk})),
        }
        return HttpResponseRedirect(f"{settings.HALYK_PAY_URL}?{urlencode(query)}")

    def handle_callback(self, request):
        from ..services.topups import topup_fail, topup_post

        if request.method != "POST":
            return JsonResponse({"error": "method"}, status=405)
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            data = None
        signature = request.headers.get("X-Signature")
        if not isinstance(data, dict) or not signature_valid(settings.HALYK_SECRET, canonical_body(data), signature):
            return JsonResponse({"error": "signature"}, status=403)
        topup = TopUp.objects.filter(provider=self.code, invoice_id=str(data.get("invoiceId", ""))).first()
        if topup is None:
            return JsonResponse({"error": "invoice"}, status=404)
        if topup.status == TopUp.Status.POSTED:
            return JsonResponse({"status": "ok"})
        try:
            state = self.query(topup)
        except ProviderError:
            log.warning("Halyk status query failed for %s", topup.invoice_id, exc_info=True)
            return JsonResponse({"error": "status unavailable"}, status=503)
        if state["status"] == PAID:
            amount = _amount(state.get("amount"))
            if amount != topup.amount or state.get("currency", KZT) != topup.currency or not state.get("id"):
                topup_fail(topup=topup, reason=f"Halyk reported {state.get('amount')} {state.get('currency')}")
                return JsonResponse({"status": "failed"})
            try:
                topup_post(topup=topup, actor=None, external_id=str(state["id"]), amount=amount)
            except ValidationError as error:
                log.warning("Halyk payment %s not posted: %s", state["id"], error.messages)
                return JsonResponse({"status": "refused"}, status=409)
            return JsonResponse({"status": "ok"})
        if state["status"] in DECLINED:
            topup_fail(topup=topup, reason=f"Halyk: {state['status']}")
            return JsonResponse({"status": "failed"})
        return JsonResponse({"status": "pending"})

    def status(self, topup):
        state = self.query(topup)["status"]
        if state == PAID:
            return TopUp.Status.POSTED if topup.status == TopUp.Status.POSTED else TopUp.Status.PENDING
        return TopUp.Status.FAILED if state in DECLINED else topup.status

    def query(self, topup) -> dict:
        """The provider's own record of the invoice: {"invoiceId", "id", "amount", "currency", "status"}."""
        query = urlencode({"invoiceId": topup.invoice_id})
        if not settings.HALYK_STATUS_URL.startswith(("https://", "http://")):
            raise ProviderError("HALYK_STATUS_URL is not an http(s) address")
        request = Request(  # noqa: S310 - an http(s) address, checked above
            f"{settings.HALYK_STATUS_URL}?{query}",
            headers={"X-Signature": hmac_sha256(settings.HALYK_SECRET, query), "Accept": "application/json"},
        )
        try:
            with urlopen(request, timeout=settings.HALYK_TIMEOUT) as response:  # noqa: S310
                state = json.loads(response.read())
        except (URLError, OSError, ValueError) as error:
            raise ProviderError(str(error)) from error
        if not isinstance(state, dict) or str(state.get("invoiceId")) != topup.invoice_id or "status" not in state:
            raise ProviderError(f"unreadable status answer for {topup.invoice_id}")
        state["status"] = str(state["status"]).upper()
        return state


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None

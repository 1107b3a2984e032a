"""Examus (moodle-availability_examus2's vendor): the student's session opens on Examus's page, Examus watches the
camera and the screen and reports what it saw through a webhook.

The webhook: POST, JSON body, header `X-Examus-Signature: sha256=<hex>` = HMAC-SHA256 of the raw body with the
shared EXAMUS_WEBHOOK_SECRET. The body:
    {"session_id": "<our attempt id>", "verdict": "clean" | "suspicious" | "violation" | "",
     "comment": "...", "events": [{"id": "<Examus's event id>", "type": "extra_person", "time": "<ISO 8601>",
                                   "comment": "..."}]}
Each event's `type` is one of Examus's violations (ANCHORS.md), mapped onto ProctorEventKind; an unknown type is
kept as "other" with the vendor's name in its details. `id` makes a delivery idempotent: a replay records nothing.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ..models import ProctorEventKind
from .base import Backend, VendorEvent, VendorReport, WebhookRefused, signature_valid

SIGNATURE_HEADER = "X-Examus-Signature"
MAX_BODY = 512 * 1024
MAX_EVENTS = 500

KINDS = {
    "extra_person": ProctorEventKind.EXTRA_PERSON,
    "student_replaced": ProctorEventKind.FACE_MISMATCH,
    "student_absent": ProctorEventKind.STUDENT_ABSENT,
    "gaze_away": ProctorEventKind.GAZE_AWAY,
    "active_window_changed": ProctorEventKind.WINDOW_CHANGED,
    "voice": ProctorEventKind.VOICE,
    "extra_display": ProctorEventKind.SECOND_DISPLAY,
    "phone": ProctorEventKind.PHONE,
    "microphone_muted": ProctorEventKind.NO_MICROPHONE,
    "no_camera_picture": ProctorEventKind.NO_CAMERA,
    "no_connection": ProctorEventKind.NO_CONNECTION,
    "desktop_not_shared": ProctorEventKind.DESKTOP_NOT_SHARED,
    "forbidden_software": ProctorEventKind.OTHER,
    "books_or_notes": ProctorEventKind.OTHER,
}
VERDICTS = {"", "clean", "suspicious", "violation"}


class ExamusBackend(Backend):
    code = "examus"
    label = _("Examus")
    remote = True

    def session_url(self, attempt) -> str:
        base = settings.EXAMUS_SESSION_URL
        if not base:
            return ""
        query = urlencode({"session_id": attempt.pk, "exam": attempt.quiz_id, "student": attempt.student_id})
        return f"{base}{'&' if '?' in base else '?'}{query}"

    def webhook_parse(self, request) -> VendorReport:
        body = request.body
        if len(body) > MAX_BODY:
            raise WebhookRefused("Body too large.", status=400)
        if not signature_valid(settings.EXAMUS_WEBHOOK_SECRET, body, request.headers.get(SIGNATURE_HEADER)):
            raise WebhookRefused("Missing or wrong signature.")
        try:
            data = json.loads(body)
            attempt_id = int(data["session_id"])
            raw_events = data.get("events") or []
            verdict = str(data.get("verdict") or "")
            if not isinstance(raw_events, list) or len(raw_events) > MAX_EVENTS or verdict not in VERDICTS:
                raise ValueError
            events = [self._event(item) for item in raw_events]
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise WebhookRefused("Unreadable report.", status=400) from error
        return VendorReport(
            attempt_id=attempt_id, events=events, verdict=verdict, comment=str(data.get("comment") or "")[:500]
        )

    @staticmethod
    def _event(item: dict) -> VendorEvent:
        external_id = str(item["id"]).strip()
        if not external_id or len(external_id) > 100:
            raise ValueError
        vendor_type = str(item.get("type") or "")
        at = parse_datetime(str(item["time"])) if item.get("time") else None
        if item.get("time") and (at is None or at.tzinfo is None):
            raise ValueError
        details = {"vendor_type": vendor_type}
        if item.get("comment"):
            details["comment"] = str(item["comment"])[:500]
        return VendorEvent(
            external_id=external_id, kind=KINDS.get(vendor_type, ProctorEventKind.OTHER), at=at, details=details
        )

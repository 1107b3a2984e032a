"""Writes of proctoring (docs/modules.md#proctoring, SPEC §2.13.1–§2.13.3).

Before a proctored attempt the student passes the steps of one ProctorCheck (the one of the test and student whose
`attempt` is still empty): rules accepted, the extension looked for, camera and microphone working, the
identification photo. The engine's start requires them and links the check to the attempt it starts.

During the attempt the page posts events. Losing the camera or the screen share pauses the attempt (the clock
stops: `paused_at`); getting them back resumes it and moves the deadline by the time spent paused. Closing the
page ends the attempt (SPEC §2.13.3: "Closing the test page ends the exam"). Events whose severities add up to
TESTING_PROCTORING_FLAG_SEVERITY flag the attempt for the proctor, who clears it or annuls it with a reason.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from audit.models import AuditAction
from audit.services import audit_record_create
from notifications.models import Kind
from notifications.services import notify

from ..models import Attempt, ProctorCheck, ProctorEvent, ProctorEventKind, Quiz
from .attempts import attempt_finish, quiz_result_sync

K = ProctorEventKind
# how much each kind weighs towards flagging the attempt (a resumption weighs nothing)
SEVERITY = {
    K.EXTRA_PERSON: 3,
    K.FACE_MISMATCH: 3,
    K.PHONE: 3,
    K.SECOND_DISPLAY: 3,
    K.STUDENT_ABSENT: 2,
    K.VOICE: 2,
    K.NO_CAMERA: 2,
    K.DESKTOP_NOT_SHARED: 2,
    K.PAGE_CLOSED: 2,
    K.GAZE_AWAY: 1,
    K.WINDOW_CHANGED: 1,
    K.NO_MICROPHONE: 1,
    K.NO_CONNECTION: 1,
    K.OTHER: 1,
    K.RESUMED: 0,
}
# the kinds that stop the clock until camera and screen are back
PAUSING = {K.NO_CAMERA, K.DESKTOP_NOT_SHARED}
# what the attempt page itself may report
BROWSER_KINDS = {K.NO_CAMERA, K.DESKTOP_NOT_SHARED, K.NO_MICROPHONE, K.WINDOW_CHANGED, K.SECOND_DISPLAY}
PHOTO_MAX_SIDE = 4096


# --- the steps before the attempt ---------------------------------------------------------------------------


@transaction.atomic
def check_get_or_create(*, quiz: Quiz, student) -> ProctorCheck:
    """The check for the student's next attempt at the test: the one not yet linked to an attempt."""
    check = (
        ProctorCheck.objects.select_for_update()
        .filter(quiz=quiz, student=student, attempt__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    return check or ProctorCheck.objects.create(quiz=quiz, student=student)


def check_steps(check: ProctorCheck) -> dict:
    """Which steps are done, and whether the attempt may start (the extension only when the setting requires it)."""
    steps = {
        "rules": check.rules_accepted_at is not None,
        "extension": bool(check.extension),
        "extension_checked": check.extension_checked_at is not None,
        "devices": check.devices_checked_at is not None,
        "photo": check.photo_taken_at is not None and bool(check.photo),
    }
    extension_ok = steps["extension"] or not settings.TESTING_PROCTORING_REQUIRE_EXTENSION
    steps["ready"] = steps["rules"] and steps["devices"] and steps["photo"] and extension_ok
    return steps


def _open_check(check: ProctorCheck) -> ProctorCheck:
    locked = ProctorCheck.objects.select_for_update().get(pk=check.pk)
    if locked.attempt_id is not None:
        raise ValidationError(_("These checks were used by an attempt already: start the steps again."))
    return locked


def _rules_first(check: ProctorCheck):
    if check.rules_accepted_at is None:
        raise ValidationError(_("Read the rules and confirm them first."))


@transaction.atomic
def check_accept_rules(*, check: ProctorCheck, accepted: bool) -> ProctorCheck:
    check = _open_check(check)
    if not accepted:
        raise ValidationError(_("Tick the box to confirm that you have read the rules."))
    if check.rules_accepted_at is None:
        check.rules_accepted_at = timezone.now()
        check.save(update_fields=["rules_accepted_at"])
    return check


@transaction.atomic
def check_extension(*, check: ProctorCheck, extension: str) -> ProctorCheck:
    """What answered the page's ping ("vendor version"), or "" when nothing did within the wait."""
    check = _open_check(check)
    _rules_first(check)
    extension = " ".join(str(extension).split())[:100]
    if not extension and settings.TESTING_PROCTORING_REQUIRE_EXTENSION:
        raise ValidationError(_("The proctoring extension was not found: install it, then check again."))
    check.extension = extension
    check.extension_checked_at = timezone.now()
    check.save(update_fields=["extension", "extension_checked_at"])
    return check


@transaction.atomic
def check_devices_ok(*, check: ProctorCheck, camera: bool, microphone: bool) -> ProctorCheck:
    check = _open_check(check)
    _rules_first(check)
    if not (camera and microphone):
        raise ValidationError(
            _("The camera and the microphone must both work: allow the browser to use them, then check again.")
        )
    check.devices_checked_at = timezone.now()
    check.save(update_fields=["devices_checked_at"])
    return check


@transaction.atomic
def check_photo_store(*, check: ProctorCheck, upload) -> ProctorCheck:
    """The identification photo: a real JPEG or PNG image (Pillow reads it whole), at most
    TESTING_PROCTORING_PHOTO_MAX_BYTES; it replaces an earlier one ("Back" and take it again)."""
    check = _open_check(check)
    _rules_first(check)
    if check.devices_checked_at is None:
        raise ValidationError(_("Check the camera and the microphone first."))
    limit = settings.TESTING_PROCTORING_PHOTO_MAX_BYTES
    if upload is None or upload.size == 0:
        raise ValidationError(_("Take the photo first."))
    if upload.size > limit:
        raise ValidationError(_("The photo is too large: at most %(size)s.") % {"size": filesizeformat(limit)})
    refused = ValidationError(_("This is not a photo: take it again with the camera."))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ("JPEG", "PNG") or max(image.size) > PHOTO_MAX_SIDE:
                raise refused
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise refused from error
    upload.seek(0)
    old = check.photo.name if check.photo else ""
    extension = "jpg" if upload.content_type != "image/png" and not upload.name.lower().endswith(".png") else "png"
    check.photo.save(f"q{check.quiz_id}-s{check.student_id}-{check.pk}.{extension}", upload, save=False)
    check.photo_taken_at = timezone.now()
    check.save(update_fields=["photo", "photo_taken_at"])
    if old and old != check.photo.name:
        transaction.on_commit(lambda: check.photo.storage.delete(old))
    return check


# --- during the attempt ---------------------------------------------------------------------------------------


def _locked_attempt(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)


def _in_progress(attempt: Attempt):
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise ValidationError(_("This attempt is over."), code="closed")


def _flag_if_needed(attempt: Attempt):
    if attempt.review != Attempt.Review.NONE:
        return
    total = ProctorEvent.objects.filter(attempt=attempt).aggregate(total=Sum("severity"))["total"] or 0
    if total >= settings.TESTING_PROCTORING_FLAG_SEVERITY:
        attempt.review = Attempt.Review.FLAGGED
        attempt.save(update_fields=["review"])


def _event_create(*, attempt, kind, source, at, external_id, details) -> ProctorEvent | None:
    """The new event, or None when (source, external_id) is stored already."""
    if external_id and ProctorEvent.objects.filter(source=source, external_id=external_id).exists():
        return None
    try:
        with transaction.atomic():
            return ProctorEvent.objects.create(
                attempt=attempt,
                kind=kind,
                source=source,
                external_id=external_id,
                severity=SEVERITY.get(kind, 1),
                at=at or timezone.now(),
                details=details or {},
            )
    except IntegrityError:
        # the same delivery raced us here: it is stored once
        return None


@transaction.atomic
def event_record(
    *, attempt: Attempt, kind: str, source: str, at=None, external_id: str = "", details: dict | None = None
) -> ProctorEvent | None:
    """Store one event of the attempt and flag the attempt when its events weigh enough. Idempotent by
    (source, external_id): a vendor's event delivered twice is stored once (None the second time)."""
    if kind not in K.values:
        raise ValidationError(_("Unknown proctoring event."))
    attempt = _locked_attempt(attempt)
    event = _event_create(
        attempt=attempt, kind=kind, source=source, at=at, external_id=external_id[:100], details=details
    )
    if event is not None:
        _flag_if_needed(attempt)
    return event


@transaction.atomic
def attempt_heartbeat(*, attempt: Attempt, camera: bool, screen: bool) -> Attempt:
    """The page is alive: when it was last seen. A heartbeat saying the camera or the screen is gone pauses."""
    attempt = _locked_attempt(attempt)
    _in_progress(attempt)
    attempt.last_seen_at = timezone.now()
    attempt.save(update_fields=["last_seen_at"])
    if attempt.paused_at is None and not (camera and screen):
        kind = K.NO_CAMERA if not camera else K.DESKTOP_NOT_SHARED
        _pause(attempt, kind=kind, details={"from": "heartbeat"})
    return attempt


def _pause(attempt: Attempt, *, kind, details=None):
    now = timezone.now()
    _event_create(attempt=attempt, kind=kind, source="browser", at=now, external_id="", details=details)
    if attempt.paused_at is None:
        attempt.paused_at = now
        attempt.save(update_fields=["paused_at"])
    _flag_if_needed(attempt)


@transaction.atomic
def attempt_pause(*, attempt: Attempt, kind: str = K.NO_CAMERA, details: dict | None = None) -> Attempt:
    """The camera or the screen share is lost: record it and stop the clock (the engine refuses answers while
    `paused_at` is set). A second loss while paused is recorded and the pause goes on from its start."""
    if kind not in PAUSING:
        raise ValidationError(_("Unknown proctoring event."))
    attempt = _locked_attempt(attempt)
    _in_progress(attempt)
    _pause(attempt, kind=kind, details=details)
    return attempt


@transaction.atomic
def attempt_resume(*, attempt: Attempt) -> Attempt:
    """Camera and screen are back: the time spent paused is added to the deadline and to `paused_seconds`.
    A pause longer than TESTING_PAUSE_MAX_MINUTES cannot be resumed (the engine's job closes the attempt)."""
    attempt = _locked_attempt(attempt)
    _in_progress(attempt)
    if attempt.paused_at is None:
        return attempt
    now = timezone.now()
    paused = max(now - attempt.paused_at, dt.timedelta(0))
    if paused > dt.timedelta(minutes=settings.TESTING_PAUSE_MAX_MINUTES):
        raise ValidationError(_("The exam was stopped for too long and cannot go on."), code="too_long")
    seconds = round(paused.total_seconds())
    attempt.deadline += dt.timedelta(seconds=seconds)
    attempt.paused_seconds += seconds
    attempt.paused_at = None
    attempt.last_seen_at = now
    attempt.save(update_fields=["deadline", "paused_seconds", "paused_at", "last_seen_at"])
    _event_create(
        attempt=attempt, kind=K.RESUMED, source="browser", at=now, external_id="", details={"paused_seconds": seconds}
    )
    return attempt


@transaction.atomic
def attempt_close_page(*, attempt: Attempt) -> Attempt:
    """The student closed the exam page: the attempt ends with what was saved (SPEC §2.13.3). An attempt already
    over is left as it is."""
    attempt = _locked_attempt(attempt)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return attempt
    now = timezone.now()
    _event_create(attempt=attempt, kind=K.PAGE_CLOSED, source="browser", at=now, external_id="", details={})
    # closed, graded and (an exam) written to the journal as any other finish
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.PAGE_CLOSED, now=now)
    _flag_if_needed(attempt)
    return attempt


# --- the proctor's review -------------------------------------------------------------------------------------


@transaction.atomic
def attempt_review(*, attempt: Attempt, actor, decision: str, reason: str = "") -> Attempt:
    """The proctor's decision on a proctored attempt: "cleared" (no violation) or "annulled" (the attempt no longer
    counts: status, close reason and review ANNULLED). Annulling needs a reason, which the student is told.
    An annulled attempt no longer counts in the journal: the test's kept result is written again."""
    reason = " ".join(str(reason).split())[:500]
    if decision not in (Attempt.Review.CLEARED, Attempt.Review.ANNULLED):
        raise ValidationError(_("Choose to clear or to annul the attempt."))
    if decision == Attempt.Review.ANNULLED and not reason:
        raise ValidationError(_("Say why the attempt is annulled."), code="reason")
    attempt = _locked_attempt(attempt)
    if attempt.status == Attempt.Status.ANNULLED:
        raise ValidationError(_("This attempt is annulled already."))
    before = {"status": attempt.status, "review": attempt.review, "close_reason": attempt.close_reason}
    now = timezone.now()
    attempt.review = decision
    attempt.review_reason = reason
    attempt.reviewed_by = actor
    attempt.reviewed_at = now
    fields = ["review", "review_reason", "reviewed_by", "reviewed_at"]
    if decision == Attempt.Review.ANNULLED:
        attempt.status = Attempt.Status.ANNULLED
        attempt.close_reason = Attempt.CloseReason.ANNULLED
        attempt.paused_at = None
        attempt.finished_at = attempt.finished_at or now
        fields += ["status", "close_reason", "paused_at", "finished_at"]
    attempt.save(update_fields=fields)
    after = {"status": attempt.status, "review": attempt.review, "close_reason": attempt.close_reason}
    annulled = decision == Attempt.Review.ANNULLED
    audit_record_create(
        actor=actor,
        action=AuditAction.PROCTORING_ANNUL if annulled else AuditAction.PROCTORING_CLEAR,
        target=attempt,
        summary=f"{attempt.quiz_id} #{attempt.number}: {reason}",
        before=before,
        after=after | {"reason": reason},
    )
    if annulled:
        quiz_result_sync(quiz=attempt.quiz, student=attempt.student, actor=actor)
        notify(
            recipient=attempt.student.user,
            kind=Kind.TESTING,
            title=_("Your attempt at {test} was annulled"),
            body=_("The proctor annulled attempt {number}: {reason}"),
            params={"test": attempt.quiz.title, "number": attempt.number, "reason": reason},
            url=reverse("testing:proctoring_rules", kwargs={"pk": attempt.quiz_id}),
        )
    return attempt


@transaction.atomic
def vendor_report_apply(*, backend_code: str, report) -> tuple[Attempt, int]:
    """A vendor's verified webhook: its events stored once each, then its verdict ("violation" flags the attempt,
    "clean" changes nothing: a proctor decides). Returns the attempt and how many events were new."""
    attempt = Attempt.objects.select_for_update().filter(pk=report.attempt_id, quiz__proctored=True).first()
    if attempt is None or (attempt.quiz.proctoring_backend or "builtin") != backend_code:
        raise ValidationError(_("No such proctored attempt."), code="unknown")
    new = 0
    for item in report.events:
        event = _event_create(
            attempt=attempt,
            kind=item.kind,
            source=backend_code,
            at=item.at,
            external_id=item.external_id,
            details=item.details,
        )
        new += event is not None
    if report.verdict in ("violation", "suspicious") and attempt.review == Attempt.Review.NONE:
        attempt.review = Attempt.Review.FLAGGED
        attempt.save(update_fields=["review"])
    else:
        _flag_if_needed(attempt)
    return attempt, new


@transaction.atomic
def browser_event_record(*, attempt: Attempt, kind: str, details: dict | None = None) -> Attempt:
    """An event the attempt page posts: a lost camera or screen pauses; a switch of window is recorded only.
    Refused for an attempt that is over."""
    if kind not in BROWSER_KINDS:
        raise ValidationError(_("Unknown proctoring event."))
    if kind in PAUSING:
        return attempt_pause(attempt=attempt, kind=kind, details=details)
    attempt = _locked_attempt(attempt)
    _in_progress(attempt)
    _event_create(attempt=attempt, kind=kind, source="browser", at=None, external_id="", details=details)
    _flag_if_needed(attempt)
    return attempt

"""Proctoring pages (docs/modules.md#proctoring): the student's steps before a proctored test, the attempt page's
heartbeats and events, the proctor's review, and vendors' webhooks."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, When
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.files import protected_file_response

from ..models import Attempt, ProctorCheck, ProctorEvent, ProctorEventKind
from ..permissions import (
    attempt_get_for_student_or_404,
    proctor_check_photo_get_for_user_or_404,
    proctored_attempt_get_for_reviewer_or_404,
    proctored_quiz_get_for_reviewer_or_404,
    proctored_quiz_get_for_student_or_404,
)
from ..proctoring import backend_get
from ..proctoring.base import WebhookRefused
from ..services import proctoring as services


def _error(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def rules(request, pk):
    quiz, student = proctored_quiz_get_for_student_or_404(request.user, pk)
    check = services.check_get_or_create(quiz=quiz, student=student)
    if request.method == "POST":
        try:
            services.check_accept_rules(check=check, accepted=request.POST.get("accept") == "on")
        except ValidationError as error:
            _error(request, error)
            context = {"quiz": quiz, "check": check, "steps": services.check_steps(check)}
            return render(request, "testing/proctoring/rules.html", context, status=400)
        return redirect("testing:proctoring_check", pk=quiz.pk)
    return render(
        request, "testing/proctoring/rules.html", {"quiz": quiz, "check": check, "steps": services.check_steps(check)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request, pk):
    quiz, student = proctored_quiz_get_for_student_or_404(request.user, pk)
    check = services.check_get_or_create(quiz=quiz, student=student)
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "extension":
                services.check_extension(check=check, extension=request.POST.get("extension", ""))
            elif step == "devices":
                services.check_devices_ok(
                    check=check,
                    camera=request.POST.get("camera") == "ok",
                    microphone=request.POST.get("microphone") == "ok",
                )
            else:
                raise ValidationError("")
        except ValidationError as error:
            _error(request, error)
            status = 400
        else:
            return redirect("testing:proctoring_check", pk=quiz.pk)
        check.refresh_from_db()
    return _check_page(request, quiz, check, status=status)


def _check_page(request, quiz, check, *, status=200):
    context = {
        "quiz": quiz,
        "check": check,
        "steps": services.check_steps(check),
        "extension_url": settings.TESTING_PROCTORING_EXTENSION_URL,
        "extension_required": settings.TESTING_PROCTORING_REQUIRE_EXTENSION,
    }
    return render(request, "testing/proctoring/check.html", context, status=status)


@login_required
@require_POST
def photo(request, pk):
    quiz, student = proctored_quiz_get_for_student_or_404(request.user, pk)
    check = services.check_get_or_create(quiz=quiz, student=student)
    try:
        services.check_photo_store(check=check, upload=request.FILES.get("photo"))
    except ValidationError as error:
        _error(request, error)
        check.refresh_from_db()
        return _check_page(request, quiz, check, status=400)
    return redirect(reverse("testing:proctoring_check", kwargs={"pk": quiz.pk}) + "#step-photo")


@login_required
@require_GET
def photo_file(request, pk):
    check = proctor_check_photo_get_for_user_or_404(request.user, pk)
    content_type = "image/png" if check.photo.name.endswith(".png") else "image/jpeg"
    name = check.photo.name.rsplit("/", 1)[-1]
    return protected_file_response(check.photo, content_type=content_type, filename=name, as_attachment=False)


# --- the attempt page's calls: JSON in, JSON out ---------------------------------------------------------------


def _attempt_state(attempt: Attempt, **extra) -> JsonResponse:
    return JsonResponse(
        {
            "status": attempt.status,
            "paused": attempt.paused_at is not None,
            "deadline": attempt.deadline.isoformat(),
            "paused_seconds": attempt.paused_seconds,
        }
        | extra
    )


def _refused(error: ValidationError, attempt=None) -> JsonResponse:
    body = {"error": " ".join(error.messages)}
    if attempt is not None:
        attempt.refresh_from_db()
        body |= {"status": attempt.status, "paused": attempt.paused_at is not None}
    return JsonResponse(body, status=409)


def _proctored_attempt(request, pk) -> Attempt:
    attempt = attempt_get_for_student_or_404(request.user, pk)
    if not attempt.quiz.proctored:
        raise Http404
    return attempt


@login_required
@require_POST
def heartbeat(request, pk):
    attempt = _proctored_attempt(request, pk)
    try:
        attempt = services.attempt_heartbeat(
            attempt=attempt, camera=request.POST.get("camera") == "on", screen=request.POST.get("screen") == "on"
        )
    except ValidationError as error:
        return _refused(error, attempt)
    return _attempt_state(attempt)


@login_required
@require_POST
def event(request, pk):
    attempt = _proctored_attempt(request, pk)
    details = {"reason": request.POST.get("reason", "")[:100]} if request.POST.get("reason") else {}
    try:
        attempt = services.browser_event_record(attempt=attempt, kind=request.POST.get("kind", ""), details=details)
    except ValidationError as error:
        return _refused(error, attempt)
    attempt.refresh_from_db()
    return _attempt_state(attempt)


@login_required
@require_POST
def resume(request, pk):
    attempt = _proctored_attempt(request, pk)
    try:
        attempt = services.attempt_resume(attempt=attempt)
    except ValidationError as error:
        return _refused(error, attempt)
    return _attempt_state(attempt)


@login_required
@require_POST
def closed(request, pk):
    """The page's beacon on `pagehide`: the student left the exam page."""
    attempt = _proctored_attempt(request, pk)
    attempt = services.attempt_close_page(attempt=attempt)
    return _attempt_state(attempt)


# --- the proctor -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def review(request, pk):
    quiz = proctored_quiz_get_for_reviewer_or_404(request.user, pk)
    attempts = list(
        Attempt.objects.filter(quiz=quiz)
        .select_related("student__user")
        .annotate(
            flagged_first=Case(When(review=Attempt.Review.FLAGGED, then=0), default=1),
            events_total=Count("proctor_events"),
        )
        .order_by("flagged_first", "-started_at", "pk")[:500]
    )
    counts: dict[int, list] = {}
    rows = (
        ProctorEvent.objects.filter(attempt__in=[a.pk for a in attempts])
        .values("attempt_id", "kind")
        .annotate(n=Count("pk"))
        .order_by("attempt_id", "kind")
    )
    labels = dict(ProctorEventKind.choices)
    for row in rows:
        counts.setdefault(row["attempt_id"], []).append((labels.get(row["kind"], row["kind"]), row["n"]))
    for attempt in attempts:
        attempt.kind_counts = counts.get(attempt.pk, [])
    return render(request, "testing/proctoring/review.html", {"quiz": quiz, "attempts": attempts})


@login_required
@require_http_methods(["GET", "POST"])
def attempt_detail(request, pk):
    attempt = proctored_attempt_get_for_reviewer_or_404(request.user, pk)
    status = 200
    if request.method == "POST":
        try:
            services.attempt_review(
                attempt=attempt,
                actor=request.user,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            _error(request, error)
            status = 400
        else:
            messages.success(request, _decision_message(request.POST.get("decision")))
            return redirect("testing:proctoring_attempt", pk=attempt.pk)
    check = ProctorCheck.objects.filter(attempt=attempt).first()
    events = list(attempt.proctor_events.all()[:1000])
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "check": check,
        "events": events,
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "testing/proctoring/attempt.html", context, status=status)


def _decision_message(decision):
    if decision == Attempt.Review.ANNULLED:
        return gettext("The attempt is annulled; the student is told why.")
    return gettext("The attempt is cleared.")


# --- vendors ---------------------------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def webhook(request, backend):
    """A vendor's report: its backend verifies the signature first (forged or unsigned: 403, nothing stored)."""
    vendor = backend_get(backend)
    try:
        report = vendor.webhook_parse(request)
    except WebhookRefused as refused:
        if refused.status == 403:
            return HttpResponseForbidden(str(refused))
        return HttpResponse(str(refused), status=refused.status, content_type="text/plain")
    try:
        attempt, new = services.vendor_report_apply(backend_code=vendor.code, report=report)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=404, content_type="text/plain")
    return JsonResponse({"attempt": attempt.pk, "stored": new, "review": attempt.review})

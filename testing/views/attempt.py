"""Sitting a test: the attempt's page and its question fragments (htmx), saving an answer (the hot path: JSON, no
template, two statements), the server's clock, finishing, and the result."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import selectors
from ..models import Attempt, Quiz
from ..permissions import attempt_get_for_student_or_404
from ..services.attempts import AnswerRefused, answer_save, attempt_close_if_expired, attempt_finish, attempt_move

REFUSED_STATUS = {"not_found": 404, "invalid": 400, "sequential": 409}


def _attempt(request, pk) -> Attempt:
    attempt = attempt_get_for_student_or_404(request.user, pk)
    return attempt_close_if_expired(attempt)


def _position(request, attempt: Attempt, count: int) -> int:
    try:
        wanted = int(request.GET.get("n", attempt.current_position or 1))
    except ValueError:
        wanted = attempt.current_position or 1
    wanted = min(max(wanted, 1), count)
    if attempt.quiz.navigation == Quiz.Navigation.SEQUENTIAL:
        current = max(attempt.current_position, 1)
        if wanted not in (current, current + 1):
            wanted = current
    return wanted


@login_required
@require_GET
def attempt_page(request, pk):
    attempt = _attempt(request, pk)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return redirect("testing:result", pk=attempt.pk)
    slots = selectors.attempt_slots(attempt)
    if not slots:
        raise Http404
    position = _position(request, attempt, len(slots))
    attempt_move(attempt=attempt, position=position)
    slot = slots[position - 1]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "slots": slots,
        "marks": [(s.position, selectors.answered(s)) for s in slots],
        "view": selectors.slot_view(slot),
        "slot": slot,
        "position": position,
        "count": len(slots),
        "sequential": attempt.quiz.navigation == Quiz.Navigation.SEQUENTIAL,
        "now": timezone.now(),
        "grace_seconds": settings.TESTING_NETWORK_GRACE_SECONDS,
    }
    if request.htmx:
        return render(request, "testing/attempt/_question.html", context)
    return render(request, "testing/attempt/page.html", context)


def _iso(value) -> str:
    return value.isoformat() if value else ""


@login_required
@require_POST
def answer(request, pk):
    """Save one answer: 200 {"saved": true, "position", "sequence", "deadline", "now"}; 409 for time_up, closed,
    paused, stale, sequential; 400 invalid; 404 not the student's attempt. JSON {"saved": false, "code",
    "message"} for each refusal."""
    user = request.user
    if not user.is_student:
        raise Http404
    post = request.POST
    matches = {key[6:]: v for key, v in post.items() if key.startswith("match-")}
    values = post.getlist("value")
    now = timezone.now()
    try:
        saved = answer_save(
            attempt_id=pk,
            user_id=user.pk,
            position=post.get("position"),
            sequence=post.get("sequence"),
            value=values if len(values) != 1 else values[0],
            matches=matches,
            now=now,
        )
    except AnswerRefused as refused:
        code = refused.code
        body = {"saved": False, "code": code, "message": refused.messages[0], "now": _iso(now)}
        if refused.deadline is not None:
            body["deadline"] = _iso(refused.deadline)
        return JsonResponse(body, status=REFUSED_STATUS.get(code, 409))
    except ValidationError as error:  # a malformed value (grading.normalise)
        return JsonResponse({"saved": False, "code": "invalid", "message": error.messages[0]}, status=400)
    return JsonResponse(
        {
            "saved": True,
            "position": saved["position"],
            "sequence": saved["sequence"],
            "deadline": _iso(saved["deadline"]),
            "now": _iso(now),
        }
    )


@login_required
@require_GET
def clock(request, pk):
    attempt = _attempt(request, pk)
    return JsonResponse(
        {
            "deadline": _iso(attempt.deadline),
            "now": _iso(timezone.now()),
            "status": attempt.status,
            "paused": attempt.paused_at is not None,
        }
    )


@login_required
@require_POST
def finish(request, pk):
    attempt = _attempt(request, pk)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        slots = selectors.attempt_slots(attempt)
        unanswered = [s.position for s in slots if not selectors.answered(s)]
        if unanswered and request.POST.get("confirm") != "1":
            return render(
                request,
                "testing/attempt/confirm.html",
                {"attempt": attempt, "quiz": attempt.quiz, "unanswered": unanswered},
            )
        attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED)
    return redirect("testing:result", pk=attempt.pk)


@login_required
@require_GET
def result(request, pk):
    attempt = _attempt(request, pk)
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return redirect("testing:attempt", pk=attempt.pk)
    quiz = attempt.quiz
    now = timezone.now()
    attempts = list(Attempt.objects.filter(quiz=quiz, student_id=attempt.student_id).order_by("number"))
    visible = selectors.results_visible(quiz, now) and attempt.status == Attempt.Status.FINISHED
    review = [selectors.slot_view(s) for s in selectors.attempt_slots(attempt)] if visible else []
    retake = (
        len(attempts) < quiz.attempts_allowed
        and not any(a.status == Attempt.Status.IN_PROGRESS for a in attempts)
        and quiz.audience == Quiz.Audience.STREAMS
        and (quiz.closes_at is None or now < quiz.closes_at)
    )
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "used": len(attempts),
        "visible": visible,
        "passed": selectors.passed(quiz, attempt),
        "review": review,
        "retake": retake,
    }
    return render(request, "testing/results/result.html", context)

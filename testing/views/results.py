"""The teacher's results of a test: its attempts with filters, the essays waiting, grading one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors
from ..models import Attempt, AttemptQuestion
from ..permissions import quiz_get_for_manager_or_404
from ..services.attempts import essay_grade


@login_required
@require_GET
def quiz_results(request, pk):
    quiz = quiz_get_for_manager_or_404(request.user, pk)
    status = request.GET.get("status", "")
    if status not in Attempt.Status.values:
        status = ""
    waiting = request.GET.get("waiting") == "1"
    search = request.GET.get("q", "").strip()[:100]
    attempts = list(selectors.quiz_attempts(quiz=quiz, status=status, waiting=waiting, search=search)[:500])
    context = {
        "quiz": quiz,
        "attempts": attempts,
        "essays": selectors.essays_waiting(quiz=quiz),
        "status": status,
        "waiting": waiting,
        "q": search,
        "statuses": Attempt.Status.choices,
    }
    return render(request, "testing/results/quiz.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grade_slot(request, pk):
    slot = AttemptQuestion.objects.select_related("attempt__quiz", "attempt__student__user").filter(pk=pk).first()
    if slot is None or slot.snapshot.get("type") != "essay":
        raise Http404
    quiz = quiz_get_for_manager_or_404(request.user, slot.attempt.quiz_id)
    error = ""
    score, feedback = (slot.score if slot.score is not None else ""), slot.feedback
    if request.method == "POST":
        score, feedback = request.POST.get("score", ""), request.POST.get("feedback", "")
        try:
            essay_grade(slot=slot, score=score, feedback=feedback, actor=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The answer is graded."))
            return redirect("testing:quiz_results", pk=quiz.pk)
    context = {"quiz": quiz, "slot": slot, "score": score, "feedback": feedback, "error": error}
    return render(request, "testing/results/grade.html", context, status=400 if error else 200)

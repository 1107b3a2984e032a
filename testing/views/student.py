"""The student's tests (§2.13): "My tests" with type and status and filters, a test's page, starting it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from curriculum.selectors.plan import current_term
from people.permissions import student_record_for_user_or_404

from .. import selectors
from ..forms.quizzes import QuizFilter
from ..models import Attempt, Quiz
from ..services.attempts import attempt_start, proctor_check_ready, sits_quiz, start_refusal


def _student(request):
    return student_record_for_user_or_404(request.user, related=())


@login_required
@require_GET
def index(request):
    if not request.user.is_student and request.user.is_teacher:
        return redirect("testing:manage")  # the menu's one "Testing" entry: a teacher's tests are their own
    student = _student(request)
    terms = selectors.student_terms(student=student)
    by_id = {str(t.pk): t for t in terms}
    query = request.GET.copy()
    if query.get("term", "") not in by_id and terms:
        current = current_term(university_id=terms[0].academic_year.university_id)
        query["term"] = str(current.pk) if current and str(current.pk) in by_id else str(terms[0].pk)
    form = QuizFilter(query, terms=terms)
    data = form.cleaned_data if form.is_valid() else {}
    term = by_id.get(query.get("term", ""))
    lines = selectors.student_quizzes(student=student, term=term) if term else []
    if data.get("kind"):
        lines = [line for line in lines if line.quiz.kind == data["kind"]]
    if data.get("status"):
        lines = [line for line in lines if line.status == data["status"]]
    return render(request, "testing/student/index.html", {"form": form, "lines": lines, "term": term, "terms": terms})


def quiz_for_student_or_404(student, pk) -> Quiz:
    """A published STREAMS test the student sits (registered, in its streams); 404 otherwise."""
    quiz = get_object_or_404(
        Quiz.objects.select_related("discipline", "term__academic_year"),
        pk=pk,
        status=Quiz.Status.PUBLISHED,
        audience=Quiz.Audience.STREAMS,
    )
    if not sits_quiz(quiz=quiz, student=student):
        raise Http404
    return quiz


@login_required
@require_GET
def detail(request, pk):
    student = _student(request)
    quiz = quiz_for_student_or_404(student, pk)
    now = timezone.now()
    line = selectors.student_quizzes_one(student=student, quiz=quiz, now=now)
    refusal = None if line.in_progress else start_refusal(quiz=quiz, student=student, now=now)
    proctoring_ready = True
    if quiz.proctored and refusal is None and not line.in_progress:
        proctoring_ready = proctor_check_ready(quiz=quiz, student=student) is not None
    context = {
        "quiz": quiz,
        "line": line,
        "refusal": refusal,
        "proctoring_ready": proctoring_ready,
        "can_start": refusal is None and proctoring_ready and not line.in_progress,
        "extra_minutes": selectors.extra_minutes(quiz=quiz, student=student),
        "results_visible": selectors.results_visible(quiz, now),
    }
    return render(request, "testing/student/detail.html", context)


@login_required
@require_POST
def start(request, pk):
    student = _student(request)
    quiz = quiz_for_student_or_404(student, pk)
    running = Attempt.objects.filter(quiz=quiz, student=student, status=Attempt.Status.IN_PROGRESS).first()
    if running is not None:
        return redirect("testing:attempt", pk=running.pk)
    try:
        attempt = attempt_start(quiz=quiz, student=student)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("testing:detail", pk=quiz.pk)
    return redirect("testing:attempt", pk=attempt.pk)

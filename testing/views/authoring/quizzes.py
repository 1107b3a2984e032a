"""The test builder: the teacher's tests, a new test, its settings, questions and pools, extra time, publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.quizzes import AccommodationForm, FixedQuestionForm, PoolForm, QuizCreateForm, QuizSettingsForm
from ...models import Question, Quiz
from ...permissions import banks_for, quiz_get_for_manager_or_404, quizzes_for
from ...services.authoring import (
    accommodation_remove,
    accommodation_set,
    pool_questions,
    quiz_create,
    quiz_exam_choices,
    quiz_has_attempts,
    quiz_item_move,
    quiz_item_remove,
    quiz_pool_add,
    quiz_publish,
    quiz_question_add,
    quiz_streams_choices,
    quiz_students,
    quiz_total_points,
    quiz_unpublish,
    quiz_update,
    teacher_disciplines,
)
from . import messages_of, require_author


@login_required
def manage(request):
    require_author(request.user)
    ids = quizzes_for(request.user).values("pk")
    rows = (
        Quiz.objects.filter(pk__in=ids, audience=Quiz.Audience.STREAMS)
        .select_related("discipline", "term__academic_year")
        .annotate(n_attempts=Count("attempts", distinct=True))
        .order_by("-opens_at", "-pk")
    )
    return render(request, "testing/authoring/manage.html", {"quizzes": rows, "tab": "manage"})


@login_required
def quiz_create_view(request):
    require_author(request.user)
    form = QuizCreateForm(request.POST or None, pairs=teacher_disciplines(request.user))
    if request.method == "POST" and form.is_valid():
        discipline, term = form.chosen()
        try:
            quiz = quiz_create(
                actor=request.user,
                discipline=discipline,
                term=term,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The test is created: set its window and add its questions."))
            return redirect("testing:quiz_edit", pk=quiz.pk)
    return render(request, "testing/authoring/quiz_create.html", {"form": form, "tab": "manage"})


def _bank_choices(user, quiz):
    return banks_for(user).filter(discipline_id=quiz.discipline_id).order_by("title")


def _builder_forms(request, quiz, data=None, which=None):
    banks = _bank_choices(request.user, quiz)
    categories = (
        Question.objects.filter(bank__in=banks).values_list("bank__title", "category").distinct().order_by("category")
    )
    used = quiz.fixed_questions.values("question_id")
    return {
        "question_form": FixedQuestionForm(
            data if which == "question" else None,
            questions=Question.objects.filter(bank__in=banks).exclude(pk__in=used).select_related("bank"),
        ),
        "pool_form": PoolForm(data if which == "pool" else None, banks=banks, categories=list(categories)),
        "accommodation_form": AccommodationForm(
            data if which == "accommodation" else None, students=quiz_students(quiz)
        ),
    }


def _builder(request, quiz, *, settings_form=None, forms=None, status=200):
    fixed = list(quiz.fixed_questions.select_related("question__bank"))
    pools = list(quiz.pools.select_related("bank"))
    for pool in pools:
        pool.available = pool_questions(pool).count()
    if settings_form is None:
        settings_form = _settings_form(request, quiz, None)
    context = {
        "quiz": quiz,
        "settings_form": settings_form,
        "fixed": fixed,
        "pools": pools,
        "total": quiz_total_points(quiz, fixed=fixed, pools=pools),
        "locked": quiz.status == Quiz.Status.PUBLISHED and quiz_has_attempts(quiz),
        "accommodations": quiz.accommodations.select_related("student__user"),
        "tab": "manage",
    } | (forms or _builder_forms(request, quiz))
    return render(request, "testing/authoring/quiz_edit.html", context, status=status)


def _settings_form(request, quiz, data):
    return QuizSettingsForm(
        data,
        instance=quiz,
        streams=quiz_streams_choices(quiz, request.user),
        exams=quiz_exam_choices(quiz, request.user),
    )


@login_required
def quiz_edit(request, pk):
    quiz = quiz_get_for_manager_or_404(request.user, pk)
    if request.method != "POST":
        return _builder(request, quiz)
    form = _settings_form(request, quiz, request.POST)
    if form.is_valid():
        try:
            # streams of colleagues that this teacher cannot choose stay as they are
            others = quiz.streams.exclude(pk__in=quiz_streams_choices(quiz, request.user))
            streams = [*form.cleaned_data.get("streams", []), *others]
            quiz_update(quiz=quiz, settings=form.settings(), streams=streams, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("testing:quiz_edit", pk=quiz.pk)
    quiz.refresh_from_db()
    return _builder(request, quiz, settings_form=form)


@login_required
@require_POST
def quiz_questions(request, pk):
    """Adds a fixed question or a random pool, removes or moves one (action=question|pool|remove|up|down)."""
    quiz = quiz_get_for_manager_or_404(request.user, pk)
    action = request.POST.get("action", "")
    forms = _builder_forms(request, quiz, request.POST, action)
    try:
        if action == "question":
            form = forms["question_form"]
            if not form.is_valid():
                return _builder(request, quiz, forms=forms)
            quiz_question_add(quiz=quiz, question=form.cleaned_data["question"], points=form.cleaned_data["points"])
        elif action == "pool":
            form = forms["pool_form"]
            if not form.is_valid():
                return _builder(request, quiz, forms=forms)
            quiz_pool_add(quiz=quiz, **form.cleaned_data)
        elif action in ("remove", "up", "down"):
            kind = "pool" if request.POST.get("kind") == "pool" else "question"
            item = int(request.POST.get("item") or 0) if (request.POST.get("item") or "").isdigit() else 0
            if action == "remove":
                quiz_item_remove(quiz=quiz, kind=kind, item_id=item)
            else:
                quiz_item_move(quiz=quiz, kind=kind, item_id=item, up=action == "up")
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, messages_of(error))
        if action in ("question", "pool"):
            return _builder(request, quiz, forms=forms)
    else:
        messages.success(request, _("The questions of the test are saved."))
    return redirect("testing:quiz_edit", pk=quiz.pk)


@login_required
@require_POST
def quiz_accommodations(request, pk):
    quiz = quiz_get_for_manager_or_404(request.user, pk)
    if request.POST.get("action") == "remove":
        item = request.POST.get("item") or ""
        accommodation_remove(quiz=quiz, accommodation_id=int(item) if item.isdigit() else 0, actor=request.user)
        messages.success(request, _("The extra time is removed."))
        return redirect("testing:quiz_edit", pk=quiz.pk)
    forms = _builder_forms(request, quiz, request.POST, "accommodation")
    form = forms["accommodation_form"]
    if not form.is_valid():
        return _builder(request, quiz, forms=forms)
    try:
        accommodation_set(quiz=quiz, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _builder(request, quiz, forms=forms)
    messages.success(request, _("The extra time is saved."))
    return redirect("testing:quiz_edit", pk=quiz.pk)


@login_required
@require_POST
def quiz_publish_view(request, pk):
    quiz = quiz_get_for_manager_or_404(request.user, pk)
    try:
        quiz_publish(quiz=quiz, actor=request.user)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("The test is published: its students see it."))
    return redirect("testing:quiz_edit", pk=quiz.pk)


@login_required
@require_POST
def quiz_unpublish_view(request, pk):
    quiz = quiz_get_for_manager_or_404(request.user, pk)
    try:
        quiz_unpublish(quiz=quiz, actor=request.user)
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("The test is back to a draft: students no longer see it."))
    return redirect("testing:quiz_edit", pk=quiz.pk)

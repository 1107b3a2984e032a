"""The student's assignments (docs/modules.md#assignments): the list and the board, the task page with the answer
and the thread."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from people.permissions import student_record_for_user_or_404

from ..forms import AnswerForm, MessageForm
from ..permissions import assignment_for_student_or_404, own_submission
from ..selectors import PROGRESS_COLOURS, Progress, progress_of, student_tasks, thread_for
from ..services import submission_file_remove, submission_save, thread_message_post
from .teacher import teaching

VIEWS = ("list", "board")


@login_required
@require_GET
def index(request):
    """Students: their assignments; teachers: the ones they set (the cabinet's one menu entry for both)."""
    if request.user.is_student:
        return student_list(request)
    if request.user.is_teacher:
        return teaching(request)
    raise Http404


def student_list(request):
    """?view=list|board, ?status=<one status>, ?hide=<status> (repeatable): all of it works without JavaScript."""
    student = student_record_for_user_or_404(request.user, related=())
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "list"
    status = request.GET.get("status") if request.GET.get("status") in Progress.values else None
    hidden = frozenset(h for h in request.GET.getlist("hide") if h in Progress.values)
    tasks = student_tasks(student=student, now=timezone.now(), status=status, hidden=hidden)
    for column in tasks.columns:
        column.toggle_query = _query(view=view, status=status, hidden=hidden ^ {column.status})
    context = {
        "tasks": tasks,
        "view": view,
        "status": status,
        "hidden": hidden,
        "statuses": [(value, label, PROGRESS_COLOURS[value], tasks.counts[value]) for value, label in Progress.choices],
        "list_query": _query(view="list", status=status, hidden=hidden),
        "board_query": _query(view="board", status=status, hidden=hidden),
    }
    # a status picked, a column hidden or the view switched with htmx: only the panel (it all works without too)
    template = "assignments/student_list.html" + ("#tasks-panel" if request.htmx else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _query(*, view, status, hidden) -> str:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query["view"] = view
    if status:
        query["status"] = status
    query.setlist("hide", sorted(hidden))
    return query.urlencode()


def _task_context(request, student, assignment, *, answer_form=None, message_form=None):
    submission = own_submission(student, assignment)
    now = timezone.now()
    progress = progress_of(assignment, submission, now)
    editable = submission is None or submission.status in ("draft", "returned")
    if answer_form is None:
        initial = {"text": submission.text, "link": submission.link} if submission else {}
        answer_form = AnswerForm(initial=initial)
    return {
        "assignment": assignment,
        "stream": assignment.stream,
        "submission": submission,
        "progress": progress,
        "progress_label": Progress(progress).label,
        "colour": PROGRESS_COLOURS[progress],
        "editable": editable,
        "past_deadline": now > assignment.deadline,
        "answer_form": answer_form,
        "message_form": message_form or MessageForm(),
        "thread": thread_for(assignment=assignment, student=student),
        "message_url": reverse("assignments:message", args=[assignment.pk]),
    }


@login_required
@require_GET
def detail(request, pk):
    student = student_record_for_user_or_404(request.user, related=())
    assignment = assignment_for_student_or_404(student, pk)
    return render(request, "assignments/task.html", _task_context(request, student, assignment))


@login_required
@require_POST
def answer_save(request, pk):
    """ "Save" keeps the draft, "Save and send" hands it in; a refusal re-renders the form with what was typed."""
    student = student_record_for_user_or_404(request.user, related=())
    assignment = assignment_for_student_or_404(student, pk)
    form = AnswerForm(request.POST, request.FILES)
    send = request.POST.get("action") == "send"
    error = form.first_error() if not form.is_valid() else ""
    if not error:
        try:
            submission_save(
                student=student,
                assignment=assignment,
                text=form.cleaned_data["text"],
                link=form.cleaned_data["link"],
                files=form.cleaned_data["files"],
                send=send,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
        context = _task_context(request, student, assignment, answer_form=form)
        return render(request, "assignments/task.html", context, status=400)
    messages.success(request, _("Your work is sent to the teacher.") if send else _("Your draft is saved."))
    return redirect("assignments:detail", pk=assignment.pk)


@login_required
@require_POST
def answer_file_remove(request, pk, file_id):
    student = student_record_for_user_or_404(request.user, related=())
    assignment = assignment_for_student_or_404(student, pk)
    submission = own_submission(student, assignment)
    if submission is None:
        raise Http404
    try:
        submission_file_remove(submission=submission, file_id=file_id)
        messages.success(request, _("The file is removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("assignments:detail", pk=assignment.pk)


@login_required
@require_POST
def message(request, pk):
    student = student_record_for_user_or_404(request.user, related=())
    assignment = assignment_for_student_or_404(student, pk)
    form = MessageForm(request.POST)
    error = form.first_error() if not form.is_valid() else ""
    if not error:
        try:
            thread_message_post(
                author=request.user, assignment=assignment, student=student, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
        context = _task_context(request, student, assignment, message_form=form)
        return render(request, "assignments/task.html", context, status=400)
    return redirect(reverse("assignments:detail", args=[assignment.pk]) + "#thread")

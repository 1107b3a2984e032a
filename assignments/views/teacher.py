"""The teacher's assignments: those they set, a new one, each one's queue, and one student's work to grade."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import AssignmentForm, GradeForm, MessageForm, ReturnForm
from ..models import Submission
from ..permissions import assignment_for_teacher_or_404, stream_student_or_404
from ..selectors import PROGRESS_COLOURS, Progress, assignment_queue, progress_of, teacher_assignments, thread_for
from ..services import assignment_create, submission_grade, submission_return, thread_message_post


def teaching(request):
    if not request.user.is_teacher:
        raise Http404
    return render(request, "assignments/teaching.html", {"assignments": teacher_assignments(teacher=request.user)})


@login_required
def create(request):
    if not request.user.is_teacher:
        raise Http404
    form = AssignmentForm(request.POST or None, request.FILES or None, teacher=request.user)
    if request.method == "POST":
        error = form.first_error() if not form.is_valid() else ""
        if not error:
            data = {k: v for k, v in form.cleaned_data.items()}
            try:
                assignment = assignment_create(teacher=request.user, **data)
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if not error:
            messages.success(request, _("The assignment is set; the stream's students are notified."))
            return redirect("assignments:queue", pk=assignment.pk)
        messages.error(request, error)
        return render(request, "assignments/assignment_form.html", {"form": form}, status=400)
    return render(request, "assignments/assignment_form.html", {"form": form})


@login_required
def queue(request, pk):
    assignment = assignment_for_teacher_or_404(request.user, pk)
    rows = assignment_queue(assignment=assignment, now=timezone.now())
    return render(request, "assignments/queue.html", {"assignment": assignment, "rows": rows})


def _work_context(assignment, student, *, grade_form=None, return_form=None, message_form=None):
    submission = Submission.objects.filter(assignment=assignment, student=student).prefetch_related("files").first()
    progress = progress_of(assignment, submission, timezone.now())
    initial = {"points": submission.points, "feedback": submission.feedback} if submission else {}
    return {
        "assignment": assignment,
        "student": student,
        "submission": submission,
        "progress_label": Progress(progress).label,
        "colour": PROGRESS_COLOURS[progress],
        "can_grade": submission is not None and submission.status in ("submitted", "graded"),
        "can_return": submission is not None and submission.status == "submitted",
        "grade_form": grade_form or GradeForm(initial=initial, max_points=assignment.max_points),
        "return_form": return_form or ReturnForm(),
        "message_form": message_form or MessageForm(),
        "thread": thread_for(assignment=assignment, student=student),
        "message_url": reverse("assignments:work_message", args=[assignment.pk, student.pk]),
    }


@login_required
def work(request, pk, student_id):
    assignment = assignment_for_teacher_or_404(request.user, pk)
    student = stream_student_or_404(assignment, student_id)
    return render(request, "assignments/work.html", _work_context(assignment, student))


def _act(request, pk, student_id, form_class, act, success, form_name):
    assignment = assignment_for_teacher_or_404(request.user, pk)
    student = stream_student_or_404(assignment, student_id)
    kwargs = {"max_points": assignment.max_points} if form_class is GradeForm else {}
    form = form_class(request.POST, **kwargs)
    error = form.first_error() if not form.is_valid() else ""
    if not error:
        submission = Submission.objects.filter(assignment=assignment, student=student).first()
        try:
            if submission is None and form_class is not MessageForm:
                raise ValidationError(_("There is no work of this student yet."))
            act(assignment=assignment, student=student, submission=submission, data=form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
        context = _work_context(assignment, student, **{form_name: form})
        return render(request, "assignments/work.html", context, status=400)
    if success:
        messages.success(request, success)
    return redirect(reverse("assignments:work", args=[assignment.pk, student.pk]) + ("#thread" if not success else ""))


@login_required
@require_POST
def grade(request, pk, student_id):
    def act(*, assignment, student, submission, data):
        submission_grade(teacher=request.user, submission=submission, points=data["points"], feedback=data["feedback"])

    return _act(
        request, pk, student_id, GradeForm, act, _("The grade is saved; the student is notified."), "grade_form"
    )


@login_required
@require_POST
def return_for_rework(request, pk, student_id):
    def act(*, assignment, student, submission, data):
        submission_return(teacher=request.user, submission=submission, feedback=data["feedback"])

    return _act(
        request, pk, student_id, ReturnForm, act, _("The work is returned; the student is notified."), "return_form"
    )


@login_required
@require_POST
def work_message(request, pk, student_id):
    def act(*, assignment, student, submission, data):
        thread_message_post(author=request.user, assignment=assignment, student=student, text=data["text"])

    return _act(request, pk, student_id, MessageForm, act, "", "message_form")

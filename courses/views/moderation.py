"""The moderators' queue of applications (courses that need moderation): the course's author sees their own
courses' applications, the office every course's; approve (a paid course is charged then) or reject with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..forms import RejectForm
from ..permissions import enrolment_get_for_moderator_or_404, is_moderator
from ..selectors import moderation_queue
from ..services.enrolment import enrolment_approve, enrolment_reject


def _queue_page(request, *, forms=None, status=200):
    rows = list(moderation_queue(user=request.user))
    forms = forms or {}
    context = {"rows": [(row, forms.get(row.pk) or RejectForm(prefix=f"e{row.pk}")) for row in rows]}
    return render(request, "courses/moderation.html", context, status=status)


@login_required
@require_GET
def moderation(request):
    if not is_moderator(request.user):
        raise Http404
    return _queue_page(request)


@login_required
@require_POST
def decide(request, pk):
    enrolment = enrolment_get_for_moderator_or_404(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            enrolment_approve(enrolment=enrolment, actor=request.user)
            messages.success(request, _("The application is approved: the student is enrolled."))
        elif action == "reject":
            form = RejectForm(request.POST, prefix=f"e{enrolment.pk}")
            if not form.is_valid():
                return _queue_page(request, forms={enrolment.pk: form}, status=400)
            enrolment_reject(enrolment=enrolment, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The application is rejected: the student is told why."))
        else:
            return _queue_page(request, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("courses:moderation")

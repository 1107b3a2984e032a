from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap

from people.permissions import student_record_for_user_or_404

from ..forms import RegistrationForm
from ..permissions import posted_student_is_forged
from ..selectors.registration import registration_page
from ..services.registration import registration_add, registration_remove
from . import tabs_context

TEMPLATE = "curriculum/registration.html"


@login_required
def registration(request):
    """The Registration tab (docs/modules.md#registration): a tab per term open for registration, swapped by htmx."""
    student = student_record_for_user_or_404(request.user)
    page = registration_page(student=student, term_id=request.GET.get("term"))
    context = {"student": student, "page": page, **tabs_context("registration")}
    if request.htmx and request.GET.get("term"):
        return render(request, f"{TEMPLATE}#registration-panel", context)
    return render(request, TEMPLATE, context)


@login_required
@require_POST
def registration_add_view(request):
    return _change(request, registration_add, _("Registered for %(discipline)s."))


@login_required
@require_POST
def registration_remove_view(request):
    return _change(request, registration_remove, _("Dropped %(discipline)s."))


def _change(request, service, success):
    """Run a registration service for the signed-in student only; answer htmx with partials, else redirect."""
    student = student_record_for_user_or_404(request.user)
    form = RegistrationForm(request.POST)
    valid = form.is_valid()
    discipline, term = form.cleaned_data.get("discipline"), form.cleaned_data.get("term")
    ok, text = False, form.first_error()
    if posted_student_is_forged(student, request.POST.get("student")):
        text = _("You can change only your own study plan; nothing was changed.")
    elif valid:
        try:
            service(student=student, discipline=discipline, term=term, actor=request.user)
            ok, text = True, success % {"discipline": discipline}
        except ValidationError as error:
            text = " ".join(error.messages)
    if request.htmx:
        return _partials(request, student, term, discipline, ok, text)
    (messages.success if ok else messages.error)(request, text)
    url = reverse("study_plan:registration")
    if term is not None:
        url += f"?term={term.pk}"
    if discipline is not None:
        url += f"#reg-row-{discipline.pk}"
    return redirect(url)


def _partials(request, student, term, discipline, ok, text):
    """The changed row (the request's target) and, out of band, every other row, the credit counter, the degree
    progress and the message region: registering one discipline can change what the others allow."""
    page = registration_page(student=student, term_id=term.pk if term else None)
    context = {"student": student, "page": page, "oob": True}
    feedback = {"ok": ok, "text": text}
    target, parts = None, []
    if page.tab is not None and (term is None or page.tab.term.pk == term.pk):
        for row in page.tab.rows:
            if discipline is not None and row.discipline.pk == discipline.pk and target is None:
                target = render_to_string(
                    f"{TEMPLATE}#registration-row", {**context, "row": row, "oob": False, "feedback": feedback}, request
                )
            else:
                parts.append(render_to_string(f"{TEMPLATE}#registration-row", {**context, "row": row}, request))
        parts.append(render_to_string(f"{TEMPLATE}#credit-counter", context, request))
        parts.append(render_to_string(f"{TEMPLATE}#progress-panel", context, request))
    message_context = {**context, "feedback": None if target else feedback}
    parts.append(render_to_string(f"{TEMPLATE}#registration-messages", message_context, request))
    response = HttpResponse((target or "") + "".join(parts))
    if target is None:
        reswap(response, "none")
    return response

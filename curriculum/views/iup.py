"""The IUP tab (student), the work queues and review page (advisor, registrar), and the IUP PDF."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.ids import parse_ids
from documents.pdf import pdf_response
from people.permissions import student_record_for_user_or_404

from ..forms import IUPQueueFilter, ReturnForm
from ..models import IUPSignature
from ..pdf import iup_pdf as render_iup_pdf
from ..permissions import can_return_plan, can_use_iup_queue, plan_get_for_user_or_404, plan_is_past, step_for
from ..selectors.iup import (
    QUEUE_SORTS,
    iup_queue_for,
    iup_queue_next,
    iup_term_choose,
    iup_terms,
    plan_detail,
)
from ..services import error_text
from ..services.iup import iup_bulk_sign, iup_plan_get_or_create, iup_return, iup_sign
from . import pdf_rate_limited, tabs_context

QUEUE_PAGE_SIZE = 50


def _student_page(plan) -> str:
    return f"{reverse('study_plan:iup')}?term={plan.term_id}"


def _is_own(user, plan) -> bool:
    return plan.student.user_id == user.pk


def _after_staff_action(user, plan) -> str:
    """Open the queue one by one: the next plan waiting for this person, else the queue."""
    following = iup_queue_next(user, after=plan)
    if following is not None:
        return reverse("study_plan:iup_review", args=[following.pk])
    return reverse("study_plan:iup_queue")


@login_required
def iup(request):
    try:
        student = student_record_for_user_or_404(request.user)
    except Http404:
        if can_use_iup_queue(request.user):
            return redirect("study_plan:iup_queue")
        raise
    terms = iup_terms(student=student)
    term = iup_term_choose(terms, request.GET.get("term"))
    context = {"student": student, "terms": terms, "term": term, "detail": None, "step": None, **tabs_context("iup")}
    if term is not None:
        plan = iup_plan_get_or_create(student=student, term=term)
        plan.student, plan.term = student, term
        context.update(
            plan=plan, detail=plan_detail(plan=plan), step=step_for(request.user, plan), past=plan_is_past(plan)
        )
    template = "curriculum/iup.html#iup-plan" if request.htmx else "curriculum/iup.html"
    return render(request, template, context)


def _render_review(request, plan, *, return_form=None, status=200):
    context = {
        "plan": plan,
        "student": plan.student,
        "detail": plan_detail(plan=plan),
        "step": step_for(request.user, plan),
        "past": plan_is_past(plan),
        "can_return": can_return_plan(request.user, plan),
        "return_form": return_form or ReturnForm(),
        "in_queue": can_use_iup_queue(request.user),
    }
    return render(request, "curriculum/iup_review.html", context, status=status)


@login_required
def iup_review(request, pk):
    plan = plan_get_for_user_or_404(request.user, pk)
    if _is_own(request.user, plan) and not can_use_iup_queue(request.user):
        return redirect(_student_page(plan))
    return _render_review(request, plan)


@login_required
def iup_sign_confirm(request, pk):
    """The question asked once before the student signs, as a page for a browser without JavaScript (with it,
    the same question opens as a dialog on the IUP tab and posts straight to `iup_sign_view`)."""
    plan = plan_get_for_user_or_404(request.user, pk)
    if step_for(request.user, plan) != IUPSignature.Step.STUDENT:
        own = _is_own(request.user, plan)
        return redirect(_student_page(plan) if own else reverse("study_plan:iup_review", args=[plan.pk]))
    context = {"plan": plan, "student": plan.student, "detail": plan_detail(plan=plan)}
    return render(request, "curriculum/iup_sign_confirm.html", context)


@login_required
@require_POST
def iup_sign_view(request, pk):
    plan = plan_get_for_user_or_404(request.user, pk)
    own = _is_own(request.user, plan)
    try:
        iup_sign(plan=plan, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect(_student_page(plan) if own else reverse("study_plan:iup_review", args=[plan.pk]))
    messages.success(request, _("The IUP of %(name)s is signed.") % {"name": plan.student.user.get_full_name()})
    return redirect(_student_page(plan) if own else _after_staff_action(request.user, plan))


@login_required
@require_POST
def iup_return_view(request, pk):
    plan = plan_get_for_user_or_404(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            iup_return(plan=plan, actor=request.user, comment=form.cleaned_data["comment"])
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The IUP is returned to %(name)s.") % {"name": plan.student.user})
            return redirect(_after_staff_action(request.user, plan))
    return _render_review(request, plan, return_form=form, status=400)


@login_required
def iup_queue(request):
    if not can_use_iup_queue(request.user):
        raise Http404
    filterset = IUPQueueFilter(request.GET or None, queryset=iup_queue_for(request.user), request=request)
    page = Paginator(filterset.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "plans": page.object_list,
        "query": query.urlencode(),
        "headers": _sort_headers(query, filterset.sort_value),
    }
    template = "curriculum/iup_queue.html#queue-results" if request.htmx else "curriculum/iup_queue.html"
    return render(request, template, context)


@dataclass(frozen=True)
class SortHeader:
    column: str
    url: str  # this queue with its filters, sorted by the column (the other way when it already is)
    state: str  # aria-sort: "ascending", "descending" or "" when the queue is not sorted by the column


def _sort_headers(query: QueryDict, current: str) -> dict[str, SortHeader]:
    """The links of the sortable column headers; each keeps the filters and goes back to the first page."""
    query = query.copy()
    headers = {}
    for column in QUEUE_SORTS:
        state = {column: "ascending", f"-{column}": "descending"}.get(current, "")
        query["sort"] = f"-{column}" if state == "ascending" else column
        headers[column] = SortHeader(column=column, url="?" + query.urlencode(), state=state)
    return headers


@login_required
@require_POST
def iup_bulk_sign_view(request):
    if not can_use_iup_queue(request.user):
        raise Http404
    back = reverse("study_plan:iup_queue")
    query = QueryDict(request.POST.get("query", ""))
    if query:
        back += "?" + query.urlencode()
    ids = parse_ids(request.POST.getlist("plans"))
    if not ids:
        messages.warning(request, _("Choose at least one IUP to sign."))
        return redirect(back)
    signed, skipped = iup_bulk_sign(plan_ids=ids, actor=request.user)
    if signed:
        count = len(signed)
        messages.success(request, ngettext("%(count)d IUP signed.", "%(count)d IUPs signed.", count) % {"count": count})
    if skipped:
        reasons = "; ".join(f"{who}: {why}" for who, why in skipped)
        count = len(skipped)
        messages.warning(
            request,
            ngettext("%(count)d IUP not signed — %(reasons)s", "%(count)d IUPs not signed — %(reasons)s", count)
            % {"count": count, "reasons": reasons},
        )
    return redirect(back)


@login_required
@pdf_rate_limited
def iup_pdf(request, pk):
    plan = plan_get_for_user_or_404(request.user, pk)
    content = render_iup_pdf(plan=plan, request=request)
    term = plan.term
    filename = f"IUP-{plan.student.student_number}-{term.academic_year.start_date.year}-{term.kind}.pdf"
    return pdf_response(content, filename=filename)

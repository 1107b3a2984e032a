"""The student's My requests (SPEC §2.16): the table with its tabs, "Add request", a request's page, its files and
withdrawing a new one. Every page is the signed-in student's own; another's request is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import protected_file_response
from finance.selectors import finance_summary
from people.permissions import student_record_for_user_or_404

from ..forms.requests import RequestCreateForm
from ..models import RequestKind
from ..permissions import can_handle, request_file_get_for_user_or_404, request_get_for_user_or_404
from ..selectors import (
    TABS,
    kinds_on_offer,
    request_extras,
    request_files,
    request_history,
    student_requests,
    student_tab_counts,
)
from ..services.requests import request_cancel, request_create

PAGE_SIZE = 20


@login_required
@require_GET
def index(request):
    if not request.user.is_student and can_handle(request.user):
        return redirect("requests:queue")  # the office's side of the same module
    student = student_record_for_user_or_404(request.user, related=())
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "all"
    page = Paginator(student_requests(student=student, tab=tab), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"tab": tab, "tabs": student_tab_counts(student=student), "page": page, "rows": page.object_list}
    return render(request, "requests/index.html", context)


def _adddrop_form(student, kind, data):
    """The add/drop part's fields (requests_app/forms/adddrop.py, issue 11 part 4), or None until it lands."""
    if kind is None or kind.category != RequestKind.Category.ADD_DROP:
        return None
    try:
        from ..forms.adddrop import AddDropForm
    except ImportError:
        return None
    form = AddDropForm(student=student, data=data, initial={"action": kind.adddrop_action})
    if kind.adddrop_action:  # the kind names its change (and its fee): the action is shown, not chosen
        form.fields["action"].disabled = True
    return form


@login_required
def create(request):
    student = student_record_for_user_or_404(request.user, related=())
    kinds = kinds_on_offer()
    if request.method == "POST":
        form = RequestCreateForm(request.POST, request.FILES, kinds=kinds)
    else:
        form = RequestCreateForm(initial={k: request.GET.get(k, "") for k in ("category", "kind")}, kinds=kinds)
    chosen = form.chosen
    adddrop = _adddrop_form(student, chosen, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and (adddrop is None or adddrop.is_valid()):
        data = form.cleaned_data
        try:
            req = request_create(
                student=student,
                kind=data["kind"],
                language=data["language"],
                comment=data["comment"],
                details=adddrop.details() if adddrop is not None else {},
                files=data["files"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The request is filed. Its status is “New”."))
            return redirect(req)
    summary = finance_summary(student) if chosen is not None and chosen.is_paid else None
    context = {"form": form, "chosen": chosen, "adddrop": adddrop, "summary": summary}
    template = "requests/create.html#kind-fields" if request.htmx else "requests/create.html"
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def detail(request, pk: int):
    req = request_get_for_user_or_404(request.user, pk)
    context = {"req": req, "files": request_files(req), "history": request_history(req), **request_extras(req)}
    return render(request, "requests/detail.html", context)


@login_required
@require_POST
def cancel(request, pk: int):
    req = request_get_for_user_or_404(request.user, pk)
    try:
        request_cancel(request=req, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is withdrawn."))
    return redirect(req)


@login_required
@require_GET
def file(request, pk: int):
    attached = request_file_get_for_user_or_404(request.user, pk)
    return protected_file_response(attached.file, content_type=attached.content_type, filename=attached.name)

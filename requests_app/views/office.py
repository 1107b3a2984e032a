"""The offices' side of My requests: the queue with its filters, and one request's review page where the office
takes it into review, marks it ready, issues or rejects it (with a reason) and attaches a file. Only the office
(registrars and administrators with staff status) gets here; anyone else is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ..forms.requests import FileForm, QueueFilterForm, RejectForm
from ..permissions import can_handle, request_for_office_or_404
from ..selectors import kinds_on_offer, office_queue, request_extras, request_files, request_history
from ..services.requests import request_file_add, request_issue, request_ready, request_reject, request_review

PAGE_SIZE = 25
STEPS = {
    "review": (request_review, gettext_lazy("The request is taken into review.")),
    "ready": (request_ready, gettext_lazy("The request is ready; the student is told.")),
    "issue": (request_issue, gettext_lazy("The request is issued.")),
}


@login_required
@require_GET
def queue(request):
    if not can_handle(request.user):
        raise Http404
    filters = QueueFilterForm(request.GET or None, kinds=kinds_on_offer())
    chosen = filters.filters()
    page = Paginator(office_queue(**chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "rows": page.object_list}
    return render(request, "requests/queue.html", context)


@login_required
def review(request, pk: int):
    req = request_for_office_or_404(request.user, pk)
    reject_form, file_form = RejectForm(), FileForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in STEPS:
                service, done = STEPS[action]
                extra = {"site_root": request.build_absolute_uri("/")} if action == "ready" else {}
                service(request=req, actor=request.user, **extra)
            elif action == "reject":
                reject_form = RejectForm(request.POST)
                if not reject_form.is_valid():
                    raise ValidationError(_("Say why the request is not fulfilled."))
                request_reject(request=req, actor=request.user, reason=reject_form.cleaned_data["reason"])
                done = _("The request is rejected; the student sees the reason.")
            elif action == "attach":
                file_form = FileForm(request.POST, request.FILES)
                if not file_form.is_valid():
                    raise ValidationError(_("Choose a file to attach."))
                request_file_add(request=req, upload=file_form.cleaned_data["file"], actor=request.user, by_office=True)
                done = _("The file is attached.")
            else:
                raise ValidationError(_("Choose what to do with the request."))
        except ValidationError as error:
            if action in ("reject", "attach"):
                (reject_form if action == "reject" else file_form).add_error(None, error)
                return _page(request, req, reject_form, file_form, status=400)
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("requests:review", pk=req.pk)
    return _page(request, req, reject_form, file_form)


def _page(request, req, reject_form, file_form, status=200):
    context = {
        "req": req,
        "files": request_files(req),
        "history": request_history(req),
        "reject_form": reject_form,
        "file_form": file_form,
        **request_extras(req),
    }
    return render(request, "requests/review.html", context, status=status)

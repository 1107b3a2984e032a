"""Top-ups (docs/modules.md#top-ups): the student starts one and follows it; the office confirms receipts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import protected_file_response
from people.permissions import student_record_for_user_or_404

from ..forms.topup import ReceiptForm, RejectForm, TopUpForm
from ..models import TopUp
from ..permissions import can_review_receipts, receipt_topup_for_user_or_404, topup_get_for_user_or_404
from ..providers.receipt import RECEIPT_TYPES, receipt_queue
from ..providers.registry import provider_get, providers
from ..services.topups import topup_create, topup_post, topup_receipt_attach, topup_reject

QUEUE_SIZE = 100


@login_required
def topup(request):
    student = student_record_for_user_or_404(request.user, related=())
    form = TopUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = provider_get(form.cleaned_data["provider"])
        created = topup_create(student=student, provider=provider.code, amount=form.cleaned_data["amount"])
        return provider.start(created, request)
    context = {"form": form, "student": student, "kaspi": "kaspi" in providers()}
    return render(request, "finance/topup.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def topup_detail(request, pk: int):
    item = topup_get_for_user_or_404(request.user, pk=pk)
    return render(request, "finance/topup_detail.html", {"topup": item})


@login_required
def topup_receipt(request, pk: int):
    item = topup_get_for_user_or_404(request.user, pk=pk)
    if item.provider != "receipt" or item.status not in (TopUp.Status.PENDING, TopUp.Status.AWAITING_CONFIRMATION):
        return redirect("finance:topup_detail", pk=item.pk)
    form = ReceiptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            topup_receipt_attach(topup=item, upload=form.cleaned_data["receipt"], actor=request.user)
        except ValidationError as error:
            form.add_error("receipt", error)
        else:
            messages.success(request, _("The receipt is sent: the registrar's office will confirm it."))
            return redirect("finance:topup_detail", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "finance/topup_receipt.html", {"topup": item, "form": form}, status=status)


@login_required
@require_GET
def receipt_file(request, pk: int):
    item = receipt_topup_for_user_or_404(request.user, pk=pk)
    content_type = item.receipt_type if item.receipt_type in RECEIPT_TYPES else "application/octet-stream"
    name = f"receipt-{item.invoice_id}.{RECEIPT_TYPES.get(content_type, 'bin')}"
    return protected_file_response(item.receipt, content_type=content_type, filename=name, as_attachment=False)


@login_required
@require_GET
def receipts(request):
    if not can_review_receipts(request.user):
        raise Http404
    status = request.GET.get("status", TopUp.Status.AWAITING_CONFIRMATION)
    if status not in TopUp.Status.values:
        status = ""
    rows = list(receipt_queue(status=status)[:QUEUE_SIZE])
    context = {"receipts": rows, "status": status, "statuses": TopUp.Status.choices}
    return render(request, "finance/receipts.html", context)


@login_required
@require_GET
def receipt(request, pk: int):
    item = receipt_topup_for_user_or_404(request.user, pk=pk, review=True)
    return render(request, "finance/receipts_review.html", {"topup": item, "form": RejectForm()})


@login_required
@require_POST
def receipt_confirm(request, pk: int):
    item = receipt_topup_for_user_or_404(request.user, pk=pk, review=True)
    try:
        _topup, posted = topup_post(topup=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if posted:
            messages.success(request, _("Confirmed: %(amount)s ₸ credited.") % {"amount": item.amount})
        else:
            messages.info(request, _("This top-up is already confirmed: nothing was credited again."))
    return redirect("finance:receipts")


@login_required
@require_POST
def receipt_reject(request, pk: int):
    item = receipt_topup_for_user_or_404(request.user, pk=pk, review=True)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            topup_reject(topup=item, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The top-up is rejected; the student is told why."))
            return redirect("finance:receipts")
    return render(request, "finance/receipts_review.html", {"topup": item, "form": form}, status=400)

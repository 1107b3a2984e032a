"""The office's finance pages (docs/modules.md#finance): students with their balance and debt, any student's
finance page with the office's actions (discount, reversal, refund, debt hold), and a term's tuition charges run
as a background job with its progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.pdf import pdf_response

from ..filters import StudentSearchForm
from ..forms.staff import DiscountForm, RefundForm, ReverseForm, TuitionTermForm
from ..models import Transaction
from ..money import money_parse
from ..permissions import finance_student_get_for_staff_or_404, require_finance_staff, tuition_job_get_for_staff_or_404
from ..selectors import charged_terms, students_with_money, terms_with_fees
from ..services.ledger import transaction_reverse
from ..services.payments import refund
from ..services.tuition import debt_hold_sync, discount_grant
from ..tasks import tuition_job_start
from .account import error_text, finance_page_context, statement_pdf, statement_rate_limited

PAGE_SIZE = 25


@login_required
def students(request):
    require_finance_staff(request.user)
    form = StudentSearchForm(request.GET)
    query = form.cleaned_data if form.is_valid() else {}
    found = students_with_money(search=query.get("q", ""), with_debt=query.get("with_debt", False))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "students": page.object_list}
    if request.htmx and request.htmx.target == "students":
        return render(request, "finance/staff_students.html#students", context)
    return render(request, "finance/staff_students.html", context)


def _student_page(request, student, status=200, **forms):
    initial_reverse = {"number": request.GET["reverse"]} if request.GET.get("reverse", "").isdigit() else None
    context = finance_page_context(request, student) | {
        "staff": True,
        "discount_form": DiscountForm(terms=charged_terms(student=student)),
        "reverse_form": ReverseForm(initial=initial_reverse),
        "refund_form": RefundForm(),
    }
    context |= forms
    if request.htmx and request.htmx.target == "transactions":
        return render(request, "finance/staff_student.html#transactions", context)
    return render(request, "finance/staff_student.html", context, status=status)


def _done(request, student, message: str):
    messages.success(request, message)
    return redirect("finance:student", pk=student.pk)


@login_required
def student(request, pk):
    return _student_page(request, finance_student_get_for_staff_or_404(request.user, pk))


@login_required
@statement_rate_limited
def student_statement(request, pk):
    record = finance_student_get_for_staff_or_404(request.user, pk)
    return pdf_response(statement_pdf(request, record), filename=f"statement-{record.student_number}.pdf")


@login_required
@require_POST
def student_discount(request, pk):
    record = finance_student_get_for_staff_or_404(request.user, pk)
    form = DiscountForm(request.POST, terms=charged_terms(student=record))
    if form.is_valid():
        data = form.cleaned_data
        try:
            discount = discount_grant(
                student=record,
                term=data["term"],
                mode=data["mode"],
                value=data["value"],
                reason=data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            return _done(request, record, _("A discount of %(amount)s ₸ is granted.") % {"amount": discount.amount})
    return _student_page(request, record, status=400, discount_form=form)


@login_required
@require_POST
def student_reverse(request, pk):
    record = finance_student_get_for_staff_or_404(request.user, pk)
    form = ReverseForm(request.POST)
    if form.is_valid():
        txn = Transaction.objects.filter(student=record, pk=form.cleaned_data["number"]).first()
        if txn is None:
            form.add_error("number", _("This student has no transaction with this number."))
        else:
            try:
                transaction_reverse(txn=txn, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                return _done(request, record, _("Transaction no. %(number)s is reversed.") % {"number": txn.pk})
    return _student_page(request, record, status=400, reverse_form=form)


@login_required
@require_POST
def student_refund(request, pk):
    record = finance_student_get_for_staff_or_404(request.user, pk)
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            refund(
                student=record,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            amount = money_parse(form.cleaned_data["amount"])
            return _done(request, record, _("%(amount)s ₸ is refunded to the student.") % {"amount": amount})
    return _student_page(request, record, status=400, refund_form=form)


@login_required
@require_POST
def student_hold_sync(request, pk):
    record = finance_student_get_for_staff_or_404(request.user, pk)
    hold = debt_hold_sync(student=record, actor=request.user)
    if hold is None:
        return _done(request, record, _("Nothing is overdue: the student has no debt hold."))
    return _done(request, record, _("Part of the debt is overdue: the debt hold is in place."))


@login_required
def tuition(request):
    require_finance_staff(request.user)
    job_key = request.GET.get("job", "")
    job = tuition_job_get_for_staff_or_404(request.user, job_key) if job_key else None
    context = {"form": TuitionTermForm(terms=terms_with_fees()), "job": job, "job_key": job_key}
    if request.htmx and job is not None:
        return render(request, "finance/tuition.html#progress", context)
    return render(request, "finance/tuition.html", context)


@login_required
@require_POST
def tuition_start(request):
    require_finance_staff(request.user)
    form = TuitionTermForm(request.POST, terms=terms_with_fees())
    if not form.is_valid():
        return render(request, "finance/tuition.html", {"form": form, "job": None}, status=400)
    key = tuition_job_start(term=form.cleaned_data["term"], actor=request.user)
    return redirect(f"{reverse('finance:tuition')}?job={key}")

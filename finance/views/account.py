"""The student's finance page (docs/modules.md#finance): balance, debt, discounts, every transaction with filters,
paying the debt from the balance, and the statement PDF. `finance_page_context` is shared with the office's page
of a student (views/staff.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.ratelimit import rate_limited
from documents.pdf import pdf_response, render_pdf
from people.permissions import student_record_for_user_or_404

from ..filters import TransactionFilter
from ..forms.account import TuitionPayForm
from ..selectors import finance_summary, student_discounts, student_transactions
from ..services.tuition import tuition_pay

PAGE_SIZE = 25
# what a finance page and its statement print of the student
STUDENT_RELATED = ("user", "group", "programme__department__faculty__university")

# the statement shares the PDF budget of every document of a person (the IUP, the transcripts)
statement_rate_limited = rate_limited(
    "pdf",
    setting="PDF_RATE_LIMIT",
    message=gettext_lazy("You have asked for too many documents in a short time. Please wait a minute and try again."),
)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def finance_page_context(request, student) -> dict:
    """What a finance page shows of `student`: the summary, the discounts, a page of the filtered transactions."""
    filters = TransactionFilter(request.GET or None, queryset=student_transactions(student=student))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "student": student,
        "summary": finance_summary(student),
        "discounts": student_discounts(student=student),
        "filters": filters,
        "page": page,
        "transactions": page.object_list,
    }


def statement_pdf(request, student) -> bytes:
    """The statement of `student`'s account in the reader's language, with the transactions the filters keep."""
    filters = TransactionFilter(request.GET or None, queryset=student_transactions(student=student))
    context = {
        "student": student,
        "summary": finance_summary(student),
        "discounts": student_discounts(student=student),
        "filters": filters,
        "transactions": filters.qs,
        "printed_at": timezone.localtime(),
        "university": student.programme.department.faculty.university,
    }
    return render_pdf("finance/statement.html", context, request=request)


def _page(request, student, pay_form=None, status=200):
    context = finance_page_context(request, student) | {"pay_form": pay_form or TuitionPayForm()}
    if request.htmx and request.htmx.target == "transactions":
        return render(request, "finance/index.html#transactions", context)
    return render(request, "finance/index.html", context, status=status)


@login_required
def index(request):
    student = student_record_for_user_or_404(request.user, related=STUDENT_RELATED)
    return _page(request, student)


@login_required
@require_POST
def pay(request):
    student = student_record_for_user_or_404(request.user, related=STUDENT_RELATED)
    form = TuitionPayForm(request.POST)
    if form.is_valid():
        try:
            tuition_pay(student=student, actor=request.user, amount=form.cleaned_data["amount"] or None)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The tuition payment is made from your balance."))
            return redirect("finance:index")
    return _page(request, student, pay_form=form, status=400)


@login_required
@statement_rate_limited
def statement(request):
    student = student_record_for_user_or_404(request.user, related=STUDENT_RELATED)
    content = statement_pdf(request, student)
    return pdf_response(content, filename=f"statement-{student.student_number}.pdf")

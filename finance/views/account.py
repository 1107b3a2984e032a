"""The student's finance page (docs/modules.md#finance): balance, debt, discounts and every transaction."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from people.permissions import student_record_for_user_or_404

from ..selectors import finance_summary, student_transactions

PAGE_SIZE = 25


@login_required
def index(request):
    student = student_record_for_user_or_404(request.user, related=())
    page = Paginator(student_transactions(student=student), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"summary": finance_summary(student), "page": page, "transactions": page.object_list}
    return render(request, "finance/index.html", context)

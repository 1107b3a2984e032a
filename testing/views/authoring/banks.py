"""Question banks: the teacher's list (with a new bank), one bank's questions by category and type, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from curriculum.models import Discipline

from ...forms.questions import BankFilterForm, BankForm
from ...models import QuestionType
from ...permissions import bank_get_for_user_or_404, banks_for
from ...services.authoring import bank_categories, bank_create, bank_delete, bank_update
from . import messages_of, require_author


@login_required
def banks(request):
    require_author(request.user)
    taught = Discipline.objects.filter(streams__teacher=request.user).distinct().order_by("code")
    form = BankForm(request.POST or None, disciplines=taught)
    if request.method == "POST" and form.is_valid():
        try:
            bank = bank_create(
                actor=request.user, discipline=form.cleaned_data["discipline"], title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The bank is created: add its questions."))
            return redirect("testing:bank", pk=bank.pk)
    rows = (
        banks_for(request.user)
        .select_related("discipline", "owner")
        .annotate(n_questions=Count("questions"))
        .order_by("discipline__code", "title")
    )
    return render(request, "testing/authoring/banks.html", {"banks": rows, "form": form, "tab": "banks"})


@login_required
def bank(request, pk):
    bank = bank_get_for_user_or_404(request.user, pk)
    categories = bank_categories(bank)
    filters = BankFilterForm(request.GET or None, categories=[c for c, _n in categories])
    questions = bank.questions.annotate(n_files=Count("files")).order_by("category", "name", "id")
    if filters.chosen_category() is not None:
        questions = questions.filter(category=filters.chosen_category())
    if filters.is_valid():
        if filters.cleaned_data.get("type"):
            questions = questions.filter(type=filters.cleaned_data["type"])
    context = {
        "bank": bank,
        "categories": categories,
        "filters": filters,
        "questions": questions,
        "types": QuestionType.choices,
        "tab": "banks",
    }
    return render(request, "testing/authoring/bank.html", context)


@login_required
def bank_edit(request, pk):
    bank = bank_get_for_user_or_404(request.user, pk)
    form = BankForm(request.POST or None, instance=bank)
    if request.method == "POST" and form.is_valid():
        bank_update(bank=bank, title=form.cleaned_data["title"])
        messages.success(request, _("The bank is saved."))
        return redirect("testing:bank", pk=bank.pk)
    return render(request, "testing/authoring/bank_edit.html", {"bank": bank, "form": form, "tab": "banks"})


@login_required
def bank_delete_view(request, pk):
    bank = bank_get_for_user_or_404(request.user, pk)
    if request.method == "POST":
        try:
            bank_delete(bank=bank)
        except ValidationError as error:
            messages.error(request, messages_of(error))
            return redirect("testing:bank", pk=bank.pk)
        messages.success(request, _("The bank is deleted."))
        return redirect("testing:banks")
    return render(request, "testing/authoring/bank_delete.html", {"bank": bank, "tab": "banks"})

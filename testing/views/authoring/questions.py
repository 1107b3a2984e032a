"""The question editor: a form per type, the question's images, a preview as a student sees it, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...forms.questions import FORMS, QuestionFileForm, question_form_class
from ...models import AttemptQuestion, QuestionFile, QuestionType
from ...permissions import bank_get_for_user_or_404, question_get_for_user_or_404
from ...services.authoring import question_delete, question_file_add, question_file_delete, question_save
from . import messages_of


def _editor(request, *, bank, qtype, question=None):
    form_class = question_form_class(qtype)
    form = form_class(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            saved = question_save(bank=bank, question=question, **form.payload())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question is saved."))
            if request.POST.get("then") == "another":
                return redirect("testing:question_create", pk=bank.pk, qtype=qtype)
            return redirect("testing:question_edit", pk=saved.pk)
    context = {
        "bank": bank,
        "question": question,
        "qtype": qtype,
        "qtype_label": QuestionType(qtype).label,
        "form": form,
        "file_form": QuestionFileForm(),
        "files": list(question.files.all()) if question else [],
        "drawn": question is not None and AttemptQuestion.objects.filter(question=question).exists(),
        "tab": "banks",
    }
    return render(request, "testing/authoring/question_form.html", context)


@login_required
def question_create(request, pk, qtype):
    bank = bank_get_for_user_or_404(request.user, pk)
    if qtype not in FORMS:
        raise Http404
    return _editor(request, bank=bank, qtype=qtype)


@login_required
def question_edit(request, pk):
    question = question_get_for_user_or_404(request.user, pk)
    return _editor(request, bank=question.bank, qtype=question.type, question=question)


@login_required
def question_preview(request, pk):
    question = question_get_for_user_or_404(request.user, pk)
    return render(request, "testing/authoring/question_preview.html", {"question": question, "tab": "banks"})


@login_required
def question_delete_view(request, pk):
    question = question_get_for_user_or_404(request.user, pk)
    if request.method == "POST":
        try:
            question_delete(question=question)
        except ValidationError as error:
            messages.error(request, messages_of(error))
            return redirect("testing:question_edit", pk=question.pk)
        messages.success(request, _("The question is deleted."))
        return redirect("testing:bank", pk=question.bank_id)
    return render(request, "testing/authoring/question_delete.html", {"question": question, "tab": "banks"})


@login_required
@require_POST
def question_file_upload(request, pk):
    question = question_get_for_user_or_404(request.user, pk)
    form = QuestionFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("testing:question_edit", pk=question.pk)
    try:
        row = question_file_add(question=question, upload=form.cleaned_data["upload"], name=form.cleaned_data["name"])
    except ValidationError as error:
        messages.error(request, messages_of(error))
    else:
        messages.success(request, _("The image “%(name)s” is added: insert it into the text.") % {"name": row.name})
    return redirect("testing:question_edit", pk=question.pk)


@login_required
@require_POST
def question_file_remove(request, pk, file_id):
    question = question_get_for_user_or_404(request.user, pk)
    question_file_delete(row=get_object_or_404(QuestionFile, question=question, pk=file_id))
    messages.success(request, _("The image is removed."))
    return redirect("testing:question_edit", pk=question.pk)

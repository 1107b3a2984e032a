"""The stream's teacher adds, edits and deletes self-study columns of the grid (docs/modules.md#journal)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import SelfStudyColumnForm
from ..permissions import self_study_column_or_404, stream_for_grid_or_404
from ..services.columns import self_study_column_create, self_study_column_delete, self_study_column_update

TEMPLATE = "journal/column_form.html"


def _render(request, *, stream, form=None, column=None, mode: str, error: str = ""):
    context = {"stream": stream, "form": form, "column": column, "mode": mode, "error": error}
    return render(request, TEMPLATE, context, status=400 if request.method == "POST" else 200)


def _saved(form, save):
    """The service's column for a valid form, else None: its refusals land on the form's fields."""
    if not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def column_new(request, pk: int):
    stream = stream_for_grid_or_404(request.user, pk=pk, edit=True)
    form = SelfStudyColumnForm(request.POST or None)
    if request.method == "POST":
        saved = _saved(form, lambda **data: self_study_column_create(stream=stream, actor=request.user, **data))
        if saved is not None:
            messages.success(request, _("The self-study column “%(title)s” is added.") % {"title": saved.title})
            return redirect("journal:grid", pk=stream.pk)
    return _render(request, stream=stream, form=form, mode="new")


@login_required
@require_http_methods(["GET", "POST"])
def column_edit(request, pk: int, column: int):
    stream = stream_for_grid_or_404(request.user, pk=pk, edit=True)
    col = self_study_column_or_404(stream, pk=column)
    form = SelfStudyColumnForm(request.POST or None, initial={"title": col.title, "date": col.date})
    if request.method == "POST":
        saved = _saved(form, lambda **data: self_study_column_update(column=col, actor=request.user, **data))
        if saved is not None:
            messages.success(request, _("The self-study column “%(title)s” is saved.") % {"title": saved.title})
            return redirect("journal:grid", pk=stream.pk)
    return _render(request, stream=stream, form=form, column=col, mode="edit")


@login_required
@require_http_methods(["GET", "POST"])
def column_delete(request, pk: int, column: int):
    """GET asks to confirm; POST deletes an empty column, or answers 400 with why it is kept."""
    stream = stream_for_grid_or_404(request.user, pk=pk, edit=True)
    col = self_study_column_or_404(stream, pk=column)
    if request.method == "POST":
        try:
            self_study_column_delete(column=col, actor=request.user)
        except ValidationError as error:
            return _render(request, stream=stream, column=col, mode="delete", error=" ".join(error.messages))
        messages.success(request, _("The self-study column “%(title)s” is deleted.") % {"title": col.title})
        return redirect("journal:grid", pk=stream.pk)
    return _render(request, stream=stream, column=col, mode="delete")

"""The teacher's grid of a stream: the page, one cell's save, the changes since a moment, the registrar's unlock."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.ids import parse_id
from schedule.models import StreamChoice

from ..forms import ImportForm, UnlockForm
from ..models import Cell, Column
from ..permissions import can_edit_grid, stream_for_grid_or_404, stream_for_unlock_or_404
from ..selectors.grid import GridCell, cell_text, grid_changes, results_for, scale, stream_grid
from ..services.cells import StaleCell, unlock_create
from ..services.columns import stream_columns_sync, stream_rules
from ..services.entry import cell_enter
from ..services.transfer import FORMATS, grid_export, grid_import

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATE = "journal/grid.html"


@login_required
@require_GET
def grid(request, pk: int):
    stream = stream_for_grid_or_404(request.user, pk=pk)
    rules = stream_rules(stream)
    stream_columns_sync(stream=stream, rules=rules)
    can_edit = stream.teacher_id == request.user.pk
    page = stream_grid(stream=stream, rules=rules, can_edit=can_edit)
    context = {"grid": page, "can_edit": can_edit, "since": page.since}
    return render(request, TEMPLATE, context)


def _cell_response(request, *, stream, column, student_id, cell, rules, status=200, error="", shown=None, result=None):
    context = {
        "gc": GridCell(column.pk, student_id, cell_text(cell), cell.version if cell else 0, True),
        "stream": stream,
        "error": error,
        "shown": shown,
        "result": result,
        "oob_student": student_id if result is not None else None,
    }
    return render(request, "journal/grid.html#cell-response", context, status=status)


@login_required
@require_POST
def cell_save_view(request, pk: int):
    """One cell, saved as it is left: 200 with the saved cell and the row's computed columns, 400 with a message
    (nothing changed), 409 with the newer value when the cell changed since the page was loaded."""
    stream = stream_for_grid_or_404(request.user, pk=pk, edit=True)
    column_id = parse_id(request.POST.get("column"))
    student_id = parse_id(request.POST.get("student"))
    version = request.POST.get("version", "0")
    if column_id is None or student_id is None or not version.isdigit() or len(version) > 9:
        return HttpResponse(_("The cell is not part of this journal."), status=400)
    version = int(version)
    column = (
        Column.objects.filter(
            Q(stream=stream) | Q(stream__isnull=True),
            pk=column_id,
            discipline_id=stream.discipline_id,
            term_id=stream.term_id,
        )
        .annotate(in_stream=Exists(StreamChoice.objects.filter(stream=stream, student_id=student_id)))
        .first()
    )
    if column is None:
        return HttpResponse(_("The cell is not part of this journal."), status=400)
    if not column.in_stream:
        return HttpResponse(_("This student is not in the stream."), status=400)
    rules = stream_rules(stream)
    text = request.POST.get("value", "")
    args = {"stream": stream, "column": column, "student_id": student_id, "rules": rules}
    try:
        cell, result = cell_enter(
            stream=stream,
            column=column,
            student_id=student_id,
            text=text,
            version=version,
            actor=request.user,
            rules=rules,
            bands=scale(stream.term.academic_year.university_id),
        )
    except StaleCell as stale:
        msg = _("Someone saved this cell a moment ago: it now holds “%(value)s”. Yours (“%(yours)s”) was not saved.")
        error = msg % {"value": cell_text(stale.cell) or "—", "yours": text}
        return _cell_response(request, cell=stale.cell, status=409, error=error, **args)
    except ValidationError as error:
        current = Cell.objects.filter(column=column, student_id=student_id).first()
        return _cell_response(request, cell=current, status=400, error=" ".join(error.messages), shown=text, **args)
    return _cell_response(request, cell=cell, result=result, **args)


@login_required
@require_GET
def changes(request, pk: int):
    """The cells others changed since `since` (htmx polling): out-of-band cells and their rows' computed columns."""
    stream = stream_for_grid_or_404(request.user, pk=pk)
    since = parse_datetime(request.GET.get("since", "") or "") or timezone.now()
    if timezone.is_naive(since):
        since = timezone.make_aware(since, dt.UTC)
    now = timezone.now()
    cells = grid_changes(stream=stream, since=since, editable=can_edit_grid(request.user, stream))
    results = {}
    if cells:
        rules = stream_rules(stream)
        bands = scale(stream.term.academic_year.university_id)
        ids = sorted({c.student_id for c in cells})
        results = {
            sid: value[1]
            for sid, value in results_for(
                student_ids=ids, discipline_id=stream.discipline_id, term=stream.term, rules=rules, bands=bands
            ).items()
        }
    context = {
        "stream": stream,
        "since": now.isoformat(),
        "changed": cells,
        "results": list(results.items()),
    }
    return render(request, "journal/grid.html#changes", context)


@login_required
def unlock(request, pk: int):
    """The registrar's office opens one week of a stream after its window."""
    stream = stream_for_unlock_or_404(request.user, pk=pk)
    form = UnlockForm(request.POST or None, stream=stream)
    if request.method == "POST" and form.is_valid():
        try:
            unlock_create(
                stream=stream,
                week_start=form.cleaned_data["week"],
                until=form.cleaned_data["until"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The week is open for changes until %(until)s.")
                % {"until": timezone.localtime(form.cleaned_data["until"]).strftime("%d.%m.%Y %H:%M")},
            )
            return redirect("journal:grid", pk=stream.pk)
    return render(request, "journal/unlock.html", {"stream": stream, "form": form})


@login_required
@require_GET
def export(request, pk: int):
    """The grid as CSV or XLSX (?format=xlsx), for the stream's teacher and the office."""
    stream = stream_for_grid_or_404(request.user, pk=pk)
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        file_format = "csv"
    content = grid_export(stream=stream, file_format=file_format)
    types = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}
    response = HttpResponse(content, content_type=types[file_format])
    name = f"journal-{stream.discipline.code}-{stream.code}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_view(request, pk: int):
    """Upload a CSV/XLSX: "Preview" shows the diff and the rows' errors; "Apply" saves it (nothing on any error)."""
    stream = stream_for_grid_or_404(request.user, pk=pk, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        dry_run = request.POST.get("action") != "apply"
        try:
            plan = grid_import(
                stream=stream,
                upload=upload,
                file_format=file_format,
                actor=request.user,
                rules=stream_rules(stream),
                dry_run=dry_run,
            )
        except ValidationError as error:
            form.add_error("file", error)
            status = 400
        else:
            if plan.errors:
                status = 400
            elif not dry_run:
                messages.success(request, _("Imported: %(count)s cells saved.") % {"count": plan.applied})
                return redirect("journal:grid", pk=stream.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "journal/import.html", {"stream": stream, "form": form, "plan": plan}, status=status)

"""Stream selection (docs/modules.md#stream-selection) and the waitlist. Every action is a POST that calls one service;
with htmx the answer is the re-rendered streams panel (fresh free seats, the outcome as a message), without it a
redirect back. The student is always `request.user`'s record."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.ids import parse_id
from people.permissions import student_record_for_user_or_404

from ..permissions import stream_get_or_404, waitlist_entry_get_for_student_or_404
from ..selectors.selection import (
    VIEWS,
    discipline_item,
    discipline_streams,
    next_selection_period,
    open_selection_periods,
    open_term_ids,
    selection_disciplines,
    student_streams,
    student_waitlist,
)
from ..services import (
    ALREADY_CHOSEN,
    NOT_CHOSEN,
    stream_cancel,
    stream_choose,
    stream_switch,
    waitlist_claim,
    waitlist_join,
    waitlist_leave,
)

CALM = {ALREADY_CHOSEN, NOT_CHOSEN}  # a repeated click: nothing to fix, say what is true


def _selection_context(student, *, term_id=None, discipline_id=None, view="type") -> dict:
    """The open terms (the asked one, else the first), the term's IUP disciplines, the asked one's streams."""
    periods = open_selection_periods()
    period = next((p for p in periods if p.term_id == term_id), periods[0] if periods else None)
    context = {"periods": periods, "period": period, "view": view if view in VIEWS else "type"}
    context["term_id"] = period.term_id if period else None
    if period is None:
        context["next_period"] = next_selection_period()
        return context
    disciplines = selection_disciplines(student=student, term_id=period.term_id)
    current = next(
        (r for r in disciplines if r.discipline_id == discipline_id), disciplines[0] if disciplines else None
    )
    context.update(disciplines=disciplines, current=current)
    if current is not None:
        context["sections"] = discipline_streams(
            student=student, term_id=period.term_id, discipline_id=current.discipline_id, view=context["view"]
        )
    return context


def _selection_url(term_id, discipline_id, view) -> str:
    query = {"term": term_id, "discipline": discipline_id, "view": view if view in VIEWS else "type"}
    return f"{reverse('schedule:selection')}?{urlencode(query)}"


@login_required
@require_GET
def selection(request):
    """The selection window: terms as tabs, the IUP disciplines on the left, the chosen one's streams on the right."""
    student = student_record_for_user_or_404(request.user, related=())
    context = _selection_context(
        student,
        term_id=parse_id(request.GET.get("term")),
        discipline_id=parse_id(request.GET.get("discipline")),
        view=request.GET.get("view", "type"),
    )
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "schedule/selection.html#streams-panel", {**context, "oob": True})
    return render(request, "schedule/selection.html", context)


def _after_action(request, student, target, action, **kwargs):
    """Run a service for the student about stream `target`; answer with the fresh panel (htmx) or a redirect,
    the outcome as a message."""
    try:
        action(student=student, **kwargs)
    except ValidationError as error:
        level = messages.INFO if error.code in CALM else messages.ERROR
        for text in error.messages:
            messages.add_message(request, level, text)
    else:
        messages.success(request, _done_text(action, target))
    view = request.POST.get("view", "type")
    if request.POST.get("back") == "streams":
        if request.htmx:
            return render(request, "schedule/streams.html#streams-list", _streams_context(student))
        return redirect("schedule:streams")
    if request.htmx:
        return render(request, "schedule/selection.html#streams-panel", _panel_context(student, target, view))
    return redirect(_selection_url(target.term_id, target.discipline_id, view))


def _panel_context(student, stream, view) -> dict:
    """The panel of the stream's discipline after an action, with fresh seats; its line in the disciplines list
    comes along out of band, rebuilt from the same cards."""
    view = view if view in VIEWS else "type"
    sections = discipline_streams(
        student=student, term_id=stream.term_id, discipline_id=stream.discipline_id, view=view
    )
    return {
        "term_id": stream.term_id,
        "view": view,
        "sections": sections,
        "current": discipline_item(stream.discipline, sections),
        "oob_item": True,
    }


def _done_text(action, stream) -> str:
    texts = {
        stream_choose: _("You are in stream %(stream)s."),
        stream_cancel: _("Your choice of stream %(stream)s is cancelled."),
        stream_switch: _("You switched to stream %(stream)s."),
        waitlist_join: _("You joined the waitlist of stream %(stream)s."),
        waitlist_leave: _("You left the waitlist of stream %(stream)s."),
        waitlist_claim: _("You took the seat in stream %(stream)s."),
    }
    return texts[action] % {"stream": stream.code}


@login_required
@require_POST
def choose(request, pk):
    student, stream = student_record_for_user_or_404(request.user, related=()), stream_get_or_404(pk)
    return _after_action(request, student, stream, stream_choose, stream=stream, actor=request.user)


@login_required
@require_POST
def cancel(request, pk):
    student, stream = student_record_for_user_or_404(request.user, related=()), stream_get_or_404(pk)
    return _after_action(request, student, stream, stream_cancel, stream=stream, actor=request.user)


@login_required
@require_POST
def switch(request, pk):
    """Switch to stream `pk` from the stream posted as `from` (one of the student's own, or the service refuses)."""
    student, to_stream = student_record_for_user_or_404(request.user, related=()), stream_get_or_404(pk)
    from_stream = stream_get_or_404(parse_id(request.POST.get("from")) or 0)
    return _after_action(
        request, student, to_stream, stream_switch, from_stream=from_stream, to_stream=to_stream, actor=request.user
    )


@login_required
@require_POST
def waitlist_join_view(request, pk):
    student, stream = student_record_for_user_or_404(request.user, related=()), stream_get_or_404(pk)
    return _after_action(request, student, stream, waitlist_join, stream=stream)


@login_required
@require_POST
def waitlist_leave_view(request, pk):
    student = student_record_for_user_or_404(request.user, related=())
    entry = waitlist_entry_get_for_student_or_404(student, pk)
    return _after_action(request, student, entry.stream, waitlist_leave, entry=entry)


@login_required
@require_POST
def waitlist_claim_view(request, pk):
    student = student_record_for_user_or_404(request.user, related=())
    entry = waitlist_entry_get_for_student_or_404(student, pk)
    return _after_action(request, student, entry.stream, waitlist_claim, entry=entry, actor=request.user)


def _streams_context(student) -> dict:
    choices = student_streams(student=student)
    return {
        "choices": choices,
        "open_terms": open_term_ids({c.term_id for c in choices}),
        "waitlist": student_waitlist(student=student),
    }


@login_required
@require_GET
def streams(request):
    """The "Streams" window: every stream the student is in, with its timetable, and their waitlist places."""
    student = student_record_for_user_or_404(request.user, related=())
    context = _streams_context(student)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "schedule/streams.html#streams-list", context)
    return render(request, "schedule/streams.html", context)

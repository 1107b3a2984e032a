"""The personal timetable (docs/modules.md#schedule): day, week and month views, lesson and exam cards."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from ..selectors.timetable import (
    DEFAULT_VIEW,
    VIEWS,
    exam_for_user_or_404,
    lesson_for_user_or_404,
    timetable_page,
)

# Navigation stays within sane years, so "previous" from a typed date never runs off the calendar.
FIRST_YEAR, LAST_YEAR = 1970, 2100


def parse_day(value: str | None) -> dt.date | None:
    """An ISO date (2026-11-23) within the years the timetable shows; None for anything else."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def wants_fragment(request) -> bool:
    """An htmx swap gets the fragment; a history restore (reload after back) needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_swappable(request, template: str, fragment: str, context: dict):
    name = f"{template}#{fragment}" if wants_fragment(request) else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def timetable(request):
    """?view=day|week|month&date=YYYY-MM-DD: a student's chosen streams, a teacher's taught streams, exams,
    holidays and calendar periods. A date or view that cannot be read shows today's week with a note."""
    today = timezone.localdate()
    view, raw_day = request.GET.get("view") or DEFAULT_VIEW, request.GET.get("date")
    day = parse_day(raw_day) if raw_day else today
    bad_input = view not in VIEWS or day is None
    page = timetable_page(
        user=request.user, view=view if view in VIEWS else DEFAULT_VIEW, day=day or today, today=today
    )
    return render_swappable(request, "schedule/timetable.html", "timetable", {"page": page, "bad_input": bad_input})


def _event_card(request, event):
    return render_swappable(request, "schedule/lesson.html", "event-modal", {"event": event})


@login_required
def lesson(request, slot_id: int, day: str):
    """A lesson's card: only for a lesson of one's own timetable on a day it meets (404 otherwise)."""
    date = parse_day(day)
    if date is None:
        raise Http404
    return _event_card(request, lesson_for_user_or_404(request.user, slot_id=slot_id, day=date))


@login_required
def exam(request, pk: int):
    """An exam's card, like a lesson's; an online exam links to its test once the testing module publishes it."""
    return _event_card(request, exam_for_user_or_404(request.user, pk=pk))

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .forms import CalendarQueryForm
from .selectors import (
    calendar_terms,
    calendar_university_id,
    current_periods,
    month_view,
    semester_view,
    term_of_university,
)

TEMPLATE = "academic_calendar/index.html"


@login_required
def index(request):
    """docs/modules.md#academic-calendar: the current period(s), a semester or a month view, filtered to one kind."""
    today = timezone.localdate()
    form = CalendarQueryForm(request.GET)
    query = form.values()
    university_id = calendar_university_id(request.user)
    context = {"form": form, "query": query, "today": today, "invalid": bool(form.errors)}
    if university_id is not None:
        terms = calendar_terms(university_id=university_id, today=today)
        current = current_periods(university_id=university_id, today=today)
        context.update(terms=terms, current=current)
        if query["view"] == "month":
            month = query["month"] or today.replace(day=1)
            context["month"] = month_view(
                university_id=university_id, year=month.year, month=month.month, kind=query["kind"], today=today
            )
        else:
            term = next((t for t in terms if t.pk == query["term"]), None)
            if term is None and query["term"]:
                term = term_of_university(university_id=university_id, pk=query["term"])
            term = term or _default_term(terms, today)
            if term is not None:
                context["semester"] = semester_view(term=term, kind=query["kind"], today=today)
    if request.htmx:
        return render(request, f"{TEMPLATE}#calendar-body", context)
    return render(request, TEMPLATE, context)


def _default_term(terms, today):
    """The term under way today, else the next one, else the last one."""
    for term in terms:
        if term.start_date <= today <= term.end_date:
            return term
    upcoming = [t for t in terms if t.start_date > today]
    return upcoming[0] if upcoming else (terms[-1] if terms else None)

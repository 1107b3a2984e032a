"""The journal's front page: the student's own journal, the teacher's streams, the office's streams; the advisor's
warnings about their students."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from people.permissions import is_office, student_record_for_user_or_404
from schedule.models import LessonType, Stream
from university.models import Term

from ..selectors.student import advisee_warnings, filter_details, student_journal, student_terms

KINDS = ("lessons", "self_study", "controls")


@login_required
@require_GET
def index(request):
    user = request.user
    if user.is_student:
        return _student(request)
    if user.is_teacher or is_office(user):
        return _streams(request)
    if user.is_advisor:
        return redirect("journal:advisees")
    raise Http404


def _streams(request):
    """The teacher's streams (the office's: every stream) of the current terms, or of a chosen term: the grids of
    past terms stay open to read (and, with the registrar's unlock, to correct)."""
    user = request.user
    streams = Stream.objects.select_related("discipline", "term").order_by("discipline__code", "kind", "code")
    if not is_office(user):
        streams = streams.filter(teacher=user)
    terms = list(Term.objects.filter(pk__in=streams.values("term_id")).order_by("-start_date"))
    term = {str(t.pk): t for t in terms}.get(request.GET.get("term", ""))
    if term is not None:
        streams = streams.filter(term=term)
    else:  # the current terms, and those ended in the last 60 days (the retake's marks)
        today = timezone.localdate()
        streams = streams.filter(term__start_date__lte=today, term__end_date__gte=today - timezone.timedelta(days=60))
    context = {"streams": list(streams[:300]), "terms": terms, "term": term}
    return render(request, "journal/streams.html", context)


def _student(request):
    student = student_record_for_user_or_404(request.user, related=("programme__department__faculty",))
    terms = student_terms(student=student)
    if not terms:
        return render(request, "journal/student.html", {"terms": [], "lines": []})
    by_id = {str(t.pk): t for t in terms}
    today = timezone.localdate()
    started = [t for t in terms if t.start_date <= today]
    term = by_id.get(request.GET.get("term", "")) or (started[0] if started else terms[-1])
    university_id = student.programme.department.faculty.university_id
    lines, rules = student_journal(student=student, term=term, university_id=university_id)
    details = None
    chosen = request.GET.get("details", "")
    filters = {
        "lesson_type": request.GET.get("type", "") if request.GET.get("type", "") in LessonType.values else "",
        "kind": request.GET.get("kind", "") if request.GET.get("kind", "") in KINDS else "",
        "start": parse_date(request.GET.get("from", "") or "") if _is_date(request.GET.get("from")) else None,
        "end": parse_date(request.GET.get("to", "") or "") if _is_date(request.GET.get("to")) else None,
    }
    for line in lines:
        if str(line.discipline.pk) == chosen:
            details = {"line": line, "rows": filter_details(line.cells, **filters)}
    context = {
        "terms": terms,
        "term": term,
        "lines": lines,
        "rules": rules,
        "details": details,
        "filters": filters,
        "lesson_types": LessonType.choices,
        "kinds": KINDS,
    }
    return render(request, "journal/student.html", context)


def _is_date(value) -> bool:
    try:
        return bool(value and parse_date(value))
    except ValueError:
        return False


@login_required
@require_GET
def advisees(request):
    if not request.user.is_advisor:
        raise Http404
    return render(request, "journal/advisees.html", {"rows": advisee_warnings(advisor=request.user)})


__all__ = ["Term", "advisees", "index"]

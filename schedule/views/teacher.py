"""The teacher's side of the schedule: their streams of a term and each stream's roster (docs/modules.md#schedule)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ..selectors.timetable import stream_roster, stream_taught_or_404, streams_taught, teaching_term


@login_required
def teaching(request):
    """?term=<id>: the streams the teacher teaches in a term (the current one by default), with seats and slots."""
    if not request.user.is_teacher:
        raise Http404
    term, terms = teaching_term(teacher=request.user, term_id=request.GET.get("term"), today=timezone.localdate())
    streams = streams_taught(teacher=request.user, term=term)
    return render(request, "schedule/teacher_streams.html", {"term": term, "terms": terms, "streams": streams})


@login_required
def roster(request, pk: int):
    """The students who chose one of the teacher's own streams; another teacher's stream is 404."""
    stream = stream_taught_or_404(request.user, pk=pk)
    return render(request, "schedule/teacher_roster.html", {"stream": stream, "roster": stream_roster(stream=stream)})

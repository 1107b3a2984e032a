"""Who may do what in the schedule. A stream choice always belongs to the signed-in student: the views take the
student from `request.user`, never from the request's data, so a forged request cannot act for another."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import StudentRecord

from .models import Stream, WaitlistEntry


def can_select_streams(user) -> bool:
    return bool(user.is_authenticated and user.is_student and hasattr(user, "student_record"))


def selecting_student_or_404(user) -> StudentRecord:
    """The signed-in student's record; anyone else gets 404 (stream selection is a student's page)."""
    if not can_select_streams(user):
        raise Http404
    return user.student_record


def stream_get_or_404(pk) -> Stream:
    """Any stream may be asked for: whether the student may take it is the services' answer (with a reason)."""
    return get_object_or_404(Stream.objects.select_related("discipline", "term__academic_year"), pk=pk)


def waitlist_entries_visible_to(student: StudentRecord):
    return WaitlistEntry.objects.filter(student=student)


def waitlist_entry_get_for_student_or_404(student: StudentRecord, pk) -> WaitlistEntry:
    """404 for both a missing waitlist place and someone else's."""
    return get_object_or_404(
        waitlist_entries_visible_to(student).select_related("stream__discipline", "stream__term"), pk=pk
    )

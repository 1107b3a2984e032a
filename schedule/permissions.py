"""Who may do what in the schedule. A stream choice always belongs to the signed-in student: the views take the
student from `request.user` (people's `student_record_for_user_or_404`), never from the request's data, so a
forged request cannot act for another."""

from django.shortcuts import get_object_or_404

from people.models import StudentRecord

from .models import Stream, StreamChoice, WaitlistEntry


def stream_get_or_404(pk) -> Stream:
    """A stream by its primary key with its discipline (what it is named by; its term is read if asked), or 404.
    Any stream may be asked for: whether the student may take it is the services' answer (with a reason)."""
    return get_object_or_404(Stream.objects.select_related("discipline"), pk=pk)


def waitlist_entries_visible_to(student: StudentRecord):
    return WaitlistEntry.objects.filter(student=student)


def waitlist_entry_get_for_student_or_404(student: StudentRecord, pk) -> WaitlistEntry:
    """404 for both a missing waitlist place and someone else's."""
    return get_object_or_404(
        waitlist_entries_visible_to(student).select_related("stream__discipline", "stream__term"), pk=pk
    )


def teaches_student(teacher_id: int, student_user_id: int) -> bool:
    """The teacher of a stream the student chose: they may see the student's photo (people.permissions)."""
    return StreamChoice.objects.filter(stream__teacher_id=teacher_id, student__user_id=student_user_id).exists()

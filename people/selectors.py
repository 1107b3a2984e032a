"""Reads of people that other apps build on: the student row's lock."""

from django.db.models import QuerySet

from .models import StudentRecord


def student_locked(student_id: int) -> QuerySet[StudentRecord]:
    """The student's row, read FOR NO KEY UPDATE (`select_for_update(no_key=True)`) until the transaction ends:
    the one lock every app takes on a student, so that one student's requests (registering, choosing a stream,
    joining a waitlist...) run one after the other, whichever app they go through.

    NO KEY: the row's key never changes, so rows that refer to the student (registrations, choices, audit lines)
    may still be inserted by others meanwhile. `of=("self",)`: joined rows (select_related) are not locked.
    A queryset, so that a caller may read more in the same statement (annotations); `student_lock` reads the row.
    SQLite has no row locks: it serialises writers by itself."""
    return StudentRecord.objects.select_for_update(of=("self",), no_key=True).filter(pk=student_id)


def student_lock(student_id: int, *, related: tuple[str, ...] = ()) -> StudentRecord:
    """Lock the student's row (`student_locked`) and read it afresh, with `related` joined (not locked)."""
    rows = student_locked(student_id)
    return (rows.select_related(*related) if related else rows).get()  # select_related() alone would join all

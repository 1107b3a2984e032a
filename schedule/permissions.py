"""Who may do what in the schedule. A stream choice always belongs to the signed-in student: the views take the
student from `request.user`, never from the request's data, so a forged request cannot act for another."""

from functools import cache

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.sql import fetch_one, instance, qn, select_list
from curriculum.models import Discipline
from people.models import StudentRecord

from .models import Stream, StreamChoice, WaitlistEntry

DISCIPLINE_FIELDS = ("id", "code", "name_kk", "name_ru", "name_en")  # what a stream is named by
# what stream selection reads of a student and of a stream on every click (the rest is read if ever asked for)
STUDENT_FIELDS = ("id", "user_id", "programme_id", "year_of_study", "group_id", "advisor_id", "status", "funding")
STREAM_FIELDS = ("id", "discipline_id", "term_id", "kind", "code", "teacher_id", "language", "capacity", "taken")


@cache
def _student_sql() -> str:
    return f"SELECT {select_list('r', STUDENT_FIELDS)} FROM {qn(StudentRecord._meta.db_table)} r WHERE r.user_id = %s"  # noqa: S608


@cache
def _student_and_stream_sql() -> str:
    return f"""
        SELECT {select_list("r", STUDENT_FIELDS)}, {select_list("s", STREAM_FIELDS)},
          {select_list("d", DISCIPLINE_FIELDS)}
        FROM {qn(StudentRecord._meta.db_table)} r
          LEFT JOIN {qn(Stream._meta.db_table)} s ON s.id = %s
          LEFT JOIN {qn(Discipline._meta.db_table)} d ON d.id = s.discipline_id
        WHERE r.user_id = %s
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


def selecting_student_or_404(user, *, stream_pk=None) -> StudentRecord | tuple[StudentRecord, Stream]:
    """The signed-in student's record; anyone else gets 404 (stream selection is a student's page).

    With `stream_pk`, also that stream, read in the same statement (every click of a registration rush asks
    both, core/sql.py): any stream may be asked for, whether the student may take it is the services' answer
    (with a reason); a missing one is 404. The stream comes with its discipline's code and names (what it is
    called by); its term is read when asked for."""
    if not (user.is_authenticated and user.is_student):
        raise Http404
    if stream_pk is None:
        row = fetch_one(_student_sql(), [user.pk])
    else:
        row = fetch_one(_student_and_stream_sql(), [stream_pk, user.pk])
    if row is None:
        raise Http404
    n_student, n_stream = len(STUDENT_FIELDS), len(STREAM_FIELDS)
    student = instance(StudentRecord, dict(zip(STUDENT_FIELDS, row[:n_student], strict=True)))
    student.user = user
    if stream_pk is None:
        return student
    if row[n_student] is None:
        raise Http404
    stream = instance(Stream, dict(zip(STREAM_FIELDS, row[n_student : n_student + n_stream], strict=True)))
    values = row[n_student + n_stream :]
    stream.discipline = instance(Discipline, dict(zip(DISCIPLINE_FIELDS, values, strict=True)))
    return student, stream


def stream_get_or_404(pk) -> Stream:
    """A stream by its primary key, with its discipline and term (what it is named by), or 404."""
    return get_object_or_404(Stream.objects.select_related("discipline", "term__academic_year"), pk=pk)


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

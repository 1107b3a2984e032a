"""Who may do what in the schedule. A stream choice always belongs to the signed-in student: the views take the
student from `request.user`, never from the request's data, so a forged request cannot act for another."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from cabinet.sql import columns, fetch_one, get_by_pk, instance, instance_from_row, qn, statement
from people.models import StudentRecord

from .models import Stream, WaitlistEntry

DISCIPLINE_FIELDS = ("id", "code", "name_kk", "name_ru", "name_en")  # what a stream is named by


def _discipline_model():
    return Stream._meta.get_field("discipline").related_model


def _student_sql() -> str:
    return f"SELECT {columns(StudentRecord, 'r')} FROM {qn(StudentRecord._meta.db_table)} r WHERE r.user_id = %s"  # noqa: S608


def _student_and_stream_sql() -> str:
    names = ", ".join(f"d.{qn(name)}" for name in DISCIPLINE_FIELDS)
    return f"""
        SELECT {columns(StudentRecord, "r")}, {columns(Stream, "s")}, {names}
        FROM {qn(StudentRecord._meta.db_table)} r
          LEFT JOIN {qn(Stream._meta.db_table)} s ON s.id = %s
          LEFT JOIN {qn(_discipline_model()._meta.db_table)} d ON d.id = s.discipline_id
        WHERE r.user_id = %s
    """  # noqa: S608 (only quoted table and column names are formatted in; the values are parameters)


def selecting_student_or_404(user, *, stream_pk=None) -> StudentRecord | tuple[StudentRecord, Stream]:
    """The signed-in student's record; anyone else gets 404 (stream selection is a student's page).

    With `stream_pk`, also that stream, read in the same statement (every click of a registration rush asks
    both, cabinet/sql.py): any stream may be asked for, whether the student may take it is the services' answer
    (with a reason); a missing one is 404. The stream comes with its discipline's code and names (what it is
    called by); its term is read when asked for."""
    if not (user.is_authenticated and user.is_student):
        raise Http404
    if stream_pk is None:
        sql, params = statement("schedule.student", _student_sql), [user.pk]
    else:
        sql, params = statement("schedule.student_and_stream", _student_and_stream_sql), [stream_pk, user.pk]
    row = fetch_one(sql, params)  # only quoted names are formatted into the SQL; values are parameters
    if row is None:
        raise Http404
    student = instance_from_row(StudentRecord, row)
    student.user = user
    if stream_pk is None:
        return student
    row = row[len(StudentRecord._meta.concrete_fields) :]
    if row[0] is None:
        raise Http404
    stream = instance_from_row(Stream, row)
    values = row[len(Stream._meta.concrete_fields) :]
    stream.discipline = instance(_discipline_model(), dict(zip(DISCIPLINE_FIELDS, values, strict=True)))
    return student, stream


def stream_get_or_404(pk) -> Stream:
    """A stream by its primary key, with its discipline's code and names, or 404."""
    stream = get_by_pk(Stream, pk)
    if stream is None:
        raise Http404
    stream.discipline = get_by_pk(_discipline_model(), stream.discipline_id)
    return stream


def waitlist_entries_visible_to(student: StudentRecord):
    return WaitlistEntry.objects.filter(student=student)


def waitlist_entry_get_for_student_or_404(student: StudentRecord, pk) -> WaitlistEntry:
    """404 for both a missing waitlist place and someone else's."""
    return get_object_or_404(
        waitlist_entries_visible_to(student).select_related("stream__discipline", "stream__term"), pk=pk
    )

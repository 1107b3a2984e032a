"""Who may see and change the journal (docs/modules.md#journal).

- A stream's grid: its teacher (edits) and the registrar's office (reads, unlocks). Another teacher's stream: 404.
- Lesson columns are the stream's teacher's; the controls (РК1, РК2, exam, retake) of a discipline are shared: the
  lecture and the practice teacher each grade them for the students of their own stream.
- Self-study columns are the stream's teacher's to add, rename, move and delete (an empty one only).
- A student sees their own journal only; an advisor the warnings of their own students.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from people.permissions import is_office
from schedule.models import Stream


def _streams():
    # the university's journal settings in the same query (services.columns.stream_rules reads them from here)
    return Stream.objects.select_related("discipline", "term__academic_year__university__journal_settings")


def can_view_grid(user, stream) -> bool:
    return bool(user.is_authenticated and (stream.teacher_id == user.pk or is_office(user)))


def can_edit_grid(user, stream) -> bool:
    return bool(user.is_authenticated and user.is_active and stream.teacher_id == user.pk)


def stream_for_grid_or_404(user, *, pk: int, edit: bool = False) -> Stream:
    """The stream's grid for its teacher, or (to read) for the registrar's office; anyone else 404."""
    if not user.is_authenticated:
        raise Http404
    stream = get_object_or_404(_streams(), pk=pk)
    allowed = can_edit_grid(user, stream) if edit else can_view_grid(user, stream)
    if not allowed:
        raise Http404
    return stream


def self_study_column_or_404(stream, *, pk: int):
    """A self-study column of this stream (whose grid the caller already checked); any other column 404."""
    from .models import Column, ColumnKind

    column = get_object_or_404(Column, pk=pk, stream=stream, kind=ColumnKind.SELF_STUDY)
    column.stream = stream  # the services read it: no second query for what the caller holds
    return column


def stream_for_unlock_or_404(user, *, pk: int) -> Stream:

    if not is_office(user):
        raise Http404
    return get_object_or_404(_streams(), pk=pk)


def _teaches_student(user, certificate) -> bool:
    return Stream.objects.filter(
        teacher=user,
        choices__student_id=certificate.student_id,
        term__start_date__lte=certificate.end_date,
        term__end_date__gte=certificate.start_date,
    ).exists()


def can_review_certificate(user, certificate) -> bool:
    return bool(
        user.is_authenticated and (is_office(user) or (user.is_teacher and _teaches_student(user, certificate)))
    )


def certificate_for_user_or_404(user, *, pk: int, review: bool = False):
    """The student's own certificate (to read); a teacher of the student in those days or the office (to read and
    review); anyone else 404."""
    from .models import MedicalCertificate

    certificate = get_object_or_404(MedicalCertificate.objects.select_related("student__user"), pk=pk)
    own = user.is_authenticated and certificate.student.user_id == user.pk
    if (review or not own) and not can_review_certificate(user, certificate):
        raise Http404
    return certificate

"""Who may see what of an assignment: the students of its stream (a StreamChoice) and the stream's teacher
(schedule.Stream.teacher). Everything else, missing or not yours, is 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import StudentRecord

from .models import Assignment, AssignmentFile, Submission, SubmissionFile

RELATED = ("stream__discipline", "stream__teacher", "stream__term")


def assignments_visible_to_student(student: StudentRecord):
    return Assignment.objects.filter(stream__choices__student=student)


def assignments_visible_to_teacher(user):
    return Assignment.objects.filter(stream__teacher_id=user.pk)


def assignment_for_student_or_404(student: StudentRecord, pk) -> Assignment:
    return get_object_or_404(assignments_visible_to_student(student).select_related(*RELATED), pk=pk)


def assignment_for_teacher_or_404(user, pk) -> Assignment:
    if not (user.is_authenticated and user.is_teacher):
        raise Http404
    return get_object_or_404(assignments_visible_to_teacher(user).select_related(*RELATED), pk=pk)


def stream_student_or_404(assignment: Assignment, student_id) -> StudentRecord:
    """A student of the assignment's stream, by their record's id; anyone else 404."""
    return get_object_or_404(
        StudentRecord.objects.select_related("user", "group"),
        pk=student_id,
        stream_choices__stream_id=assignment.stream_id,
    )


def can_see_stream(user, stream_id: int) -> bool:
    from schedule.models import Stream, StreamChoice

    if Stream.objects.filter(pk=stream_id, teacher_id=user.pk).exists():
        return True
    return StreamChoice.objects.filter(stream_id=stream_id, student__user_id=user.pk).exists()


def material_file_for_user_or_404(user, pk) -> AssignmentFile:
    row = get_object_or_404(AssignmentFile.objects.select_related("assignment"), pk=pk)
    if not can_see_stream(user, row.assignment.stream_id):
        raise Http404
    return row


def answer_file_for_user_or_404(user, pk) -> SubmissionFile:
    """The student's own answer file, or one of a stream the user teaches."""
    row = get_object_or_404(
        SubmissionFile.objects.select_related("submission__student", "submission__assignment__stream"), pk=pk
    )
    submission = row.submission
    if submission.student.user_id != user.pk and submission.assignment.stream.teacher_id != user.pk:
        raise Http404
    return row


def own_submission(student: StudentRecord, assignment: Assignment) -> Submission | None:
    return Submission.objects.filter(student=student, assignment=assignment).prefetch_related("files").first()

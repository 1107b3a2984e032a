import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments.models import LatePolicy, Submission
from assignments.selectors import GradedWork, graded_work_for_streams, student_tasks
from assignments.services import (
    assignment_create,
    days_late,
    late_penalty,
    points_after_penalty,
    submission_grade,
    submission_return,
    submission_save,
    thread_message_post,
)
from audit.models import AuditAction, AuditRecord
from demo.assignments import tiny_pdf
from notifications.models import Notification
from people.tests.factories import TeacherFactory
from schedule.tests.factories import StreamFactory

from .factories import AssignmentFactory, stream_student

pytestmark = pytest.mark.django_db


def pdf(name="work.pdf"):
    return SimpleUploadedFile(name, tiny_pdf("answer"), "application/pdf")


def docx(name="work.docx"):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, data.getvalue(), "application/octet-stream")


# --- Late penalty ------------------------------------------------------------------------------------------------


def test_days_late_counts_started_days():
    deadline = timezone.now()
    assert days_late(deadline=deadline, sent_at=deadline) == 0
    assert days_late(deadline=deadline, sent_at=deadline - dt.timedelta(hours=1)) == 0
    assert days_late(deadline=deadline, sent_at=deadline + dt.timedelta(minutes=1)) == 1
    assert days_late(deadline=deadline, sent_at=deadline + dt.timedelta(days=1)) == 1
    assert days_late(deadline=deadline, sent_at=deadline + dt.timedelta(days=1, minutes=1)) == 2


def test_penalty_per_day_stops_at_the_floor():
    assignment = AssignmentFactory.build(late_policy=LatePolicy.PENALTY, penalty_per_day=10, penalty_floor=50)
    assert [late_penalty(assignment=assignment, days=d) for d in (0, 1, 2, 5, 6, 30)] == [0, 10, 20, 50, 50, 50]
    closed = AssignmentFactory.build(late_policy=LatePolicy.CLOSED, penalty_per_day=10)
    assert late_penalty(assignment=closed, days=3) == 0


def test_points_after_penalty_round_half_up():
    assert points_after_penalty(points=88, penalty=20) == 70  # 70.4
    assert points_after_penalty(points=7, penalty=15) == 6  # 5.95
    assert points_after_penalty(points=5, penalty=50) == 3  # 2.5 → 3
    assert points_after_penalty(points=100, penalty=0) == 100


def test_late_work_is_graded_with_its_penalty_and_audited():
    assignment = AssignmentFactory(late_policy=LatePolicy.PENALTY, penalty_per_day=15, penalty_floor=40)
    student = stream_student(assignment.stream)
    sent = assignment.deadline + dt.timedelta(days=2, hours=1)  # 3 started days: 45 % → capped at 60 % kept
    submission = submission_save(student=student, assignment=assignment, text="late", send=True, now=sent)
    assert (submission.days_late, submission.penalty) == (3, 45)
    graded = submission_grade(teacher=assignment.stream.teacher, submission=submission, points=80, feedback="ok")
    assert (graded.points, graded.final_points, graded.status) == (80, 44, Submission.Status.GRADED)
    record = AuditRecord.objects.get(action=AuditAction.ASSIGNMENT_GRADE)
    assert record.after == {"status": "graded", "points": 80, "final_points": 44}
    note = Notification.objects.get(recipient=student.user, title_msgid="Your work is graded: {title}")
    assert note.body == "44 of 100 points."


# --- Formats and the deadline ------------------------------------------------------------------------------------


def test_only_the_allowed_formats_are_taken():
    assignment = AssignmentFactory(allow_text=True, allow_file=False, allow_link=False)
    student = stream_student(assignment.stream)
    with pytest.raises(ValidationError, match="does not take files"):
        submission_save(student=student, assignment=assignment, text="x", files=[pdf()], send=True)
    with pytest.raises(ValidationError, match="does not take a link"):
        submission_save(student=student, assignment=assignment, link="https://example.com/x", send=True)
    assert not Submission.objects.exists()
    files_only = AssignmentFactory(allow_text=False, allow_file=True)
    student2 = stream_student(files_only.stream)
    with pytest.raises(ValidationError, match="does not take a text answer"):
        submission_save(student=student2, assignment=files_only, text="typed", send=True)
    saved = submission_save(student=student2, assignment=files_only, files=[pdf(), docx()], send=True)
    assert sorted(f.content_type.split("/")[1][:5] for f in saved.files.all()) == ["pdf", "vnd.o"]


def test_an_unsafe_link_is_refused():
    assignment = AssignmentFactory(allow_link=True)
    student = stream_student(assignment.stream)
    with pytest.raises(ValidationError, match="valid link"):
        submission_save(student=student, assignment=assignment, link="javascript:alert(1)", send=True)


def test_closed_deadline_refuses_sending_but_keeps_a_draft():
    assignment = AssignmentFactory(deadline=timezone.now() - dt.timedelta(hours=1), late_policy=LatePolicy.CLOSED)
    student = stream_student(assignment.stream)
    with pytest.raises(ValidationError, match="takes no late work"):
        submission_save(student=student, assignment=assignment, text="too late", send=True)
    assert not Submission.objects.exists()
    draft = submission_save(student=student, assignment=assignment, text="kept", send=False)
    assert (draft.status, draft.text) == (Submission.Status.DRAFT, "kept")


def test_sending_nothing_is_refused_and_sent_work_is_locked():
    assignment = AssignmentFactory()
    student = stream_student(assignment.stream)
    with pytest.raises(ValidationError, match="before sending"):
        submission_save(student=student, assignment=assignment, text="  ", send=True)
    submission_save(student=student, assignment=assignment, text="draft", send=False)
    sent = submission_save(student=student, assignment=assignment, text="final", send=True)
    assert (sent.status, sent.text, sent.days_late) == (Submission.Status.SUBMITTED, "final", 0)
    with pytest.raises(ValidationError, match="awaits the teacher"):
        submission_save(student=student, assignment=assignment, text="changed", send=True)
    assert Submission.objects.get().text == "final"
    assert Notification.objects.filter(recipient=assignment.stream.teacher).count() == 1


def test_returned_work_is_sent_again_and_then_graded():
    assignment = AssignmentFactory(max_points=20)
    student = stream_student(assignment.stream)
    teacher = assignment.stream.teacher
    sent = submission_save(student=student, assignment=assignment, text="v1", send=True)
    with pytest.raises(ValidationError, match="what to rework"):
        submission_return(teacher=teacher, submission=sent, feedback="")
    returned = submission_return(teacher=teacher, submission=sent, feedback="Add a conclusion")
    assert returned.status == Submission.Status.RETURNED
    assert Notification.objects.filter(recipient=student.user, body_msgid="The teacher wrote: {feedback}").exists()
    again = submission_save(student=student, assignment=assignment, text="v2", send=True)
    with pytest.raises(ValidationError, match="from 0 to 20"):
        submission_grade(teacher=teacher, submission=again, points=21)
    assert Submission.objects.get().points is None
    assert submission_grade(teacher=teacher, submission=again, points=20).final_points == 20


def test_another_teacher_cannot_grade():
    assignment = AssignmentFactory()
    student = stream_student(assignment.stream)
    sent = submission_save(student=student, assignment=assignment, text="v1", send=True)
    with pytest.raises(ValidationError, match="your own streams"):
        submission_grade(teacher=TeacherFactory(), submission=sent, points=50)
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


def test_assignment_create_checks_the_teacher_and_notifies_the_stream():
    stream = StreamFactory()
    students = [stream_student(stream) for _ in range(3)]
    deadline = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="streams you teach"):
        assignment_create(teacher=TeacherFactory(), stream=stream, title="T", deadline=deadline)
    with pytest.raises(ValidationError, match="at least one answer format"):
        assignment_create(teacher=stream.teacher, stream=stream, title="T", deadline=deadline, allow_text=False)
    assignment = assignment_create(
        teacher=stream.teacher, stream=stream, title="Essay", deadline=deadline, files=[pdf()]
    )
    assert assignment.files.get().content_type == "application/pdf"
    assert Notification.objects.filter(recipient__in=[s.user for s in students]).count() == 3


def test_thread_is_between_the_student_and_the_teacher_only():
    assignment = AssignmentFactory()
    student = stream_student(assignment.stream)
    thread_message_post(author=student.user, assignment=assignment, student=student, text="Question?")
    thread_message_post(author=assignment.stream.teacher, assignment=assignment, student=student, text="Answer.")
    with pytest.raises(ValidationError, match="Only the student"):
        thread_message_post(author=TeacherFactory(), assignment=assignment, student=student, text="Hi")
    assert assignment.messages.count() == 2


# --- Selectors -----------------------------------------------------------------------------------------------------


def test_student_tasks_statuses():
    stream = StreamFactory()
    student = stream_student(stream)
    now = timezone.now()
    upcoming = AssignmentFactory(stream=stream)
    overdue = AssignmentFactory(stream=stream, deadline=now - dt.timedelta(days=1))
    drafted = AssignmentFactory(stream=stream)
    submission_save(student=student, assignment=drafted, text="d", send=False)
    tasks = student_tasks(student=student, now=now)
    assert {row.assignment.pk: row.progress for row in tasks.rows} == {
        upcoming.pk: "not_started",
        overdue.pk: "overdue",
        drafted.pk: "draft",
    }
    only = student_tasks(student=student, now=now, status="overdue")
    assert [r.assignment for r in only.rows] == [overdue] and [c.status for c in only.columns] == ["overdue"]


def test_graded_work_for_streams_in_one_query(django_assert_num_queries):
    streams = [StreamFactory(), StreamFactory(), StreamFactory()]
    expected = []
    for stream in streams[:2]:
        for n in range(3):
            assignment = AssignmentFactory(
                stream=stream, max_points=50, late_policy=LatePolicy.PENALTY, penalty_per_day=10
            )
            student = stream_student(stream)
            sent = assignment.deadline + (dt.timedelta(hours=2) if n == 0 else -dt.timedelta(hours=2))
            work = submission_save(student=student, assignment=assignment, text="x", send=True, now=sent)
            graded = submission_grade(teacher=stream.teacher, submission=work, points=40)
            expected.append(
                GradedWork(
                    assignment.pk, stream.pk, student.pk, assignment.title, 36 if n == 0 else 40, 50, graded.graded_at
                )
            )
    ungraded = AssignmentFactory(stream=streams[0])
    submission_save(student=stream_student(streams[0]), assignment=ungraded, text="x", send=True)
    other = AssignmentFactory(stream=streams[2])
    work = submission_save(student=stream_student(streams[2]), assignment=other, text="x", send=True)
    submission_grade(teacher=streams[2].teacher, submission=work, points=10)
    with django_assert_num_queries(1):
        rows = graded_work_for_streams([s.pk for s in streams[:2]])
    assert sorted(rows, key=lambda r: r.assignment_id) == sorted(expected, key=lambda r: r.assignment_id)
    with pytest.raises(AttributeError):
        rows[0].points = 1  # frozen

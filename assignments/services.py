"""Writes of the assignments module (docs/modules.md#assignments): setting a task, a student's draft and its sending,
the teacher's grade or return for rework, and the thread between them. Each refuses with a translated
ValidationError and changes nothing; grades and returns are audited and the student is notified."""

import datetime as dt
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import audit_record_create
from core.validators import link_is_safe
from notifications.models import Kind
from notifications.services import notify

from .files import CheckedFile, check_uploads
from .models import Assignment, AssignmentFile, LatePolicy, Submission, SubmissionFile, ThreadMessage

TITLE_MAX = 200
TEXT_MAX = 20_000
MESSAGE_MAX = 4000


# --- Late work -----------------------------------------------------------------------------------------------------


def days_late(*, deadline: dt.datetime, sent_at: dt.datetime) -> int:
    """Started days past the deadline: a minute late is one day, 24 h and a minute two."""
    if sent_at <= deadline:
        return 0
    return math.ceil((sent_at - deadline) / dt.timedelta(days=1))


def late_penalty(*, assignment: Assignment, days: int) -> int:
    """The penalty in percent of the points: per_day × days, never taking more than (100 − floor)."""
    if days <= 0 or assignment.late_policy != LatePolicy.PENALTY:
        return 0
    return min(days * assignment.penalty_per_day, 100 - assignment.penalty_floor)


def points_after_penalty(*, points: int, penalty: int) -> int:
    """Rounded half up: 7 points with a 15 % penalty keep 5.95 → 6."""
    return (points * (100 - penalty) + 50) // 100


# --- Setting an assignment -----------------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    teacher,
    stream,
    title: str,
    deadline: dt.datetime,
    description: str = "",
    reading: str = "",
    allow_text: bool = True,
    allow_file: bool = False,
    allow_link: bool = False,
    max_points: int = 100,
    late_policy: str = LatePolicy.CLOSED,
    penalty_per_day: int = 0,
    penalty_floor: int = 0,
    files=(),
    notify_students: bool = True,
) -> Assignment:
    """A task for a stream the teacher teaches (schedule.Stream.teacher)."""
    if stream.teacher_id != teacher.pk:
        raise ValidationError(_("You can set assignments only for the streams you teach."), code="not_teacher")
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the assignment a title."), code="title")
    if not (allow_text or allow_file or allow_link):
        raise ValidationError(_("Allow at least one answer format."), code="formats")
    if not 1 <= max_points <= 100:
        raise ValidationError(_("Maximum points are from 1 to 100."), code="max_points")
    if late_policy not in LatePolicy.values:
        raise ValidationError(_("Choose how late work is treated."), code="late_policy")
    if late_policy == LatePolicy.PENALTY and not (0 <= penalty_per_day <= 100 and 0 <= penalty_floor <= 100):
        raise ValidationError(_("Penalties are percentages from 0 to 100."), code="penalty")
    checked = check_uploads(files)
    assignment = Assignment.objects.create(
        stream=stream,
        author=teacher,
        title=title[:TITLE_MAX],
        description=description.strip(),
        reading=reading.strip(),
        deadline=deadline,
        allow_text=allow_text,
        allow_file=allow_file,
        allow_link=allow_link,
        max_points=max_points,
        late_policy=late_policy,
        penalty_per_day=penalty_per_day if late_policy == LatePolicy.PENALTY else 0,
        penalty_floor=penalty_floor if late_policy == LatePolicy.PENALTY else 0,
    )
    for item in checked:
        _store(AssignmentFile(assignment=assignment), item)
    if notify_students:
        from people.models import User

        url = reverse("assignments:detail", args=[assignment.pk])
        for student in User.objects.filter(student_record__stream_choices__stream=stream, is_active=True):
            notify(
                recipient=student,
                kind=Kind.ASSIGNMENT,
                title=gettext_lazy("New assignment: {title}"),
                body=gettext_lazy("{discipline}. Deadline: {deadline}."),
                params={"title": assignment.title, "discipline": stream.discipline, "deadline": deadline},
                url=url,
            )
    return assignment


def _store(row, item: CheckedFile) -> None:
    row.token, row.name, row.content_type, row.size = item.token, item.name, item.content_type, item.size
    row.file.save(item.token, item.upload, save=False)
    row.save()


# --- The student's answer ------------------------------------------------------------------------------------------


@transaction.atomic
def submission_save(
    *, student, assignment: Assignment, text: str = "", link: str = "", files=(), send: bool, now=None
) -> Submission:
    """Keep the student's draft, and with `send` hand it in ("Save and send").

    Only the formats the teacher allowed are taken. Sent work waits for the teacher and is not changed until it
    is returned for rework; graded work is final. After the deadline a task with late work closed refuses the
    sending (nothing changes; the view keeps the text in the form); with a penalty the work is marked with how
    many started days late it is and the penalty in percent is fixed then.
    """
    now = now or timezone.now()
    text, link = (text or "").strip(), (link or "").strip()
    if text and not assignment.allow_text:
        raise ValidationError(_("This assignment does not take a text answer."), code="format_text")
    if link and not assignment.allow_link:
        raise ValidationError(_("This assignment does not take a link."), code="format_link")
    if files and not assignment.allow_file:
        raise ValidationError(_("This assignment does not take files."), code="format_file")
    if len(text) > TEXT_MAX:
        raise ValidationError(_("The answer is too long: at most %(count)s characters.") % {"count": TEXT_MAX})
    if link and not link_is_safe(link, schemes=("https", "http")):
        raise ValidationError(_("Enter a valid link (https://…)."), code="link")
    late = days_late(deadline=assignment.deadline, sent_at=now)
    if send and late and assignment.late_policy == LatePolicy.CLOSED:
        raise ValidationError(
            _("The deadline has passed and this assignment takes no late work; nothing was sent."), code="closed"
        )
    checked = check_uploads(files)
    submission = Submission.objects.select_for_update().filter(
        assignment=assignment, student=student
    ).first() or Submission(assignment=assignment, student=student)
    if submission.status == Submission.Status.GRADED:
        raise ValidationError(_("This work is graded already; nothing was changed."), code="graded")
    if submission.status == Submission.Status.SUBMITTED:
        raise ValidationError(
            _("This work is sent and awaits the teacher's check; nothing was changed."), code="submitted"
        )
    has_files = bool(checked) or (submission.pk is not None and submission.files.exists())
    if send and not (text or link or has_files):
        raise ValidationError(_("Write an answer, attach a file or give a link before sending."), code="empty")
    submission.text, submission.link = text, link
    if send:
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at = now
        submission.days_late = late
        submission.penalty = late_penalty(assignment=assignment, days=late)
        submission.points = None
        submission.final_points = None
    elif submission.pk is None:
        submission.status = Submission.Status.DRAFT
    submission.save()
    for item in checked:
        _store(SubmissionFile(submission=submission), item)
    if send:
        notify(
            recipient=assignment.stream.teacher,
            kind=Kind.ASSIGNMENT,
            title=gettext_lazy("{student} sent work: {title}"),
            body=gettext_lazy("Days late: {days}.") if late else "",
            params={"student": student.user.get_full_name(), "title": assignment.title, "days": late},
            url=reverse("assignments:work", args=[assignment.pk, student.pk]),
        )
    return submission


@transaction.atomic
def submission_file_remove(*, submission: Submission, file_id: int) -> None:
    """A draft's (or returned work's) file taken off before sending."""
    if submission.status in (Submission.Status.SUBMITTED, Submission.Status.GRADED):
        raise ValidationError(_("Sent work cannot be changed."), code="locked")
    row = SubmissionFile.objects.filter(submission=submission, pk=file_id).first()
    if row is None:
        raise ValidationError(_("This file is not part of your work."), code="missing")
    row.file.delete(save=False)
    row.delete()


# --- The teacher's check -------------------------------------------------------------------------------------------


def _locked_for_teacher(teacher, submission: Submission) -> Submission:
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment__stream__discipline", "student__user")
        .get(pk=submission.pk)
    )
    if locked.assignment.stream.teacher_id != teacher.pk:
        raise ValidationError(_("You can check only the work of your own streams."), code="not_teacher")
    return locked


@transaction.atomic
def submission_grade(*, teacher, submission: Submission, points: int, feedback: str = "") -> Submission:
    """Grade sent work (or change a grade): points 0..max, the late penalty fixed at sending applied."""
    submission = _locked_for_teacher(teacher, submission)
    assignment = submission.assignment
    if submission.status not in (Submission.Status.SUBMITTED, Submission.Status.GRADED):
        raise ValidationError(_("Only sent work can be graded."), code="not_sent")
    if points is None or not 0 <= points <= assignment.max_points:
        raise ValidationError(_("Points are from 0 to %(max)s.") % {"max": assignment.max_points}, code="points_range")
    before = {"status": submission.status, "points": submission.points, "final_points": submission.final_points}
    submission.points = points
    submission.final_points = points_after_penalty(points=points, penalty=submission.penalty)
    submission.feedback = (feedback or "").strip()
    submission.status = Submission.Status.GRADED
    submission.graded_at = timezone.now()
    submission.graded_by = teacher
    submission.save(
        update_fields=["points", "final_points", "feedback", "status", "graded_at", "graded_by", "updated_at"]
    )
    audit_record_create(
        actor=teacher,
        action=AuditAction.ASSIGNMENT_GRADE,
        target=submission,
        summary=f"{points} − {submission.penalty}% = {submission.final_points} of {assignment.max_points}",
        before=before,
        after={"status": submission.status, "points": points, "final_points": submission.final_points},
    )
    notify(
        recipient=submission.student.user,
        kind=Kind.ASSIGNMENT,
        title=gettext_lazy("Your work is graded: {title}"),
        body=gettext_lazy("{points} of {max} points."),
        params={"title": assignment.title, "points": submission.final_points, "max": assignment.max_points},
        url=reverse("assignments:detail", args=[assignment.pk]),
    )
    return submission


@transaction.atomic
def submission_return(*, teacher, submission: Submission, feedback: str) -> Submission:
    """Send the work back for rework with what to change; the student edits and sends it again."""
    submission = _locked_for_teacher(teacher, submission)
    feedback = (feedback or "").strip()
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("Only sent work awaiting a check can be returned."), code="not_sent")
    if not feedback:
        raise ValidationError(_("Say what to rework."), code="feedback")
    submission.status = Submission.Status.RETURNED
    submission.feedback = feedback
    submission.save(update_fields=["status", "feedback", "updated_at"])
    audit_record_create(
        actor=teacher,
        action=AuditAction.ASSIGNMENT_RETURN,
        target=submission,
        summary=f"{submission.assignment_id} returned",
        before={"status": Submission.Status.SUBMITTED},
        after={"status": submission.status},
    )
    notify(
        recipient=submission.student.user,
        kind=Kind.ASSIGNMENT,
        title=gettext_lazy("Your work is returned for rework: {title}"),
        body=gettext_lazy("The teacher wrote: {feedback}"),
        params={"title": submission.assignment.title, "feedback": feedback[:300]},
        url=reverse("assignments:detail", args=[submission.assignment_id]),
    )
    return submission


# --- The thread ----------------------------------------------------------------------------------------------------


@transaction.atomic
def thread_message_post(*, author, assignment: Assignment, student, text: str) -> ThreadMessage:
    """A message in the thread of one student and the stream's teacher; the other side is notified."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a message."), code="empty")
    if len(text) > MESSAGE_MAX:
        raise ValidationError(_("The message is too long: at most %(count)s characters.") % {"count": MESSAGE_MAX})
    teacher = assignment.stream.teacher
    if author.pk not in (teacher.pk, student.user_id):
        raise ValidationError(_("Only the student and the teacher write in this thread."), code="not_party")
    message = ThreadMessage.objects.create(assignment=assignment, student=student, author=author, text=text)
    if author.pk == teacher.pk:
        recipient, url = student.user, reverse("assignments:detail", args=[assignment.pk])
    else:
        recipient, url = teacher, reverse("assignments:work", args=[assignment.pk, student.pk])
    notify(
        recipient=recipient,
        kind=Kind.ASSIGNMENT,
        title=gettext_lazy("New message about {title}"),
        body=gettext_lazy("{author}: {text}"),
        params={"title": assignment.title, "author": author.get_full_name(), "text": text[:200]},
        url=url,
    )
    return message

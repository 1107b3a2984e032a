"""Who may write to whom (docs/modules.md#notifications-and-messages): a student to the teachers of their streams
and to their advisor; a teacher to the students of their streams; an advisor to their students. A discipline chat is
for the stream's students and its teacher; only the teacher announces."""

from django.db.models import Q, QuerySet

from people.models import StudentRecord, User
from schedule.models import Stream, StreamChoice


def contacts_for(user) -> QuerySet[User]:
    """The people `user` may start a conversation with (one query when evaluated)."""
    teachers = Stream.objects.filter(choices__student__user=user).values("teacher_id")
    advisor = StudentRecord.objects.filter(user=user, advisor__isnull=False).values("advisor_id")
    students = StreamChoice.objects.filter(stream__teacher=user).values("student__user_id")
    advisees = StudentRecord.objects.filter(advisor=user).values("user_id")
    return (
        User.objects.filter(
            Q(pk__in=teachers) | Q(pk__in=advisor) | Q(pk__in=students) | Q(pk__in=advisees), is_active=True
        )
        .exclude(pk=user.pk)
        .order_by("last_name", "first_name", "pk")
    )


def may_write(sender, recipient) -> bool:
    return recipient is not None and contacts_for(sender).filter(pk=recipient.pk).exists()


def stream_role(user, stream: Stream) -> str | None:
    """ "teacher" for the stream's teacher, "student" for a student in it, None for anyone else."""
    if stream.teacher_id == user.pk:
        return "teacher"
    if StreamChoice.objects.filter(stream=stream, student__user=user).exists():
        return "student"
    return None


def streams_for(user) -> QuerySet[Stream]:
    """The streams whose discipline chats are the person's: chosen as a student, or taught."""
    chosen = StreamChoice.objects.filter(student__user=user).values("stream_id")
    return Stream.objects.filter(Q(teacher=user) | Q(pk__in=chosen))

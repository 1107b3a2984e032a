"""Who may see and change what in testing (docs/modules.md#testing); 404 for "missing" and "not yours".

- A question bank: its author, and any teacher of one of its discipline's streams (colleagues share banks);
  registrars and administrators of the office may read it.
- A test: its author and the teachers of its streams (or, with none chosen, of its discipline in its term) manage
  it, see its attempts, grade essays and review proctoring; the office may review proctoring too.
- An attempt: only its student sits it and sees its result.
"""

from django.db.models import Q
from django.http import Http404

from disciplines.permissions import teaches_discipline
from people.permissions import is_office
from schedule.models import Stream

from .models import Attempt, Question, QuestionBank, Quiz


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_author(user) -> bool:
    """Teachers write banks and tests."""
    return _active(user) and user.is_teacher


def can_manage_bank(user, bank: QuestionBank) -> bool:
    if not is_author(user):
        return False
    return bank.owner_id == user.pk or teaches_discipline(user, bank.discipline_id)


def banks_for(user):
    """The banks a teacher may open: their own and those of the disciplines they teach."""
    if not is_author(user):
        return QuestionBank.objects.none()
    taught = Stream.objects.filter(teacher_id=user.pk).values("discipline_id")
    return QuestionBank.objects.filter(Q(owner_id=user.pk) | Q(discipline_id__in=taught))


def bank_get_for_user_or_404(user, pk) -> QuestionBank:
    bank = banks_for(user).select_related("discipline").filter(pk=pk).first()
    if bank is None:
        raise Http404
    return bank


def question_get_for_user_or_404(user, pk) -> Question:
    question = Question.objects.filter(pk=pk, bank__in=banks_for(user)).select_related("bank").first()
    if question is None:
        raise Http404
    return question


def quizzes_for(user):
    """The tests a teacher manages: their own, those of their streams, and those of a discipline and term they
    teach that name no stream."""
    if not is_author(user):
        return Quiz.objects.none()
    own_streams = Stream.objects.filter(teacher_id=user.pk)
    return Quiz.objects.filter(
        Q(author_id=user.pk)
        | Q(streams__in=own_streams)
        | Q(
            streams__isnull=True,
            discipline_id__in=own_streams.values("discipline_id"),
            term_id__in=own_streams.values("term_id"),
        )
    ).distinct()


def can_manage_quiz(user, quiz: Quiz) -> bool:
    return quizzes_for(user).filter(pk=quiz.pk).exists()


def quiz_get_for_manager_or_404(user, pk) -> Quiz:
    quiz = Quiz.objects.filter(pk=pk).select_related("discipline", "term").first()
    if quiz is None or not can_manage_quiz(user, quiz):
        raise Http404
    return quiz


def can_review_proctoring(user, quiz: Quiz) -> bool:
    """The proctor: the test's teachers, or the office."""
    return is_office(user) or can_manage_quiz(user, quiz)


def attempt_get_for_student_or_404(user, pk, *, for_update: bool = False) -> Attempt:
    """The student's own attempt; 404 for anyone else's (a forged id reveals nothing)."""
    if not (_active(user) and user.is_student):
        raise Http404
    queryset = Attempt.objects.filter(pk=pk, student__user_id=user.pk)
    if for_update:
        queryset = queryset.select_for_update()
    attempt = queryset.select_related("quiz").first()
    if attempt is None:
        raise Http404
    return attempt


def question_file_get_for_user_or_404(user, question_id, name: str):
    """A question's image: for those who manage its bank, and for a student whose attempt drew the question."""
    from .models import AttemptQuestion, QuestionFile

    row = QuestionFile.objects.filter(question_id=question_id, name=name).select_related("question__bank").first()
    if row is None or not _active(user):
        raise Http404
    if can_manage_bank(user, row.question.bank):
        return row
    if (
        user.is_student
        and AttemptQuestion.objects.filter(question_id=question_id, attempt__student__user=user).exists()
    ):
        return row
    raise Http404


# Proctoring (issue 12, part 3; docs/modules.md#proctoring)


def quiz_students(quiz: Quiz):
    """The student records who sit a test of the streams: those of its streams, or with none chosen, those
    registered for its discipline in its term."""
    from curriculum.models import Registration
    from people.models import StudentRecord
    from schedule.models import StreamChoice

    if quiz.streams.exists():
        ids = StreamChoice.objects.filter(stream__quizzes=quiz).values("student_id")
    else:
        ids = Registration.objects.filter(discipline_id=quiz.discipline_id, term_id=quiz.term_id).values("student_id")
    return StudentRecord.objects.filter(pk__in=ids)


def proctored_quiz_get_for_student_or_404(user, pk) -> tuple[Quiz, object]:
    """A published proctored test of the streams that the signed-in student sits and that has not closed, with
    the student's record; 404 for anyone else (the engine's start checks the window, admission and attempts)."""
    from django.utils import timezone

    from people.permissions import student_record_for_user_or_404

    if not (_active(user) and user.is_student):
        raise Http404
    record = student_record_for_user_or_404(user, related=())
    quiz = (
        Quiz.objects.filter(pk=pk, proctored=True, audience=Quiz.Audience.STREAMS, status=Quiz.Status.PUBLISHED)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))
        .first()
    )
    if quiz is None or not quiz_students(quiz).filter(pk=record.pk).exists():
        raise Http404
    return quiz, record


def proctored_attempt_get_for_reviewer_or_404(user, pk) -> Attempt:
    """A proctored attempt, for its test's teachers and the office."""
    attempt = (
        Attempt.objects.filter(pk=pk, quiz__proctored=True)
        .select_related("quiz", "student__user", "reviewed_by")
        .first()
    )
    if attempt is None or not can_review_proctoring(user, attempt.quiz):
        raise Http404
    return attempt


def proctored_quiz_get_for_reviewer_or_404(user, pk) -> Quiz:
    quiz = Quiz.objects.filter(pk=pk, proctored=True).select_related("discipline", "term").first()
    if quiz is None or not can_review_proctoring(user, quiz):
        raise Http404
    return quiz


def proctor_check_photo_get_for_user_or_404(user, pk):
    """An identification photo: its student, the test's teachers and the office."""
    from .models import ProctorCheck

    check = ProctorCheck.objects.filter(pk=pk).exclude(photo="").select_related("quiz", "student").first()
    if check is None or not _active(user):
        raise Http404
    if check.student.user_id == user.pk or can_review_proctoring(user, check.quiz):
        return check
    raise Http404

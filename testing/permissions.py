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

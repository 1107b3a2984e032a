"""Building blocks of the engine's tests (no tests here): a student registered for a discipline, a bank with a
question of every type, and a published test of it open now."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from curriculum.tests.factories import DisciplineFactory, RegistrationFactory
from journal.models import Cell, Column, ColumnKind
from people.tests.factories import StudentFactory, TeacherFactory
from schedule.tests.factories import StreamChoiceFactory, StreamFactory
from testing.models import Question, QuestionBank, QuestionType, Quiz, QuizPool, QuizQuestion
from university.models import Term
from university.tests.factories import TermFactory

QUESTIONS = {
    QuestionType.SINGLE: {
        "options": [
            {"id": "a", "text": "Astana", "fraction": 1.0},
            {"id": "b", "text": "Almaty", "fraction": 0.0},
            {"id": "c", "text": "Shymkent", "fraction": 0.0},
        ]
    },
    QuestionType.MULTIPLE: {
        "options": [
            {"id": "a", "text": "2", "fraction": 0.5},
            {"id": "b", "text": "3", "fraction": 0.5},
            {"id": "c", "text": "4", "fraction": -1.0},
        ]
    },
    QuestionType.TRUE_FALSE: {
        "options": [{"id": "true", "text": "", "fraction": 1.0}, {"id": "false", "text": "", "fraction": 0.0}]
    },
    QuestionType.SHORT: {"answers": [{"text": "Abai*", "fraction": 1.0}, {"text": "Kunan*", "fraction": 0.5}]},
    QuestionType.NUMERIC: {"answers": [{"value": 3.14, "tolerance": 0.01, "fraction": 1.0}]},
    QuestionType.MATCHING: {
        "pairs": [
            {"id": "1", "prompt": "H2O", "answer": "water"},
            {"id": "2", "prompt": "NaCl", "answer": "salt"},
            {"id": "3", "prompt": "", "answer": "sugar"},
        ]
    },
    QuestionType.ORDERING: {
        "items": [{"id": "1", "text": "one"}, {"id": "2", "text": "two"}, {"id": "3", "text": "three"}]
    },
    QuestionType.ESSAY: {"response_format": "editor"},
}


def snapshot(kind, data=None):
    return {"type": kind, "name": kind, "text": "?", "points": "1", "data": data or QUESTIONS[kind]}


def current_term():
    today = timezone.localdate()
    start = dt.date(today.year, 9, 1) if today.month >= 9 else dt.date(today.year, 1, 15)
    kind = Term.Kind.AUTUMN if today.month >= 9 else Term.Kind.SPRING
    return TermFactory(start_date=start, end_date=start + dt.timedelta(days=120), kind=kind)


class World:
    """A student of a discipline this term, its teacher's stream, a bank of every type, an open test."""

    def __init__(self, *, kinds=None, **quiz):
        self.term = current_term()
        self.discipline = DisciplineFactory()
        self.teacher = TeacherFactory(language="en")  # the pages in English, as the assertions read them
        self.user = StudentFactory(language="en")
        self.student = self.user.student_record
        self.stream = StreamFactory(discipline=self.discipline, term=self.term, teacher=self.teacher)
        RegistrationFactory(student=self.student, discipline=self.discipline, term=self.term)
        StreamChoiceFactory(student=self.student, stream=self.stream)
        self.bank = QuestionBank.objects.create(discipline=self.discipline, owner=self.teacher, title="Bank")
        self.questions = {}
        for kind in kinds or list(QUESTIONS):
            self.questions[kind] = Question.objects.create(
                bank=self.bank, type=kind, name=f"Q {kind}", text=f"<p>{kind}?</p>", data=QUESTIONS[kind], points=2
            )
        self.quiz = self.make_quiz(**quiz)

    def make_quiz(self, questions=None, **fields):
        now = timezone.now()
        values = {
            "author": self.teacher,
            "discipline": self.discipline,
            "term": self.term,
            "title": "Test",
            "status": Quiz.Status.PUBLISHED,
            "opens_at": now - dt.timedelta(hours=1),
            "closes_at": now + dt.timedelta(hours=3),
            "duration_minutes": 30,
            "shuffle_questions": False,
        } | fields
        quiz = Quiz.objects.create(**values)
        for i, question in enumerate(questions if questions is not None else self.questions.values()):
            QuizQuestion.objects.create(quiz=quiz, question=question, position=i)
        return quiz

    def pool(self, quiz, *, category="", count=1):
        return QuizPool.objects.create(quiz=quiz, bank=self.bank, category=category, count=count)

    def midterms(self, grade):
        """Both midterms at `grade` (no current marks): RD = grade / 2 with the default weights."""
        for kind in (ColumnKind.MIDTERM1, ColumnKind.MIDTERM2):
            column, _ = Column.objects.get_or_create(
                discipline=self.discipline,
                term=self.term,
                kind=kind,
                stream=None,
                defaults={"date": self.term.start_date},
            )
            Cell.objects.update_or_create(column=column, student=self.student, defaults={"grade": Decimal(grade)})

    def another_student(self):
        user = StudentFactory()
        RegistrationFactory(student=user.student_record, discipline=self.discipline, term=self.term)
        return user

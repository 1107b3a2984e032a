"""Testing (docs/modules.md#testing): question banks, tests (Quiz: "Test" would read as a test case to pytest),
attempts with their questions and answers, and the proctoring record of an attempt.

Question texts are plain fields, not kk/ru/en translations: a bank is written by a teacher in the stream's
language of instruction, as assignments are (assignments/models.py).
"""

from .attempt import Attempt, AttemptQuestion
from .bank import Question, QuestionBank, QuestionFile, QuestionType
from .proctoring import ProctorCheck, ProctorEvent, ProctorEventKind
from .quiz import Accommodation, Quiz, QuizPool, QuizQuestion

__all__ = [
    "Accommodation",
    "Attempt",
    "AttemptQuestion",
    "ProctorCheck",
    "ProctorEvent",
    "ProctorEventKind",
    "Question",
    "QuestionBank",
    "QuestionFile",
    "QuestionType",
    "Quiz",
    "QuizPool",
    "QuizQuestion",
]

"""Demo tests (issue 12, part 2): a bank of every question type for one of the demo student's current disciplines
(taught by the demo teacher), tests of every type and every status for the demo student, and a proctored exam.

Windows are set around the real clock (the attempt's clock is the server's), refreshed on every run; attempts are
made once. Idempotent: banks, questions and tests by their titles, attempts only when the student has none.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from people.models import User
from schedule.models import Exam, Stream

from .base import DOMAIN

DEMO_STUDENT = f"student@{DOMAIN}"
DEMO_TEACHER = f"teacher@{DOMAIN}"
BANK_TITLE = "Demo bank: every question type"

QUESTIONS = [
    (
        "single",
        "Capital",
        "<p>What is the capital of Kazakhstan?</p>",
        {
            "options": [
                {"id": "a", "text": "Astana", "fraction": 1.0},
                {"id": "b", "text": "Almaty", "fraction": 0.0},
                {"id": "c", "text": "Shymkent", "fraction": 0.0},
            ]
        },
    ),
    (
        "multiple",
        "Primes",
        "<p>Which of these numbers are prime?</p>",
        {
            "options": [
                {"id": "a", "text": "2", "fraction": 0.5},
                {"id": "b", "text": "7", "fraction": 0.5},
                {"id": "c", "text": "9", "fraction": -0.5},
                {"id": "d", "text": "15", "fraction": -0.5},
            ]
        },
    ),
    (
        "truefalse",
        "Derivative",
        "<p>The derivative of \\(x^2\\) is \\(2x\\).</p>",
        {"options": [{"id": "true", "text": "", "fraction": 1.0}, {"id": "false", "text": "", "fraction": 0.0}]},
    ),
    (
        "numeric",
        "Limit",
        "<p>Compute \\( \\lim_{x \\to 0} \\frac{\\sin x}{x} \\).</p>",
        {"answers": [{"value": 1, "tolerance": 0.001, "fraction": 1.0}], "units": []},
    ),
    (
        "short",
        "Poet",
        "<p>Who wrote “Words of Edification” (Қара сөздер)?</p>",
        {"answers": [{"text": "Abai*", "fraction": 1.0}, {"text": "Абай*", "fraction": 1.0}], "case_sensitive": False},
    ),
    (
        "matching",
        "Formulas",
        "<p>Match each substance with its name.</p>",
        {
            "pairs": [
                {"id": "1", "prompt": "H<sub>2</sub>O", "answer": "water"},
                {"id": "2", "prompt": "NaCl", "answer": "salt"},
                {"id": "3", "prompt": "CO<sub>2</sub>", "answer": "carbon dioxide"},
                {"id": "4", "prompt": "", "answer": "sugar"},
            ]
        },
    ),
    (
        "ordering",
        "Steps",
        "<p>Put the steps of solving an equation in order.</p>",
        {
            "items": [
                {"id": "1", "text": "Read the problem"},
                {"id": "2", "text": "Write the equation"},
                {"id": "3", "text": "Solve it"},
                {"id": "4", "text": "Check the answer"},
            ]
        },
    ),
    (
        "essay",
        "Essay",
        "<p>Explain in a few sentences why limits matter in analysis.</p>",
        {"response_format": "editor"},
    ),
]

RIGHT = {
    "single": "a",
    "multiple": ["a", "b"],
    "truefalse": "true",
    "numeric": "1",
    "short": "Abai",
    "ordering": ["1", "2", "3", "4"],
    "essay": "Limits define continuity and derivatives.",
}
WRONG = {"single": "b", "multiple": ["c"], "truefalse": "false", "numeric": "0", "short": "Pushkin", "essay": ""}


def _context(today: dt.date):
    user = User.objects.filter(email=DEMO_STUDENT).select_related("student_record").first()
    teacher = User.objects.filter(email=DEMO_TEACHER).first()
    record = getattr(user, "student_record", None) if user else None
    if record is None or teacher is None:
        return None
    stream = (
        Stream.objects.filter(
            choices__student=record, teacher=teacher, term__start_date__lte=today, term__end_date__gte=today
        )
        .select_related("discipline", "term__academic_year")
        .order_by("pk")
        .first()
    )
    if stream is None:
        return None
    return user, record, teacher, stream


def _bank(stream, teacher):
    from testing.models import Question, QuestionBank

    bank, _created = QuestionBank.objects.get_or_create(
        discipline=stream.discipline, title=BANK_TITLE, defaults={"owner": teacher}
    )
    questions = {}
    for kind, name, text, data in QUESTIONS:
        questions[kind], _created = Question.objects.get_or_create(
            bank=bank,
            name=name,
            defaults={
                "type": kind,
                "text": text,
                "data": data,
                "category": "Demo",
                "points": 2 if kind == "essay" else 1,
                "shuffle": True,
            },
        )
    return questions


def _quiz(*, title, stream, teacher, questions, **fields):
    from testing.models import Quiz, QuizQuestion

    quiz, _created = Quiz.objects.update_or_create(
        title=title,
        discipline=stream.discipline,
        term=stream.term,
        defaults={"author": teacher, "status": Quiz.Status.PUBLISHED, "shuffle_questions": False} | fields,
    )
    for i, question in enumerate(questions):
        QuizQuestion.objects.get_or_create(quiz=quiz, question=question, defaults={"position": i})
    return quiz


def _sit(quiz, record, answers: dict, *, started, finish: bool, rng, teacher=None):
    from testing.models import Attempt
    from testing.services.attempts import answer_save, attempt_finish, attempt_start, essay_grade

    if Attempt.objects.filter(quiz=quiz, student=record).exists():
        return None
    attempt = attempt_start(quiz=quiz, student=record, now=started, rng=rng)
    for i, slot in enumerate(attempt.questions.order_by("position"), start=1):
        kind = slot.snapshot["type"]
        value = answers.get(kind)
        if kind == "matching" and answers is RIGHT:
            answer_save(
                attempt_id=attempt.pk,
                student=record,
                position=slot.position,
                value=None,
                matches={"1": "water", "2": "salt", "3": "carbon dioxide"},
                sequence=1,
                now=started + dt.timedelta(minutes=i),
            )
            continue
        if value in (None, ""):
            continue
        answer_save(
            attempt_id=attempt.pk,
            student=record,
            position=slot.position,
            value=value,
            sequence=1,
            now=started + dt.timedelta(minutes=i),
        )
    if finish:
        attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED, now=started + dt.timedelta(minutes=20))
        if teacher is not None:
            for slot in attempt.questions.filter(score__isnull=True):
                essay_grade(slot=slot, score=slot.points, feedback="Well argued.", actor=teacher)
    return attempt


def seed_testing(*, today: dt.date) -> dict:
    from curriculum.models import Registration
    from testing.models import Quiz

    found = _context(today)
    if found is None:
        return {}
    _user, record, teacher, stream = found
    now = timezone.now()
    day = dt.timedelta(days=1)
    q = _bank(stream, teacher)
    every = list(q.values())
    closed = {"opens_at": now - 10 * day, "closes_at": now - 3 * day}
    open_now = {"opens_at": now - day, "closes_at": now + 7 * day}
    passed = _quiz(
        title="Quiz 1: warm-up", stream=stream, teacher=teacher, questions=every, kind=Quiz.Kind.QUIZ, **closed
    )
    failed = _quiz(
        title="Control work 1",
        stream=stream,
        teacher=teacher,
        questions=[q["single"], q["multiple"], q["truefalse"], q["short"]],
        kind=Quiz.Kind.CONTROL,
        **closed,
    )
    running = _quiz(
        title="Midterm 1",
        stream=stream,
        teacher=teacher,
        questions=[q["single"], q["numeric"], q["matching"], q["ordering"]],
        kind=Quiz.Kind.MIDTERM,
        duration_minutes=180,
        **open_now,
    )
    _quiz(
        title="Midterm 2",
        stream=stream,
        teacher=teacher,
        questions=[q["single"], q["numeric"]],
        kind=Quiz.Kind.MIDTERM,
        opens_at=now + 7 * day,
        closes_at=now + 8 * day,
    )
    _quiz(
        title="Control work 2",
        stream=stream,
        teacher=teacher,
        questions=[q["single"], q["truefalse"]],
        kind=Quiz.Kind.CONTROL,
        opens_at=now - 5 * day,
        closes_at=now - day,
    )
    exam = _quiz(
        title="Exam (admission needed)",
        stream=stream,
        teacher=teacher,
        questions=every,
        kind=Quiz.Kind.EXAM,
        admission_required=True,
        admission_min=None,
        duration_minutes=90,
        **open_now,
    )
    _quiz(
        title="Practice quiz (2 attempts)",
        stream=stream,
        teacher=teacher,
        questions=[q["single"], q["truefalse"], q["numeric"], q["short"], q["multiple"]],
        kind=Quiz.Kind.QUIZ,
        attempts_allowed=2,
        duration_minutes=30,
        **open_now,
    )
    _quiz(
        title="Proctored exam",
        stream=stream,
        teacher=teacher,
        questions=[q["single"], q["numeric"], q["essay"]],
        kind=Quiz.Kind.EXAM,
        proctored=True,
        duration_minutes=60,
        **open_now,
    )
    timetable = Exam.objects.filter(stream__discipline=stream.discipline, stream__term=stream.term).order_by("pk")
    if timetable.exists() and exam.timetable_exam_id is None:
        Quiz.objects.filter(pk=exam.pk).update(timetable_exam=timetable.first())
    rng = random.Random("demo-testing")
    started = now - 8 * day
    made = 0
    made += bool(_sit(passed, record, RIGHT, started=started, finish=True, rng=rng, teacher=teacher))
    made += bool(_sit(failed, record, WRONG, started=started, finish=True, rng=rng))
    made += bool(_sit(running, record, {"single": "a"}, started=now - dt.timedelta(minutes=5), finish=False, rng=rng))
    classmate = (
        Registration.objects.filter(discipline=stream.discipline, term=stream.term)
        .exclude(student=record)
        .select_related("student")
        .order_by("pk")
        .first()
    )
    if classmate is not None:  # an essay that waits for the teacher
        made += bool(_sit(passed, classmate.student, RIGHT, started=started, finish=True, rng=rng))
    return {"quizzes": Quiz.objects.filter(discipline=stream.discipline, term=stream.term).count(), "attempts": made}

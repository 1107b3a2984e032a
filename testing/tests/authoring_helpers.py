"""Helpers of the authoring tests: a teacher with a stream, a bank, questions, a test (not a test module)."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from schedule.tests.factories import StreamFactory
from testing.models import Question, QuestionBank, QuestionType, Quiz

SINGLE_DATA = {
    "options": [
        {"id": "a", "text": "Astana", "fraction": 1.0, "feedback": ""},
        {"id": "b", "text": "Almaty", "fraction": 0.0, "feedback": ""},
    ]
}


def teaching(teacher=None, **kwargs):
    """A stream of a new discipline taught by `teacher` (a new teacher when None)."""
    if teacher is not None:
        kwargs["teacher"] = teacher
    return StreamFactory(**kwargs)


def bank_of(stream, title="Bank", owner=None):
    return QuestionBank.objects.create(discipline=stream.discipline, owner=owner or stream.teacher, title=title)


def question_in(bank, name="Capital", category="Geography", **kwargs):
    defaults = {"type": QuestionType.SINGLE, "text": "<p>The capital?</p>", "data": SINGLE_DATA}
    return Question.objects.create(bank=bank, name=name, category=category, **(defaults | kwargs))


def quiz_of(stream, **kwargs):
    now = timezone.now()
    defaults = {
        "author": stream.teacher,
        "discipline": stream.discipline,
        "term": stream.term,
        "title": "Midterm",
        "opens_at": now + dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=2),
    }
    return Quiz.objects.create(**(defaults | kwargs))


def png(name="figure.png", size=(8, 8)) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(data, format="PNG")
    return SimpleUploadedFile(name, data.getvalue(), "image/png")


def rows(prefix_rows: list[dict], total: int | None = None) -> dict:
    """POST data of a formset `rows` with the given rows."""
    data = {"rows-TOTAL_FORMS": str(total or len(prefix_rows)), "rows-INITIAL_FORMS": "0"}
    for i, row in enumerate(prefix_rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
    return data

"""A proctored exam of a stream, its student, their checks and attempt, for the proctoring tests."""

import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from people.tests.factories import StudentFactory
from schedule.tests.factories import StreamChoiceFactory, StreamFactory
from testing.models import Attempt, ProctorCheck, Quiz


def jpeg_bytes(size=(64, 48), color=(120, 90, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def jpeg_upload(name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


@dataclass
class Exam:
    quiz: Quiz
    stream: object
    teacher: object
    student: object  # the user
    record: object  # their StudentRecord


def proctored_exam(*, backend: str = "", **quiz_fields) -> Exam:
    """A published proctored exam of a stream, open now for two hours, with one student in the stream."""
    stream = StreamFactory()
    student = StudentFactory()
    StreamChoiceFactory(student=student.student_record, stream=stream)
    now = timezone.now()
    values = {
        "author": stream.teacher,
        "discipline": stream.discipline,
        "term": stream.term,
        "title": "Final exam",
        "kind": Quiz.Kind.EXAM,
        "status": Quiz.Status.PUBLISHED,
        "opens_at": now - dt.timedelta(hours=1),
        "closes_at": now + dt.timedelta(hours=2),
        "proctored": True,
        "proctoring_backend": backend,
    } | quiz_fields
    quiz = Quiz.objects.create(**values)
    quiz.streams.add(stream)
    return Exam(quiz=quiz, stream=stream, teacher=stream.teacher, student=student, record=student.student_record)


def another_student(exam: Exam):
    """A student of the same exam's stream."""
    student = StudentFactory()
    StreamChoiceFactory(student=student.student_record, stream=exam.stream)
    return student


def ready_check(exam: Exam, record=None) -> ProctorCheck:
    now = timezone.now()
    check = ProctorCheck.objects.create(
        quiz=exam.quiz,
        student=record or exam.record,
        rules_accepted_at=now,
        extension_checked_at=now,
        devices_checked_at=now,
        photo_taken_at=now,
    )
    check.photo.save(f"id-{check.pk}.jpg", jpeg_upload(), save=True)
    return check


def attempt_started(exam: Exam, record=None, *, minutes=40, check: ProctorCheck | None = None) -> Attempt:
    """An attempt in progress, as the engine starts it: the check linked to it."""
    record = record or exam.record
    now = timezone.now()
    number = Attempt.objects.filter(quiz=exam.quiz, student=record).count() + 1
    attempt = Attempt.objects.create(
        quiz=exam.quiz, student=record, number=number, started_at=now, deadline=now + dt.timedelta(minutes=minutes)
    )
    check = check or ready_check(exam, record)
    check.attempt = attempt
    check.save(update_fields=["attempt"])
    return attempt

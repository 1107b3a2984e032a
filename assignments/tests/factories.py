"""Factories of assignments: `AssignmentFactory` (a text task of a new stream, due in a week),
`SubmissionFactory` (a draft), `ThreadMessageFactory`, and `stream_student(stream)`: a student who chose it."""

import datetime

import factory
from django.utils import timezone

from assignments.models import Assignment, LatePolicy, Submission, ThreadMessage
from schedule.tests.factories import StreamChoiceFactory, StreamFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    stream = factory.SubFactory(StreamFactory)
    author = factory.SelfAttribute("stream.teacher")
    title = factory.Sequence(lambda n: f"Task {n}")
    description = "Do it."
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    allow_text = True
    max_points = 100
    late_policy = LatePolicy.CLOSED


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    assignment = factory.SubFactory(AssignmentFactory)
    student = factory.LazyAttribute(lambda o: stream_student(o.assignment.stream))
    status = Submission.Status.DRAFT
    text = "My answer"


class ThreadMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThreadMessage

    assignment = factory.SubFactory(AssignmentFactory)
    student = factory.LazyAttribute(lambda o: stream_student(o.assignment.stream))
    author = factory.LazyAttribute(lambda o: o.student.user)
    text = "A question"


def stream_student(stream, **kwargs):
    """A student record with a seat in `stream`."""
    return StreamChoiceFactory(stream=stream, **kwargs).student

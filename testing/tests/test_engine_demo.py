"""The demo's tests: every type and every status for student@demo.kz, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.testing import seed_testing
from people.models import User
from testing import selectors
from testing.models import Attempt, Quiz

pytestmark = pytest.mark.django_db


def test_the_demo_student_has_tests_of_every_type_and_status():
    call_command("seed_demo", students=40, quiet=True, stdout=io.StringIO())
    record = User.objects.get(email="student@demo.kz").student_record
    quiz = Quiz.objects.get(title="Practice quiz (2 attempts)")
    lines = selectors.student_quizzes(student=record, term=quiz.term)
    statuses = {line.quiz.title: (line.status, line.reason) for line in lines}
    assert statuses["Quiz 1: warm-up"][0] == selectors.PASSED
    assert statuses["Control work 1"][0] == selectors.NOT_PASSED
    assert statuses["Midterm 1"][0] == selectors.IN_PROGRESS
    assert statuses["Midterm 2"] == (selectors.UNAVAILABLE, "not_open")
    assert statuses["Control work 2"] == (selectors.UNAVAILABLE, "closed")
    assert statuses["Exam (admission needed)"] == (selectors.UNAVAILABLE, "not_admitted")
    assert statuses["Practice quiz (2 attempts)"][0] == selectors.AVAILABLE
    assert Quiz.objects.get(title="Proctored exam").proctored
    assert {line.quiz.kind for line in lines} == set(Quiz.Kind.values)
    count = Attempt.objects.count()
    seed_testing(today=timezone.localdate())
    assert Attempt.objects.count() == count
    assert Quiz.objects.filter(title="Practice quiz (2 attempts)").count() == 1

"""A course's test through the testing engine (issue 12, part 2): started from the course page for an enrolled
learner, sat, and counted in the progress once passed."""

import pytest
from django.urls import reverse

from courses.models import Enrolment
from courses.services.enrolment import enrolment_create
from curriculum.tests.factories import DisciplineFactory
from testing.models import Attempt, Question, QuestionBank, QuestionType, QuizQuestion
from testing.services.attempts import answer_save, attempt_finish

from .factories import course_quiz, course_with_lessons

pytestmark = pytest.mark.django_db


def _one_question(course_test):
    bank = QuestionBank.objects.create(discipline=DisciplineFactory(), owner=course_test.quiz.author, title="Bank")
    question = Question.objects.create(
        bank=bank,
        type=QuestionType.SINGLE,
        name="q",
        text="<p>2 + 2?</p>",
        data={"options": [{"id": "a", "text": "4", "fraction": 1.0}, {"id": "b", "text": "5", "fraction": 0.0}]},
    )
    QuizQuestion.objects.create(quiz=course_test.quiz, question=question, position=0)


def test_a_learner_starts_sits_and_passes_a_course_test(client, student):
    record = student.student_record
    client.force_login(student)
    course, lessons = course_with_lessons(lessons=1)
    course_test = course_quiz(course)
    _one_question(course_test)
    enrolment_create(course=course, student=record, actor=student)
    client.post(reverse("courses:lesson_done", args=[lessons[0].pk]))

    response = client.post(reverse("courses:test_start", args=[course_test.pk]))
    attempt = Attempt.objects.get(quiz=course_test.quiz, student=record)
    assert response["Location"] == reverse("testing:attempt", args=[attempt.pk])
    answer_save(attempt_id=attempt.pk, student=record, position=1, value="a", sequence=1)
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED)

    page = client.get(reverse("courses:learn", args=[course.pk]))
    assert course_test.quiz_id in page.context["passed"]
    assert page.context["progress"].percent == 100
    assert Enrolment.objects.get().status == Enrolment.Status.COMPLETED


def test_the_engine_refusal_is_shown_on_the_course(client, student):
    record = student.student_record
    client.force_login(student)
    course, _lessons = course_with_lessons(lessons=1)
    course_test = course_quiz(course)
    _one_question(course_test)
    course_test.quiz.attempts_allowed = 1
    course_test.quiz.save()
    enrolment_create(course=course, student=record, actor=student)
    client.post(reverse("courses:test_start", args=[course_test.pk]))
    attempt_finish(attempt=Attempt.objects.get(), reason=Attempt.CloseReason.SUBMITTED)
    response = client.post(reverse("courses:test_start", args=[course_test.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("courses:learn", args=[course.pk])
    assert Attempt.objects.count() == 1
    assert list(response.context["messages"])

"""The student's pages and the teacher's results: access, the answer's JSON, query budgets."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from people.tests.factories import PASSWORD
from testing.models import Attempt, QuestionType, Quiz
from testing.services.attempts import answer_save, attempt_finish, attempt_start
from testing.tests.test_engine_helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _slot(attempt, kind):
    return next(s for s in attempt.questions.all() if s.snapshot["type"] == kind)


def test_my_tests_lists_with_statuses_and_filters(client, world):
    world.make_quiz(title="Later", opens_at=timezone.now() + dt.timedelta(days=1), closes_at=None)
    world.make_quiz(title="Midterm one", kind=Quiz.Kind.MIDTERM)
    world.make_quiz(title="Draft", status=Quiz.Status.DRAFT)
    _login(client, world.user)
    page = client.get(reverse("testing:index")).content.decode()
    assert "Later" in page and "Midterm one" in page and "Draft" not in page
    page = client.get(reverse("testing:index"), {"kind": "midterm"}).content.decode()
    assert "Midterm one" in page and "Later" not in page
    page = client.get(reverse("testing:index"), {"status": "unavailable"}).content.decode()
    assert "Later" in page and "Midterm one" not in page


def test_my_tests_in_bounded_queries(client, world, django_assert_max_num_queries):
    def seed(prefix):
        for i in range(4):
            quiz = world.make_quiz(title=f"{prefix}{i}", admission_required=i == 3)
            if i < 2:
                attempt_finish(attempt=attempt_start(quiz=quiz, student=world.student), reason="submitted")

    _login(client, world.user)
    seed("A")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("testing:index"))
    seed("B")
    seed("C")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("testing:index"))
    assert response.content.decode().count('data-testid="test-row"') == 13


def test_detail_start_and_the_refusal_shown(client, world):
    _login(client, world.user)
    refused = world.make_quiz(title="Admission", admission_required=True)
    page = client.get(reverse("testing:detail", args=[refused.pk])).content.decode()
    assert 'data-testid="refusal"' in page and "disabled" in page
    response = client.post(reverse("testing:start", args=[refused.pk]))
    assert response.status_code == 302 and not Attempt.objects.filter(quiz=refused).exists()
    response = client.post(reverse("testing:start", args=[world.quiz.pk]))
    attempt = Attempt.objects.get(quiz=world.quiz)
    assert response["Location"] == reverse("testing:attempt", args=[attempt.pk])
    page = client.get(reverse("testing:detail", args=[world.quiz.pk])).content.decode()
    assert 'data-testid="continue"' in page


def test_a_test_of_another_discipline_is_404(client, world):
    other = World()
    _login(client, world.user)
    assert client.get(reverse("testing:detail", args=[other.quiz.pk])).status_code == 404
    assert client.post(reverse("testing:start", args=[other.quiz.pk])).status_code == 404


def test_the_attempt_page_and_its_htmx_fragment(client, world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    _login(client, world.user)
    page = client.get(reverse("testing:attempt", args=[attempt.pk])).content.decode()
    assert 'data-deadline="' + attempt.deadline.isoformat() in page
    assert "Question 1 of 8" in page and 'class="fs-6 fw-normal math"' in page
    fragment = client.get(reverse("testing:attempt", args=[attempt.pk]), {"n": 3}, HTTP_HX_REQUEST="true")
    assert "Question 3 of 8" in fragment.content.decode() and "<html" not in fragment.content.decode()
    attempt.refresh_from_db()
    assert attempt.current_position == 3
    # a reload without ?n resumes where the student was
    assert "Question 3 of 8" in client.get(reverse("testing:attempt", args=[attempt.pk])).content.decode()


def test_one_way_navigation_never_goes_back(client, world):
    quiz = world.make_quiz(navigation=Quiz.Navigation.SEQUENTIAL)
    attempt = attempt_start(quiz=quiz, student=world.student)
    _login(client, world.user)
    client.get(reverse("testing:attempt", args=[attempt.pk]), {"n": 2})
    page = client.get(reverse("testing:attempt", args=[attempt.pk]), {"n": 1}).content.decode()
    assert "Question 2 of 8" in page
    response = client.post(reverse("testing:answer", args=[attempt.pk]), {"position": 1, "sequence": 1, "value": "x"})
    assert response.status_code == 409 and response.json()["code"] == "sequential"


def test_answer_json_and_refusals(client, world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    single = _slot(attempt, QuestionType.SINGLE)
    _login(client, world.user)
    url = reverse("testing:answer", args=[attempt.pk])
    body = client.post(url, {"position": single.position, "sequence": 1, "value": "a"}).json()
    assert body["saved"] is True and body["position"] == single.position and body["sequence"] == 1
    assert body["deadline"] == attempt.deadline.isoformat() and "now" in body
    again = client.post(url, {"position": single.position, "sequence": 1, "value": "b"})
    assert again.status_code == 409 and again.json()["code"] == "stale" and again.json()["saved"] is False
    bad = client.post(url, {"position": single.position, "sequence": 2, "value": "zzz"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    forged = client.post(url, {"position": 999, "sequence": 1, "value": "a"})
    assert forged.status_code == 400
    matching = _slot(attempt, QuestionType.MATCHING)
    ok = client.post(url, {"position": matching.position, "sequence": 1, "match-1": "water", "match-2": ""})
    assert ok.json()["saved"]
    matching.refresh_from_db()
    assert matching.answer == {"1": "water"}
    multiple = _slot(attempt, QuestionType.MULTIPLE)
    client.post(url, {"position": multiple.position, "sequence": 1, "value": ["b", "a"]})
    multiple.refresh_from_db()
    assert multiple.answer == ["a", "b"]
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    late = client.post(url, {"position": single.position, "sequence": 5, "value": "b"})
    assert late.status_code == 409 and late.json()["code"] == "time_up"
    single.refresh_from_db()
    assert single.answer == "a"


def test_another_students_attempt_is_404_everywhere(client, world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    _login(client, world.another_student())
    for name in ("attempt", "clock", "result"):
        assert client.get(reverse(f"testing:{name}", args=[attempt.pk])).status_code == 404
    for name in ("answer", "finish"):
        response = client.post(reverse(f"testing:{name}", args=[attempt.pk]), {"position": 1, "sequence": 1})
        assert response.status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).questions.filter(sequence__gt=0).count() == 0


def test_answer_in_three_queries(client, world, django_assert_max_num_queries):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    _login(client, world.user)
    url = reverse("testing:answer", args=[attempt.pk])
    client.post(url, {"position": 1, "sequence": 1, "value": "x"})
    # the session, the user, then the read and the conditional update
    with django_assert_max_num_queries(4):
        client.post(url, {"position": 2, "sequence": 1, "value": "x"})


def test_attempt_page_in_bounded_queries(client, world, django_assert_max_num_queries):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    _login(client, world.user)
    with django_assert_max_num_queries(8):
        client.get(reverse("testing:attempt", args=[attempt.pk]), {"n": 2})


def test_clock_and_expiry_on_read(client, world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    _login(client, world.user)
    body = client.get(reverse("testing:clock", args=[attempt.pk])).json()
    assert body == {"deadline": attempt.deadline.isoformat(), "now": body["now"], "status": "progress", "paused": False}
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(reverse("testing:clock", args=[attempt.pk])).json()["status"] == "finished"
    response = client.get(reverse("testing:attempt", args=[attempt.pk]))
    assert response["Location"] == reverse("testing:result", args=[attempt.pk])


def test_finish_asks_first_when_questions_are_unanswered_then_shows_the_result(client, world):
    quiz = world.make_quiz(attempts_allowed=2)
    attempt = attempt_start(quiz=quiz, student=world.student)
    answer_save(attempt_id=attempt.pk, student=world.student, position=1, value="a", sequence=1)
    _login(client, world.user)
    response = client.post(reverse("testing:finish", args=[attempt.pk]))
    assert response.status_code == 200 and 'data-testid="unanswered"' in response.content.decode()
    response = client.post(reverse("testing:finish", args=[attempt.pk]), {"confirm": "1"}, follow=True)
    page = response.content.decode()
    assert "attempts (1/2)" in page and 'data-testid="retake"' in page and 'data-testid="result"' in page


def test_results_after_the_window_are_hidden_until_it_closes(client, world):
    quiz = world.make_quiz(show_results=Quiz.ShowResults.AFTER_WINDOW)
    attempt = attempt_start(quiz=quiz, student=world.student)
    attempt_finish(attempt=attempt, reason="submitted")
    _login(client, world.user)
    page = client.get(reverse("testing:result", args=[attempt.pk])).content.decode()
    assert "Results will be shown after" in page and 'data-testid="result"' not in page


def test_teacher_results_and_essay_grading(client, world):
    quiz = world.make_quiz(questions=[world.questions[QuestionType.ESSAY]])
    attempt = attempt_start(quiz=quiz, student=world.student)
    answer_save(attempt_id=attempt.pk, student=world.student, position=1, value="My essay", sequence=1)
    attempt_finish(attempt=attempt, reason="submitted")
    slot = attempt.questions.get()
    _login(client, world.teacher)
    page = client.get(reverse("testing:quiz_results", args=[quiz.pk])).content.decode()
    assert reverse("testing:grade_slot", args=[slot.pk]) in page
    bad = client.post(reverse("testing:grade_slot", args=[slot.pk]), {"score": "50", "feedback": "kept"})
    assert bad.status_code == 400 and "kept" in bad.content.decode()
    client.post(reverse("testing:grade_slot", args=[slot.pk]), {"score": "2", "feedback": "Fine"})
    attempt.refresh_from_db()
    assert attempt.percent == 100 and not attempt.needs_grading
    _login(client, world.user)
    assert client.get(reverse("testing:quiz_results", args=[quiz.pk])).status_code == 404
    assert client.get(reverse("testing:grade_slot", args=[slot.pk])).status_code == 404


def test_teacher_results_in_bounded_queries(client, world, django_assert_max_num_queries):
    for _i in range(5):
        user = world.another_student()
        attempt_finish(attempt=attempt_start(quiz=world.quiz, student=user.student_record), reason="submitted")
    _login(client, world.teacher)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("testing:quiz_results", args=[world.quiz.pk]))
    assert response.status_code == 200


def test_the_answer_json_is_json(client, world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    _login(client, world.user)
    response = client.post(reverse("testing:answer", args=[attempt.pk]), {"position": "x", "sequence": "y"})
    assert response.status_code == 400 and json.loads(response.content)["code"] == "invalid"


def test_the_timetables_exam_card_links_to_its_published_test(client, world):
    from schedule.tests.factories import ExamFactory

    exam = ExamFactory(stream=world.stream, is_online=True, test_url="https://old.example/test")
    _login(client, world.user)
    url = reverse("schedule:exam", args=[exam.pk])
    assert "https://old.example/test" in client.get(url).content.decode()
    Quiz.objects.filter(pk=world.quiz.pk).update(timetable_exam=exam)
    page = client.get(url).content.decode()
    assert reverse("testing:detail", args=[world.quiz.pk]) in page and "old.example" not in page


def test_the_exam_card_of_a_draft_test_says_the_link_comes_with_publishing(client, world):
    from schedule.tests.factories import ExamFactory

    exam = ExamFactory(stream=world.stream, is_online=True)
    Quiz.objects.filter(pk=world.quiz.pk).update(timetable_exam=exam, status=Quiz.Status.DRAFT)
    _login(client, world.user)
    page = client.get(reverse("schedule:exam", args=[exam.pk])).content.decode()
    assert 'data-testid="test-link-pending"' in page and reverse("testing:detail", args=[world.quiz.pk]) not in page

"""The testing engine's services: who may start, starting, saving answers, finishing, expiry, the journal."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from journal.models import Cell, ColumnKind
from notifications.models import Notification
from testing.models import Accommodation, Attempt, AttemptQuestion, ProctorCheck, Question, QuestionType, Quiz
from testing.services import grading
from testing.services.attempts import (
    AnswerRefused,
    answer_save,
    attempt_finish,
    attempt_start,
    attempts_close_expired,
    essay_grade,
    quiz_result_sync,
    start_refusal,
)
from testing.tasks import close_expired_attempts
from testing.tests.test_engine_helpers import QUESTIONS, World, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _save(attempt, position, value, sequence, **kw):
    return answer_save(
        attempt_id=attempt.pk, student=attempt.student, position=position, value=value, sequence=sequence, **kw
    )


def _slot(attempt, kind):
    return next(s for s in attempt.questions.all() if s.snapshot["type"] == kind)


# --- start_refusal -----------------------------------------------------------------------------------------------


def test_a_student_may_start_an_open_test(world):
    assert start_refusal(quiz=world.quiz, student=world.student) is None


def test_refusals_of_the_window_and_publication(world):
    quiz, now = world.quiz, timezone.now()
    assert "opens" in start_refusal(quiz=quiz, student=world.student, now=quiz.opens_at - dt.timedelta(minutes=1))
    assert "closed" in start_refusal(quiz=quiz, student=world.student, now=quiz.closes_at)
    quiz.status = Quiz.Status.DRAFT
    assert "not published" in start_refusal(quiz=quiz, student=world.student, now=now)


def test_a_student_not_registered_or_not_in_the_streams_is_refused(world):
    other = world.another_student().student_record
    assert start_refusal(quiz=world.quiz, student=other) is None
    world.quiz.streams.set([world.stream])
    assert "not for your streams" in start_refusal(quiz=world.quiz, student=other)
    assert start_refusal(quiz=world.quiz, student=world.student) is None
    stranger = World().student
    assert "not for your streams" in start_refusal(quiz=world.quiz, student=stranger)


def test_admission_below_the_threshold_is_refused(world):
    quiz = world.make_quiz(admission_required=True, admission_min=Decimal(40))
    assert "not computed" in start_refusal(quiz=quiz, student=world.student)
    world.midterms(70)  # RD 35
    assert "35" in start_refusal(quiz=quiz, student=world.student)
    world.midterms(90)  # RD 45
    assert start_refusal(quiz=quiz, student=world.student) is None
    quiz.admission_min = None  # the university's 50
    assert "50" in start_refusal(quiz=quiz, student=world.student)


def test_no_attempts_left_and_one_in_progress(world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    assert "in progress" in start_refusal(quiz=world.quiz, student=world.student)
    with pytest.raises(ValidationError, match="in progress"):
        attempt_start(quiz=world.quiz, student=world.student)
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED)
    assert "No attempts left" in start_refusal(quiz=world.quiz, student=world.student)
    with pytest.raises(ValidationError, match="No attempts left"):
        attempt_start(quiz=world.quiz, student=world.student)


# --- attempt_start -----------------------------------------------------------------------------------------------


def test_start_draws_snapshots_and_sets_the_deadline(world):
    now = timezone.now()
    attempt = attempt_start(quiz=world.quiz, student=world.student, now=now)
    assert attempt.deadline == now + dt.timedelta(minutes=30)
    slots = list(attempt.questions.order_by("position"))
    assert [s.position for s in slots] == list(range(1, 9))
    assert attempt.max_score == Decimal(16)
    single = _slot(attempt, QuestionType.SINGLE)
    assert single.snapshot["data"] == QUESTIONS[QuestionType.SINGLE] and single.snapshot["text"] == "<p>single?</p>"
    assert sorted(single.order) == ["a", "b", "c"]
    # a later edit of the bank changes nothing in the attempt
    Question.objects.filter(pk=single.question_id).update(text="<p>changed</p>")
    single.refresh_from_db()
    assert single.snapshot["text"] == "<p>single?</p>"


def test_extra_time_and_the_closing_cap(world):
    now = timezone.now()
    Accommodation.objects.create(quiz=world.quiz, student=world.student, extra_minutes=15)
    attempt = attempt_start(quiz=world.quiz, student=world.student, now=now)
    assert attempt.deadline == now + dt.timedelta(minutes=45)
    late = world.make_quiz(closes_at=now + dt.timedelta(minutes=10))
    assert attempt_start(quiz=late, student=world.student, now=now).deadline == late.closes_at


def test_pools_draw_from_the_category_and_its_subcategories_without_duplicates(world):
    Question.objects.filter(pk=world.questions[QuestionType.SINGLE].pk).update(category="Ch1")
    Question.objects.filter(pk=world.questions[QuestionType.NUMERIC].pk).update(category="Ch1/Limits")
    Question.objects.filter(pk=world.questions[QuestionType.SHORT].pk).update(category="Ch10")
    quiz = world.make_quiz(questions=[world.questions[QuestionType.SINGLE]])
    world.pool(quiz, category="Ch1", count=1)
    attempt = attempt_start(quiz=quiz, student=world.student, rng=random.Random(1))
    ids = [s.question_id for s in attempt.questions.order_by("position")]
    assert ids == [world.questions[QuestionType.SINGLE].pk, world.questions[QuestionType.NUMERIC].pk]


def test_a_pool_too_small_refuses_and_writes_nothing(world):
    quiz = world.make_quiz(questions=[])
    world.pool(quiz, category="Nothing", count=2)
    with pytest.raises(ValidationError, match="has 0 questions"):
        attempt_start(quiz=quiz, student=world.student)
    assert not Attempt.objects.filter(quiz=quiz).exists()


def test_a_proctored_test_needs_a_complete_check_and_links_it(world):
    quiz = world.make_quiz(proctored=True)
    with pytest.raises(ValidationError, match="proctoring"):
        attempt_start(quiz=quiz, student=world.student)
    now = timezone.now()
    check = ProctorCheck.objects.create(quiz=quiz, student=world.student, rules_accepted_at=now, devices_checked_at=now)
    with pytest.raises(ValidationError, match="proctoring"):
        attempt_start(quiz=quiz, student=world.student)
    ProctorCheck.objects.filter(pk=check.pk).update(photo_taken_at=now)
    attempt = attempt_start(quiz=quiz, student=world.student)
    check.refresh_from_db()
    assert check.attempt == attempt


# --- answer_save -----------------------------------------------------------------------------------------------


def test_answers_are_saved_normalised_and_a_stale_save_changes_nothing(world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    numeric = _slot(attempt, QuestionType.NUMERIC)
    saved = _save(attempt, numeric.position, "3,14", 1)
    assert saved["sequence"] == 1 and saved["deadline"] == attempt.deadline
    numeric.refresh_from_db()
    assert numeric.answer == "3.14" and numeric.sequence == 1
    with pytest.raises(AnswerRefused) as refused:
        _save(attempt, numeric.position, "2", 1)  # the same submission twice
    assert refused.value.code == "stale"
    _save(attempt, numeric.position, "2", 3)
    with pytest.raises(AnswerRefused):
        _save(attempt, numeric.position, "9", 2)  # an older one arriving late
    numeric.refresh_from_db()
    assert numeric.answer == "2" and numeric.sequence == 3


@pytest.mark.parametrize(
    ("kind", "value", "matches"),
    [
        (QuestionType.SINGLE, "z", None),
        (QuestionType.MULTIPLE, ["a", "zz"], None),
        (QuestionType.NUMERIC, "three", None),
        (QuestionType.ORDERING, ["1", "2"], None),
        (QuestionType.ORDERING, ["1", "1", "2"], None),
        (QuestionType.MATCHING, None, {"9": "water"}),
        (QuestionType.MATCHING, None, {"1": "gold"}),
    ],
)
def test_a_malformed_answer_is_refused_and_nothing_changes(world, kind, value, matches):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    slot = _slot(attempt, kind)
    with pytest.raises(ValidationError) as refused:
        _save(attempt, slot.position, value, 1, matches=matches)
    assert refused.value.code == "invalid"
    slot.refresh_from_db()
    assert slot.answer is None and slot.sequence == 0


def test_another_students_attempt_and_a_forged_position(world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    other = world.another_student()
    with pytest.raises(AnswerRefused) as refused:
        answer_save(attempt_id=attempt.pk, user_id=other.pk, position=1, value="a", sequence=1)
    assert refused.value.code == "not_found"
    with pytest.raises(AnswerRefused) as refused:
        _save(attempt, 99, "a", 1)
    assert refused.value.code == "invalid"


@override_settings(TESTING_NETWORK_GRACE_SECONDS=5)
def test_deadline_plus_grace(world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    slot = _slot(attempt, QuestionType.SHORT)
    _save(attempt, slot.position, "Abai", 1, now=attempt.deadline + dt.timedelta(seconds=4))
    with pytest.raises(AnswerRefused) as refused:
        _save(attempt, slot.position, "late", 2, now=attempt.deadline + dt.timedelta(seconds=6))
    assert refused.value.code == "time_up"
    slot.refresh_from_db()
    assert slot.answer == "Abai"


def test_paused_closed_and_one_way(world):
    quiz = world.make_quiz(navigation=Quiz.Navigation.SEQUENTIAL)
    attempt = attempt_start(quiz=quiz, student=world.student)
    Attempt.objects.filter(pk=attempt.pk).update(paused_at=timezone.now())
    with pytest.raises(AnswerRefused, match="paused"):
        _save(attempt, 1, "x", 1)
    Attempt.objects.filter(pk=attempt.pk).update(paused_at=None, current_position=3)
    with pytest.raises(AnswerRefused) as refused:
        _save(attempt, 2, "x", 1)
    assert refused.value.code == "sequential"
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED)
    with pytest.raises(AnswerRefused) as refused:
        _save(attempt, 3, "x", 1)
    assert refused.value.code == "closed"


# --- grading -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "answer", "expected"),
    [
        (QuestionType.SINGLE, "a", 1),
        (QuestionType.SINGLE, "b", 0),
        (QuestionType.MULTIPLE, ["a", "b"], 1),
        (QuestionType.MULTIPLE, ["a"], Decimal("0.5")),
        (QuestionType.MULTIPLE, ["a", "c"], 0),  # floored at 0
        (QuestionType.TRUE_FALSE, "true", 1),
        (QuestionType.TRUE_FALSE, "false", 0),
        (QuestionType.SHORT, "abai Kunanbayev", 1),  # wildcard, case-insensitive
        (QuestionType.SHORT, "Kunanbayev", Decimal("0.5")),
        (QuestionType.SHORT, "Pushkin", 0),
        (QuestionType.NUMERIC, "3.145", 1),
        (QuestionType.NUMERIC, "3,15", 1),
        (QuestionType.NUMERIC, "3.2", 0),
        (QuestionType.MATCHING, {"1": "water", "2": "salt"}, 1),
        (QuestionType.MATCHING, {"1": "water", "2": "sugar"}, Decimal("0.5")),
        (QuestionType.ORDERING, ["1", "2", "3"], 1),
        (QuestionType.ORDERING, ["1", "3", "2"], Decimal(1) / 3),
        (QuestionType.SINGLE, None, 0),
    ],
)
def test_grading_of_every_type(kind, answer, expected):
    assert grading.fraction(snapshot(kind), answer) == Decimal(expected)


def test_essay_is_graded_by_hand_and_short_may_be_case_sensitive():
    assert grading.fraction(snapshot(QuestionType.ESSAY), "text") is None
    data = {"answers": [{"text": "Abai", "fraction": 1}], "case_sensitive": True}
    assert grading.fraction(snapshot(QuestionType.SHORT, data), "abai") == 0
    assert grading.score(snapshot(QuestionType.MULTIPLE), ["a"], Decimal(3)) == Decimal("1.50")


def test_finish_grades_totals_and_is_idempotent(world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    _save(attempt, _slot(attempt, QuestionType.SINGLE).position, "a", 1)
    _save(attempt, _slot(attempt, QuestionType.ORDERING).position, ["1", "2", "3"], 1)
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED
    assert attempt.score == Decimal(4) and attempt.max_score == Decimal(16) and attempt.percent == Decimal(25)
    assert not attempt.needs_grading  # the essay was left empty
    finished_at = attempt.finished_at
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.TIME_UP)
    attempt.refresh_from_db()
    assert attempt.finished_at == finished_at and attempt.close_reason == Attempt.CloseReason.SUBMITTED
    assert Notification.objects.filter(recipient=world.user, kind="testing").count() == 1


# --- expiry ------------------------------------------------------------------------------------------------------


@override_settings(TESTING_NETWORK_GRACE_SECONDS=5, TESTING_PAUSE_MAX_MINUTES=15)
def test_the_expiry_job_closes_what_ran_out_with_its_saved_answers(world):
    now = timezone.now()
    expired = attempt_start(quiz=world.quiz, student=world.student, now=now - dt.timedelta(minutes=31))
    _save(expired, _slot(expired, QuestionType.SINGLE).position, "a", 1, now=now - dt.timedelta(minutes=2))
    other = world.another_student().student_record
    running = attempt_start(quiz=world.quiz, student=other, now=now)
    third = world.another_student().student_record
    paused = attempt_start(quiz=world.quiz, student=third, now=now - dt.timedelta(minutes=20))
    Attempt.objects.filter(pk=paused.pk).update(paused_at=now - dt.timedelta(minutes=16))
    assert attempts_close_expired(now=now) == 2
    expired.refresh_from_db()
    assert expired.status == Attempt.Status.FINISHED and expired.close_reason == Attempt.CloseReason.TIME_UP
    assert expired.score == Decimal(2) and expired.finished_at == expired.deadline
    running.refresh_from_db()
    assert running.status == Attempt.Status.IN_PROGRESS
    paused.refresh_from_db()
    assert paused.status == Attempt.Status.FINISHED
    assert close_expired_attempts.delay().get() == 0


def test_the_beat_runs_the_job_twice_a_minute(settings):
    # "closed within a minute": a run every 30 s leaves room for a worker that is busy or a run that takes seconds
    entry = settings.CELERY_BEAT_SCHEDULE["testing-close-expired"]
    assert entry["task"] == "testing.tasks.close_expired_attempts" and entry["schedule"] == 30.0


# --- the journal -------------------------------------------------------------------------------------------------


def test_an_exam_result_goes_into_the_journals_exam_column(world):
    exam = world.make_quiz(
        kind=Quiz.Kind.EXAM, attempts_allowed=2, questions=[world.questions[QuestionType.SINGLE]], grading="highest"
    )
    first = attempt_start(quiz=exam, student=world.student)
    _save(first, 1, "a", 1)
    attempt_finish(attempt=first, reason=Attempt.CloseReason.SUBMITTED)
    cell = Cell.objects.get(student=world.student, column__kind=ColumnKind.EXAM, column__discipline=world.discipline)
    assert cell.grade == Decimal(100)
    second = attempt_start(quiz=exam, student=world.student)
    _save(second, 1, "b", 1)
    attempt_finish(attempt=second, reason=Attempt.CloseReason.SUBMITTED)
    cell.refresh_from_db()
    assert cell.grade == Decimal(100)  # the highest kept
    exam.grading = Quiz.Grading.LAST
    exam.save()
    assert quiz_result_sync(quiz=exam, student=world.student) == Decimal(0)
    cell.refresh_from_db()
    assert cell.grade == Decimal(0)
    Attempt.objects.filter(quiz=exam).update(status=Attempt.Status.ANNULLED)
    assert quiz_result_sync(quiz=exam, student=world.student) is None
    cell.refresh_from_db()
    assert cell.grade is None


def test_an_essay_waits_for_the_teacher_then_goes_to_the_journal(world):
    exam = world.make_quiz(kind=Quiz.Kind.EXAM, questions=[world.questions[QuestionType.ESSAY]])
    attempt = attempt_start(quiz=exam, student=world.student)
    _save(attempt, 1, "An essay.", 1)
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED)
    attempt.refresh_from_db()
    assert attempt.needs_grading
    assert not Cell.objects.filter(student=world.student, column__kind=ColumnKind.EXAM).exists()
    slot = AttemptQuestion.objects.get(attempt=attempt)
    with pytest.raises(ValidationError, match="between 0 and"):
        essay_grade(slot=slot, score="3", feedback="", actor=world.teacher)
    essay_grade(slot=slot, score="1,5", feedback="Good", actor=world.teacher)
    attempt.refresh_from_db()
    assert not attempt.needs_grading and attempt.percent == Decimal(75)
    assert Cell.objects.get(student=world.student, column__kind=ColumnKind.EXAM).grade == Decimal(75)


def test_a_non_exam_writes_nothing_to_the_journal(world):
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    attempt_finish(attempt=attempt, reason=Attempt.CloseReason.SUBMITTED)
    assert not Cell.objects.filter(column__kind=ColumnKind.EXAM).exists()

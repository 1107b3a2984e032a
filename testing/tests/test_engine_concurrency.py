"""Concurrent saves to one attempt on PostgreSQL (row locks: SQLite has none, so these skip there)."""

import threading

import pytest
from django.db import connection

from testing.models import Attempt, AttemptQuestion
from testing.services.attempts import AnswerRefused, answer_save, attempt_finish, attempt_start
from testing.tests.test_engine_helpers import World

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)


def test_eight_threads_saving_one_attempt_the_highest_sequence_wins():
    world = World(kinds=["short", "single", "numeric", "truefalse", "essay", "multiple", "ordering", "matching"])
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    shared = AttemptQuestion.objects.get(attempt=attempt, position=1)  # the short answer
    barrier = threading.Barrier(8)
    outcomes, errors = [], []

    def worker(i):
        try:
            barrier.wait()
            for k in range(1, 6):
                sequence = k * 8 + i  # every thread's saves grow; all eight interleave
                try:
                    answer_save(
                        attempt_id=attempt.pk,
                        student=world.student,
                        position=1,
                        value=f"v{sequence}",
                        sequence=sequence,
                    )
                    outcomes.append(("saved", sequence))
                except AnswerRefused as refused:
                    outcomes.append((refused.code, sequence))
        except Exception as error:  # noqa: BLE001 - reported below, the thread must not die silently
            errors.append(repr(error))
        finally:
            connection.close()

    _run([threading.Thread(target=worker, args=(i,)) for i in range(8)])
    assert errors == []
    assert len(outcomes) == 40 and {code for code, _s in outcomes} <= {"saved", "stale"}
    shared.refresh_from_db()
    assert shared.sequence == 47 and shared.answer == "v47"
    assert ("saved", 47) in outcomes


def test_saves_racing_a_finish_are_either_graded_or_refused():
    world = World(kinds=["short"] * 1)
    attempt = attempt_start(quiz=world.quiz, student=world.student)
    results = []

    def save(sequence):
        try:
            answer_save(attempt_id=attempt.pk, student=world.student, position=1, value="Abai", sequence=sequence)
            results.append("saved")
        except AnswerRefused as refused:
            results.append(refused.code)
        finally:
            connection.close()

    def finish():
        attempt_finish(attempt=Attempt.objects.get(pk=attempt.pk), reason="submitted")
        connection.close()

    _run([threading.Thread(target=save, args=(1,)), threading.Thread(target=finish)])
    attempt.refresh_from_db()
    slot = attempt.questions.get()
    if results == ["saved"]:
        assert slot.answer == "Abai" and attempt.score == slot.points  # saved before the finish, graded
    else:
        assert results == ["closed"] and slot.answer is None and attempt.score == 0

"""Writes of the authoring services: banks, questions and their images, tests, pools, publishing, extra time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditAction, AuditRecord
from curriculum.tests.factories import RegistrationFactory
from people.tests.factories import StudentRecordFactory
from testing.models import Attempt, AttemptQuestion, QuestionBank, QuestionFile, Quiz, QuizPool
from testing.services import authoring as s

from .authoring_helpers import bank_of, png, question_in, quiz_of, teaching

pytestmark = pytest.mark.django_db


def test_bank_create_only_for_a_taught_discipline(teacher):
    stream = teaching(teacher)
    bank = s.bank_create(actor=teacher, discipline=stream.discipline, title=" Limits ")
    assert bank.title == "Limits" and bank.owner == teacher
    other = teaching()
    with pytest.raises(ValidationError, match="discipline you teach"):
        s.bank_create(actor=teacher, discipline=other.discipline, title="Not mine")


def test_bank_delete_refused_while_a_test_draws_from_it():
    stream = teaching()
    bank = bank_of(stream)
    question_in(bank)
    quiz = quiz_of(stream)
    pool = s.quiz_pool_add(quiz=quiz, bank=bank, category="Geography", count=1)
    with pytest.raises(ValidationError, match="a test draws questions"):
        s.bank_delete(bank=bank)
    pool.delete()
    s.bank_delete(bank=bank)
    assert not QuestionBank.objects.filter(pk=bank.pk).exists()


def test_question_save_sanitises_text_and_data():
    bank = bank_of(teaching())
    question = s.question_save(
        bank=bank,
        qtype="single",
        name="Q",
        text='<p onclick="x()">Hi<script>alert(1)</script> <img src="http://evil/x.png"></p>',
        category=" Chapter 1 / Limits ",
        data={"options": [{"id": "a", "text": "<b>Yes</b><script>1</script>", "fraction": 1.0, "feedback": ""}]},
    )
    assert "script" not in question.text and "onclick" not in question.text and "evil" not in question.text
    assert question.data["options"][0]["text"] == "<b>Yes</b>"
    assert question.category == "Chapter 1/Limits"
    with pytest.raises(ValidationError, match="cannot be changed"):
        s.question_save(bank=bank, question=question, qtype="essay", name="Q", text="x", data={})


def test_question_delete_refused_when_a_test_includes_it():
    stream = teaching()
    question = question_in(bank_of(stream))
    s.quiz_question_add(quiz=quiz_of(stream), question=question)
    with pytest.raises(ValidationError, match="a test includes it"):
        s.question_delete(question=question)


def test_question_file_only_a_real_image():
    question = question_in(bank_of(teaching()))
    row = s.question_file_add(question=question, upload=png("my figure.png"))
    assert row.name == "my_figure.png" and row.content_type == "image/png"
    fake = SimpleUploadedFile("x.png", b"<svg onload='alert(1)'></svg>", "image/png")
    with pytest.raises(ValidationError, match="Only images"):
        s.question_file_add(question=question, upload=fake)
    with pytest.raises(ValidationError, match="already has a file"):
        s.question_file_add(question=question, upload=png("my figure.png"))
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (s.IMAGE_MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="too large"):
        s.question_file_add(question=question, upload=big)
    assert QuestionFile.objects.filter(question=question).count() == 1


def test_pool_cannot_ask_for_more_than_its_category_holds():
    stream = teaching()
    bank = bank_of(stream)
    question_in(bank, category="Ch1")
    question_in(bank, name="Sub", category="Ch1/Limits")
    question_in(bank, name="Other", category="Ch2")
    quiz = quiz_of(stream)
    assert s.quiz_pool_add(quiz=quiz, bank=bank, category="Ch1", count=2).count == 2
    with pytest.raises(ValidationError, match="holds 1 questions"):
        s.quiz_pool_add(quiz=quiz, bank=bank, category="Ch1", count=2, include_subcategories=False)
    with pytest.raises(ValidationError, match="another discipline"):
        s.quiz_pool_add(quiz=quiz, bank=bank_of(teaching()), category="", count=1)


def test_publish_refusals_then_publish():
    stream = teaching()
    bank = bank_of(stream)
    quiz = quiz_of(stream, opens_at=None, closes_at=None)
    with pytest.raises(ValidationError, match="no questions"):
        s.quiz_publish(quiz=quiz)
    question = question_in(bank)
    s.quiz_question_add(quiz=quiz, question=question, points=None)
    with pytest.raises(ValidationError, match="opens and closes"):
        s.quiz_publish(quiz=quiz)
    pool = s.quiz_pool_add(quiz=quiz, bank=bank, category="Geography", count=1)
    QuizPool.objects.filter(pk=pool.pk).update(count=5)  # the bank lost questions since
    quiz.opens_at, quiz.closes_at = timezone.now(), timezone.now() + dt.timedelta(hours=1)
    quiz.save()
    with pytest.raises(ValidationError, match="holds only 1"):
        s.quiz_publish(quiz=quiz)
    QuizPool.objects.filter(pk=pool.pk).update(count=1)
    assert not AuditRecord.objects.exists()  # a refused publication leaves no trace
    assert s.quiz_publish(quiz=quiz, actor=stream.teacher).status == Quiz.Status.PUBLISHED
    assert s.quiz_total_points(quiz) == 2
    record = AuditRecord.objects.get()
    assert (record.action, record.actor, record.target_id) == (
        AuditAction.QUIZ_PUBLISH,
        stream.teacher,
        str(quiz.pk),
    )


def test_a_settings_change_is_audited_with_what_changed():
    stream = teaching()
    quiz = quiz_of(stream)
    teacher = stream.teacher
    s.quiz_update(quiz=quiz, settings={"title": quiz.title, "duration_minutes": quiz.duration_minutes}, actor=teacher)
    assert not AuditRecord.objects.exists()  # nothing changed, nothing written
    old = quiz.duration_minutes
    s.quiz_update(quiz=quiz, settings={"duration_minutes": old + 15, "proctored": True}, actor=teacher)
    record = AuditRecord.objects.get(action=AuditAction.QUIZ_UPDATE)
    assert record.actor == teacher
    assert record.before == {"duration_minutes": old, "proctored": False}
    assert record.after == {"duration_minutes": old + 15, "proctored": True}


def test_questions_of_a_published_test_with_attempts_are_locked():
    stream = teaching()
    bank = bank_of(stream)
    question = question_in(bank)
    quiz = quiz_of(stream)
    row = s.quiz_question_add(quiz=quiz, question=question)
    s.quiz_publish(quiz=quiz)
    student = StudentRecordFactory()
    now = timezone.now()
    attempt = Attempt.objects.create(quiz=quiz, student=student, number=1, started_at=now, deadline=now)
    AttemptQuestion.objects.create(attempt=attempt, question=question, position=1, points=1)
    for call in (
        lambda: s.quiz_question_add(quiz=quiz, question=question_in(bank, name="New")),
        lambda: s.quiz_item_remove(quiz=quiz, kind="question", item_id=row.pk),
        lambda: s.quiz_pool_add(quiz=quiz, bank=bank, category="", count=1),
    ):
        with pytest.raises(ValidationError, match="already sat it"):
            call()
    with pytest.raises(ValidationError, match="sitting the test now"):
        s.quiz_unpublish(quiz=quiz)
    assert quiz.fixed_questions.count() == 1


def test_move_swaps_neighbours():
    stream = teaching()
    bank = bank_of(stream)
    quiz = quiz_of(stream)
    a, b, c = (s.quiz_question_add(quiz=quiz, question=question_in(bank, name=n)) for n in "abc")
    s.quiz_item_move(quiz=quiz, kind="question", item_id=c.pk, up=True)
    assert [r.question.name for r in quiz.fixed_questions.order_by("position")] == ["a", "c", "b"]
    s.quiz_item_move(quiz=quiz, kind="question", item_id=a.pk, up=True)  # already first: nothing moves
    assert [r.question.name for r in quiz.fixed_questions.order_by("position")] == ["a", "c", "b"]


def test_quiz_update_refuses_a_window_that_closes_before_it_opens():
    quiz = quiz_of(teaching())
    now = timezone.now()
    with pytest.raises(ValidationError, match="close after it opens"):
        s.quiz_update(quiz=quiz, settings={"opens_at": now, "closes_at": now - dt.timedelta(hours=1)})


def test_accommodation_only_for_a_registered_student(teacher):
    stream = teaching(teacher)
    quiz = quiz_of(stream)
    registered = RegistrationFactory(discipline=stream.discipline, term=stream.term).student
    row = s.accommodation_set(quiz=quiz, student=registered, extra_minutes=15, reason="Doc", actor=teacher)
    assert row.extra_minutes == 15
    s.accommodation_set(quiz=quiz, student=registered, extra_minutes=20, actor=teacher)
    assert quiz.accommodations.get().extra_minutes == 20
    with pytest.raises(ValidationError, match="not registered"):
        s.accommodation_set(quiz=quiz, student=StudentRecordFactory(), extra_minutes=5, actor=teacher)
    changes = AuditRecord.objects.filter(action=AuditAction.ACCOMMODATION_SET).order_by("pk")
    assert [(c.before, c.after) for c in changes] == [
        (None, {"extra_minutes": 15, "reason": "Doc"}),
        ({"extra_minutes": 15, "reason": "Doc"}, {"extra_minutes": 20, "reason": ""}),
    ]  # the refused one left no line
    s.accommodation_remove(quiz=quiz, accommodation_id=row.pk, actor=teacher)
    assert not quiz.accommodations.exists()
    removal = AuditRecord.objects.get(action=AuditAction.ACCOMMODATION_REMOVE)
    assert removal.actor == teacher and removal.before == {"extra_minutes": 20, "reason": ""}


def test_quiz_create_only_for_a_taught_term(teacher):
    stream = teaching(teacher)
    quiz = s.quiz_create(actor=teacher, discipline=stream.discipline, term=stream.term, title="T", kind="exam")
    assert quiz.audience == Quiz.Audience.STREAMS and quiz.status == Quiz.Status.DRAFT
    other = teaching()
    with pytest.raises(ValidationError, match="discipline you teach"):
        s.quiz_create(actor=teacher, discipline=other.discipline, term=other.term, title="T")

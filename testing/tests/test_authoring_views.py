"""The authoring pages: who gets them (404 for another teacher's bank or test, and for a student), saving through
them, a refused save that keeps the form filled, and bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from curriculum.tests.factories import RegistrationFactory
from people.tests.factories import StudentFactory, TeacherFactory
from testing.models import Attempt, AttemptQuestion, Question, QuestionType, Quiz

from .authoring_helpers import bank_of, png, question_in, quiz_of, rows, teaching

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(teacher):
    """The pages in English, as the assertions read them."""
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    return teacher


@pytest.fixture
def mine(teacher):
    stream = teaching(teacher)
    bank = bank_of(stream)
    return stream, bank, question_in(bank), quiz_of(stream)


def urls(bank, question, quiz):
    return [
        reverse("testing:bank", args=[bank.pk]),
        reverse("testing:bank_edit", args=[bank.pk]),
        reverse("testing:bank_delete", args=[bank.pk]),
        reverse("testing:question_create", args=[bank.pk, "single"]),
        reverse("testing:question_edit", args=[question.pk]),
        reverse("testing:question_preview", args=[question.pk]),
        reverse("testing:question_delete", args=[question.pk]),
        reverse("testing:quiz_edit", args=[quiz.pk]),
    ]


def test_the_teacher_opens_every_page(client, teacher, mine):
    _stream, bank, question, quiz = mine
    client.force_login(teacher)
    for url in urls(bank, question, quiz) + [reverse("testing:banks"), reverse("testing:manage")]:
        assert client.get(url).status_code == 200, url
        assert client.get(reverse("testing:quiz_create")).status_code == 200


def test_another_teacher_and_a_student_get_404(client, mine):
    _stream, bank, question, quiz = mine
    for user in (TeacherFactory(), StudentFactory()):
        client.force_login(user)
        for url in urls(bank, question, quiz):
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("testing:quiz_publish", args=[quiz.pk])).status_code == 404
    client.force_login(StudentFactory())
    assert client.get(reverse("testing:banks")).status_code == 404
    assert client.get(reverse("testing:manage")).status_code == 404


def test_create_a_bank_and_a_question(client, teacher):
    stream = teaching(teacher)
    client.force_login(teacher)
    response = client.post(reverse("testing:banks"), {"discipline": stream.discipline.pk, "title": "Algebra"})
    bank = stream.discipline.question_banks.get()
    assert response.url == reverse("testing:bank", args=[bank.pk])
    data = {"name": "Pi", "category": "Ch1", "text": "<p>\\( \\pi \\)?</p>", "points": "1"}
    data |= rows([{"value": "3,14", "tolerance": "0,01", "fraction": "100"}])
    response = client.post(reverse("testing:question_create", args=[bank.pk, "numeric"]), data)
    question = Question.objects.get(bank=bank)
    assert response.url == reverse("testing:question_edit", args=[question.pk])
    assert question.type == QuestionType.NUMERIC and question.data["answers"][0]["value"] == 3.14
    page = client.get(reverse("testing:question_preview", args=[question.pk])).content.decode()
    assert 'class="math' in page and "katex" in page


def test_a_refused_question_keeps_the_form_filled(client, teacher, mine):
    _stream, bank, _question, _quiz = mine
    client.force_login(teacher)
    data = {"name": "Typed name", "text": "<p>Typed text</p>", "points": "1"}
    data |= rows([{"text": "Typed option", "fraction": "50"}, {"text": "Other", "fraction": "0"}])
    response = client.post(reverse("testing:question_create", args=[bank.pk, "single"]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Typed name" in page and "Typed option" in page and "Typed text" in page
    assert bank.questions.count() == 1


def test_bank_page_filters_by_category_and_type(client, teacher, mine):
    _stream, bank, _question, _quiz = mine
    question_in(bank, name="Loose", category="")
    question_in(bank, name="Essay", category="Geography", type="essay", data={})
    client.force_login(teacher)
    url = reverse("testing:bank", args=[bank.pk])

    def names(query):
        return sorted(q.name for q in client.get(url, query).context["questions"])

    assert names({}) == ["Capital", "Essay", "Loose"]
    assert names({"category": "-"}) == ["Loose"]
    assert names({"category": "Geography", "type": "essay"}) == ["Essay"]
    assert dict(client.get(url).context["categories"]) == {"": 1, "Geography": 2}


def test_an_unknown_type_is_404(client, teacher, mine):
    client.force_login(teacher)
    assert client.get(reverse("testing:question_create", args=[mine[1].pk, "cloze"])).status_code == 404


def test_upload_an_image_and_serve_it(client, teacher, mine):
    _stream, _bank, question, _quiz = mine
    client.force_login(teacher)
    client.post(reverse("testing:question_file_upload", args=[question.pk]), {"upload": png("fig.png")})
    row = question.files.get()
    page = client.get(reverse("testing:question_edit", args=[question.pk])).content.decode()
    assert "@@PLUGINFILE@@/fig.png" in page
    url = reverse("testing:question_file", args=[question.pk, row.name])
    assert client.get(url).status_code == 200
    client.post(reverse("testing:question_file_remove", args=[question.pk, row.pk]))
    assert not question.files.exists()


def test_question_file_access(client, teacher, mine):
    """The bank's teacher and a student whose attempt drew the question get the image; another student 404."""
    _stream, _bank, question, quiz = mine
    client.force_login(teacher)
    client.post(reverse("testing:question_file_upload", args=[question.pk]), {"upload": png("fig.png")})
    url = reverse("testing:question_file", args=[question.pk, "fig.png"])
    assert client.get(url).status_code == 200
    sitter, other = StudentFactory(), StudentFactory()
    now = timezone.now()
    attempt = Attempt.objects.create(
        quiz=quiz, student=sitter.student_record, number=1, started_at=now, deadline=now + dt.timedelta(hours=1)
    )
    AttemptQuestion.objects.create(attempt=attempt, question=question, position=1, points=1)
    client.force_login(sitter)
    assert client.get(url).status_code == 200
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_build_and_publish_a_test(client, teacher, mine):
    stream, bank, question, _quiz = mine
    question_in(bank, name="Second")
    client.force_login(teacher)
    response = client.post(
        reverse("testing:quiz_create"),
        {"offering": f"{stream.discipline_id}-{stream.term_id}", "title": "Final", "kind": "exam"},
    )
    quiz = Quiz.objects.get(title="Final")
    assert response.url == reverse("testing:quiz_edit", args=[quiz.pk])
    edit = reverse("testing:quiz_questions", args=[quiz.pk])
    client.post(edit, {"action": "question", "question": question.pk})
    response = client.post(edit, {"action": "pool", "bank": bank.pk, "category": "Geography", "count": "5"})
    assert response.status_code == 200 and "holds 2 questions" in response.content.decode()
    client.post(edit, {"action": "pool", "bank": bank.pk, "category": "Geography", "count": "1"})
    assert quiz.fixed_questions.count() == 1 and quiz.pools.count() == 1
    client.post(reverse("testing:quiz_publish", args=[quiz.pk]))
    quiz.refresh_from_db()
    assert quiz.status == Quiz.Status.DRAFT  # no window yet
    settings = _settings(quiz, stream)
    response = client.post(reverse("testing:quiz_edit", args=[quiz.pk]), settings)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("testing:quiz_publish", args=[quiz.pk]))
    quiz.refresh_from_db()
    assert quiz.status == Quiz.Status.PUBLISHED and list(quiz.streams.all()) == [stream]


def _settings(quiz, stream, **changes):
    opens = timezone.localtime() + dt.timedelta(days=1)
    return {
        "title": quiz.title,
        "kind": "exam",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "attempts_allowed": "2",
        "grading": "highest",
        "navigation": "free",
        "shuffle_questions": "on",
        "pass_percent": "50",
        "show_percent": "on",
        "show_points": "on",
        "show_results": "attempt",
        "streams": [stream.pk],
    } | changes


def test_refused_settings_keep_the_form_filled(client, teacher, mine):
    stream, _bank, _question, quiz = mine
    client.force_login(teacher)
    data = _settings(quiz, stream, title="Typed title", closes_at="2020-01-01T10:00")
    response = client.post(reverse("testing:quiz_edit", args=[quiz.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Typed title" in page and "close after it opens" in page
    quiz.refresh_from_db()
    assert quiz.title == "Midterm"


def test_streams_are_limited_to_the_teachers_own(client, teacher, mine):
    stream, _bank, _question, quiz = mine
    foreign = teaching(discipline=stream.discipline, term=stream.term)
    client.force_login(teacher)
    response = client.post(reverse("testing:quiz_edit", args=[quiz.pk]), _settings(quiz, stream, streams=[foreign.pk]))
    assert response.status_code == 200 and not quiz.streams.exists()


def test_a_colleagues_stream_stays_when_the_teacher_saves(client, teacher, mine):
    stream, _bank, _question, quiz = mine
    colleague = teaching(discipline=stream.discipline, term=stream.term)
    quiz.streams.set([stream, colleague])
    client.force_login(teacher)
    response = client.post(reverse("testing:quiz_edit", args=[quiz.pk]), _settings(quiz, stream, streams=[]))
    assert response.status_code == 302
    assert list(quiz.streams.all()) == [colleague]


def test_extra_time(client, teacher, mine):
    stream, _bank, _question, quiz = mine
    record = RegistrationFactory(discipline=stream.discipline, term=stream.term).student
    client.force_login(teacher)
    url = reverse("testing:quiz_accommodations", args=[quiz.pk])
    client.post(url, {"student": record.pk, "extra_minutes": "30", "reason": "Certificate"})
    row = quiz.accommodations.get()
    assert row.extra_minutes == 30 and row.created_by == teacher
    client.post(url, {"action": "remove", "item": row.pk})
    assert not quiz.accommodations.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_bank_page_queries_do_not_grow(client, teacher, mine, django_assert_max_num_queries):
    _stream, bank, _question, _quiz = mine
    client.force_login(teacher)
    url = reverse("testing:bank", args=[bank.pk])
    few = _queries(client, url)
    for n in range(40):
        question_in(bank, name=f"Q{n}", category=f"Ch{n % 7}")
    assert _queries(client, url) == few
    with django_assert_max_num_queries(14):
        client.get(url + "?category=Ch1&type=single")


def test_manage_list_queries_do_not_grow(client, teacher, mine):
    stream = mine[0]
    client.force_login(teacher)
    url = reverse("testing:manage")
    few = _queries(client, url)
    for n in range(30):
        quiz_of(stream, title=f"T{n}")
    assert _queries(client, url) == few


def test_builder_queries_do_not_grow(client, teacher, mine):
    stream, bank, _question, quiz = mine
    from testing.services.authoring import quiz_pool_add, quiz_question_add

    client.force_login(teacher)
    url = reverse("testing:quiz_edit", args=[quiz.pk])
    quiz_question_add(quiz=quiz, question=question_in(bank, name="First"))
    quiz_pool_add(quiz=quiz, bank=bank, category="", count=1, points=None)
    few = _queries(client, url)
    for n in range(15):
        quiz_question_add(quiz=quiz, question=question_in(bank, name=f"Q{n}"))
        RegistrationFactory(discipline=stream.discipline, term=stream.term)
    assert _queries(client, url) == few


def test_a_fake_image_is_refused_with_a_message(client, teacher, mine):
    from django.core.files.uploadedfile import SimpleUploadedFile

    question = mine[2]
    client.force_login(teacher)
    fake = SimpleUploadedFile("x.png", b"<svg onload='alert(1)'></svg>", "image/png")
    response = client.post(reverse("testing:question_file_upload", args=[question.pk]), {"upload": fake}, follow=True)
    assert response.status_code == 200 and not question.files.exists()
    from django.contrib.messages import ERROR

    assert [m.level for m in response.context["messages"]] == [ERROR]


def test_delete_a_bank_used_by_a_test_is_refused(client, teacher, mine):
    from testing.services.authoring import quiz_pool_add

    _stream, bank, _question, quiz = mine
    quiz_pool_add(quiz=quiz, bank=bank, category="", count=1)
    client.force_login(teacher)
    response = client.post(reverse("testing:bank_delete", args=[bank.pk]))
    assert response.url == reverse("testing:bank", args=[bank.pk]) and bank.questions.exists()

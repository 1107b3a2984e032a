"""Proctoring pages: who may open each one, the student's steps through them, the attempt page's calls, the review."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from people.tests.factories import RegistrarFactory, StudentFactory, TeacherFactory
from testing.models import Attempt, ProctorCheck, ProctorEvent, ProctorEventKind, Quiz

from .proctoring_factories import another_student, attempt_started, jpeg_upload, proctored_exam, ready_check

pytestmark = pytest.mark.django_db
K = ProctorEventKind


@pytest.fixture
def exam():
    return proctored_exam()


def _client(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


STUDENT_PAGES = ["testing:proctoring_rules", "testing:proctoring_check"]


@pytest.mark.parametrize("name", STUDENT_PAGES)
def test_the_steps_open_for_the_exams_student_only(client, exam, name):
    url = reverse(name, kwargs={"pk": exam.quiz.pk})
    assert _client(client, exam.student).get(url).status_code == 200
    for outsider in (StudentFactory(), exam.teacher, RegistrarFactory(is_staff=True)):
        assert _client(client, outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    "change",
    [{"proctored": False}, {"status": Quiz.Status.DRAFT}, {"closes_at": "past"}],
    ids=["not-proctored", "draft", "closed"],
)
def test_the_steps_are_404_for_a_test_the_student_cannot_start(client, exam, change):
    if change.get("closes_at") == "past":
        change = {
            "opens_at": timezone.now() - dt.timedelta(hours=3),
            "closes_at": timezone.now() - dt.timedelta(hours=1),
        }
    Quiz.objects.filter(pk=exam.quiz.pk).update(**change)
    response = _client(client, exam.student).get(reverse("testing:proctoring_rules", kwargs={"pk": exam.quiz.pk}))
    assert response.status_code == 404


def test_a_student_walks_the_steps(client, exam):
    c = _client(client, exam.student)
    pk = exam.quiz.pk
    page = c.get(reverse("testing:proctoring_rules", kwargs={"pk": pk}))
    assert b"forbidden" in page.content
    refused = c.post(reverse("testing:proctoring_rules", kwargs={"pk": pk}), {})
    assert refused.status_code == 400
    assert ProctorCheck.objects.get().rules_accepted_at is None
    assert c.post(reverse("testing:proctoring_rules", kwargs={"pk": pk}), {"accept": "on"}).status_code == 302
    check_url = reverse("testing:proctoring_check", kwargs={"pk": pk})
    assert c.post(check_url, {"step": "extension", "extension": ""}).status_code == 302
    assert c.post(check_url, {"step": "devices", "camera": "ok", "microphone": ""}).status_code == 400
    assert c.post(check_url, {"step": "devices", "camera": "ok", "microphone": "ok"}).status_code == 302
    photo_url = reverse("testing:proctoring_photo", kwargs={"pk": pk})
    assert c.post(photo_url, {"photo": jpeg_upload()}).status_code == 302
    check = ProctorCheck.objects.get()
    assert check.rules_accepted_at and check.extension_checked_at and check.devices_checked_at and check.photo
    page = c.get(check_url)
    assert page.context["steps"]["ready"] is True
    assert b'data-testid="proctoring-ready"' in page.content


def test_the_photo_upload_refuses_a_non_image(client, exam):
    c = _client(client, exam.student)
    check = ProctorCheck.objects.create(
        quiz=exam.quiz, student=exam.record, rules_accepted_at=timezone.now(), devices_checked_at=timezone.now()
    )
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = c.post(reverse("testing:proctoring_photo", kwargs={"pk": exam.quiz.pk}), {"photo": fake})
    assert response.status_code == 400
    assert b"not a photo" in response.content
    check.refresh_from_db()
    assert not check.photo and check.photo_taken_at is None


def test_the_photo_is_served_to_its_student_the_teachers_and_the_office(client, exam):
    check = ready_check(exam)
    url = reverse("testing:proctoring_photo_file", kwargs={"pk": check.pk})
    for user in (exam.student, exam.teacher, RegistrarFactory(is_staff=True)):
        response = _client(client, user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
    for outsider in (another_student(exam), TeacherFactory()):
        assert _client(client, outsider).get(url).status_code == 404


def _attempt_urls(attempt):
    return {
        name: reverse(f"testing:proctoring_{name}", kwargs={"pk": attempt.pk})
        for name in ("heartbeat", "event", "resume", "closed")
    }


def test_the_attempt_calls_are_the_students_own(client, exam):
    attempt = attempt_started(exam)
    c = _client(client, another_student(exam))
    for url in _attempt_urls(attempt).values():
        assert c.post(url, {"kind": K.NO_CAMERA, "camera": "on", "screen": "on"}).status_code == 404
    c = _client(client, exam.teacher)
    for url in _attempt_urls(attempt).values():
        assert c.post(url, {"kind": K.NO_CAMERA}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS and attempt.paused_at is None
    assert not ProctorEvent.objects.exists()


def test_losing_the_camera_pauses_and_resuming_moves_the_deadline(client, exam):
    attempt = attempt_started(exam)
    urls = _attempt_urls(attempt)
    c = _client(client, exam.student)
    beat = c.post(urls["heartbeat"], {"camera": "on", "screen": "on"}).json()
    assert beat["paused"] is False and beat["status"] == "progress"
    paused = c.post(urls["event"], {"kind": K.NO_CAMERA}).json()
    assert paused["paused"] is True
    Attempt.objects.filter(pk=attempt.pk).update(paused_at=timezone.now() - dt.timedelta(seconds=30))
    resumed = c.post(urls["resume"]).json()
    assert resumed["paused"] is False and resumed["paused_seconds"] in (30, 31)
    attempt.refresh_from_db()
    assert resumed["deadline"] == attempt.deadline.isoformat()
    window = c.post(urls["event"], {"kind": K.WINDOW_CHANGED, "reason": "blur"}).json()
    assert window["paused"] is False
    assert list(attempt.proctor_events.values_list("kind", flat=True)) == [K.NO_CAMERA, K.RESUMED, K.WINDOW_CHANGED]


def test_the_closing_beacon_ends_the_attempt_and_later_events_are_refused(client, exam):
    attempt = attempt_started(exam)
    urls = _attempt_urls(attempt)
    c = _client(client, exam.student)
    assert c.post(urls["closed"]).json()["status"] == Attempt.Status.FINISHED
    attempt.refresh_from_db()
    assert attempt.close_reason == Attempt.CloseReason.PAGE_CLOSED
    refused = c.post(urls["event"], {"kind": K.NO_CAMERA})
    assert refused.status_code == 409 and refused.json()["status"] == "finished"
    assert c.post(urls["heartbeat"], {"camera": "on", "screen": "on"}).status_code == 409


def test_an_unknown_event_is_refused(client, exam):
    attempt = attempt_started(exam)
    response = _client(client, exam.student).post(_attempt_urls(attempt)["event"], {"kind": "extra_person"})
    assert response.status_code == 409
    assert not ProctorEvent.objects.exists()


@pytest.mark.parametrize("name", ["review", "attempt"])
def test_review_pages_for_the_tests_teachers_and_the_office(client, exam, name):
    attempt = attempt_started(exam)
    pk = exam.quiz.pk if name == "review" else attempt.pk
    url = reverse(f"testing:proctoring_{name}", kwargs={"pk": pk})
    for user in (exam.teacher, RegistrarFactory(is_staff=True)):
        assert _client(client, user).get(url).status_code == 200
    for outsider in (exam.student, TeacherFactory(), proctored_exam().teacher):
        assert _client(client, outsider).get(url).status_code == 404


def test_the_review_lists_flagged_attempts_first_with_counts(client, exam):
    quiet = attempt_started(exam)
    flagged = attempt_started(exam, another_student(exam).student_record)
    Attempt.objects.filter(pk=flagged.pk).update(review=Attempt.Review.FLAGGED)
    ProctorEvent.objects.create(attempt=flagged, kind=K.PHONE, severity=3, at=timezone.now())
    ProctorEvent.objects.create(attempt=flagged, kind=K.PHONE, severity=3, at=timezone.now())
    page = _client(client, exam.teacher).get(reverse("testing:proctoring_review", kwargs={"pk": exam.quiz.pk}))
    rows = page.context["attempts"]
    assert [a.pk for a in rows] == [flagged.pk, quiet.pk]
    assert rows[0].kind_counts == [(str(K.PHONE.label), 2)]


def test_the_review_page_has_a_bounded_number_of_queries(client, exam, django_assert_max_num_queries):
    c = _client(client, exam.teacher)
    url = reverse("testing:proctoring_review", kwargs={"pk": exam.quiz.pk})
    attempt = attempt_started(exam)
    ProctorEvent.objects.create(attempt=attempt, kind=K.VOICE, at=timezone.now())
    with django_assert_max_num_queries(20) as few:
        c.get(url)
    for _ in range(5):
        more = attempt_started(exam, another_student(exam).student_record)
        ProctorEvent.objects.create(attempt=more, kind=K.PHONE, at=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(url)


def test_the_attempt_page_has_a_bounded_number_of_queries(client, exam, django_assert_max_num_queries):
    c = _client(client, exam.teacher)
    attempt = attempt_started(exam)
    url = reverse("testing:proctoring_attempt", kwargs={"pk": attempt.pk})
    with django_assert_max_num_queries(20) as few:
        c.get(url)
    for kind in (K.PHONE, K.VOICE, K.GAZE_AWAY, K.WINDOW_CHANGED):
        ProctorEvent.objects.create(attempt=attempt, kind=kind, at=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(url)


def test_annul_from_the_page_needs_a_reason(client, exam):
    attempt = attempt_started(exam)
    c = _client(client, exam.teacher)
    url = reverse("testing:proctoring_attempt", kwargs={"pk": attempt.pk})
    refused = c.post(url, {"decision": "annulled", "reason": ""})
    assert refused.status_code == 400 and b"Say why" in refused.content
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert c.post(url, {"decision": "annulled", "reason": "Phone in use"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.ANNULLED and attempt.review_reason == "Phone in use"
    # another teacher cannot decide
    other = _client(client, TeacherFactory())
    assert other.post(url, {"decision": "cleared"}).status_code == 404


def test_the_start_card_shows_the_steps(rf, exam):
    from django.template.loader import render_to_string

    ready_check(exam)
    request = rf.get("/")
    request.user = exam.student
    html = render_to_string("testing/proctoring/_start.html", {"quiz": exam.quiz, "request": request})
    assert "proctoring-start-card" in html and "All checks are done" in html


@pytest.mark.parametrize("name", STUDENT_PAGES)
def test_the_steps_pages_have_a_bounded_number_of_queries(client, exam, name, django_assert_max_num_queries):
    c = _client(client, exam.student)
    url = reverse(name, kwargs={"pk": exam.quiz.pk})
    c.get(url)  # the check is made on the first visit
    with django_assert_max_num_queries(20) as few:
        c.get(url)
    for _ in range(5):
        another_student(exam)
        attempt_started(exam, another_student(exam).student_record)
    ready_check(exam)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(url)

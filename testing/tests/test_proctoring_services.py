"""Proctoring services: the steps, pause and resume on the server's clock, events, flagging, the proctor's review."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditAction, AuditRecord
from notifications.models import Notification
from people.tests.factories import TeacherFactory
from testing.models import Attempt, ProctorCheck, ProctorEvent, ProctorEventKind
from testing.services import proctoring as services

from .proctoring_factories import attempt_started, jpeg_upload, proctored_exam

pytestmark = pytest.mark.django_db
K = ProctorEventKind


@pytest.fixture
def exam():
    return proctored_exam()


def test_one_open_check_per_upcoming_attempt(exam):
    first = services.check_get_or_create(quiz=exam.quiz, student=exam.record)
    assert services.check_get_or_create(quiz=exam.quiz, student=exam.record) == first
    attempt_started(exam, check=first)
    second = services.check_get_or_create(quiz=exam.quiz, student=exam.record)
    assert second != first and second.attempt_id is None


def test_steps_in_order_and_ready_without_an_extension(exam, settings):
    check = services.check_get_or_create(quiz=exam.quiz, student=exam.record)
    with pytest.raises(ValidationError):
        services.check_devices_ok(check=check, camera=True, microphone=True)  # rules first
    with pytest.raises(ValidationError):
        services.check_accept_rules(check=check, accepted=False)
    services.check_accept_rules(check=check, accepted=True)
    services.check_extension(check=check, extension="")
    with pytest.raises(ValidationError):
        services.check_devices_ok(check=check, camera=True, microphone=False)
    check.refresh_from_db()
    assert check.devices_checked_at is None
    services.check_devices_ok(check=check, camera=True, microphone=True)
    services.check_photo_store(check=check, upload=jpeg_upload())
    check.refresh_from_db()
    assert check.photo and check.photo_taken_at
    assert services.check_steps(check)["ready"] is True
    settings.TESTING_PROCTORING_REQUIRE_EXTENSION = True
    assert services.check_steps(check)["ready"] is False
    with pytest.raises(ValidationError):
        services.check_extension(check=check, extension="")
    services.check_extension(check=check, extension="ExamVendor 2.1")
    check.refresh_from_db()
    assert services.check_steps(check)["ready"] is True and check.extension == "ExamVendor 2.1"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg"),
        SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, content_type="image/jpeg"),
        SimpleUploadedFile("photo.jpg", b"", content_type="image/jpeg"),
    ],
    ids=["markup", "truncated-jpeg", "empty"],
)
def test_the_photo_must_be_a_real_image(exam, upload):
    check = services.check_get_or_create(quiz=exam.quiz, student=exam.record)
    services.check_accept_rules(check=check, accepted=True)
    services.check_devices_ok(check=check, camera=True, microphone=True)
    with pytest.raises(ValidationError):
        services.check_photo_store(check=check, upload=upload)
    check.refresh_from_db()
    assert not check.photo and check.photo_taken_at is None


def test_the_photo_has_a_size_cap(exam, settings):
    settings.TESTING_PROCTORING_PHOTO_MAX_BYTES = 100
    check = services.check_get_or_create(quiz=exam.quiz, student=exam.record)
    services.check_accept_rules(check=check, accepted=True)
    services.check_devices_ok(check=check, camera=True, microphone=True)
    with pytest.raises(ValidationError, match="too large"):
        services.check_photo_store(check=check, upload=jpeg_upload())


def test_a_check_used_by_an_attempt_is_closed(exam):
    attempt = attempt_started(exam)
    with pytest.raises(ValidationError):
        services.check_accept_rules(check=attempt.proctor_check, accepted=True)


def test_pause_and_resume_move_the_deadline_by_the_paused_time(exam):
    attempt = attempt_started(exam)
    deadline = attempt.deadline
    services.attempt_pause(attempt=attempt, kind=K.NO_CAMERA)
    attempt.refresh_from_db()
    assert attempt.paused_at is not None
    # the pause began 95 seconds ago
    Attempt.objects.filter(pk=attempt.pk).update(paused_at=timezone.now() - dt.timedelta(seconds=95))
    services.attempt_resume(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.paused_at is None
    assert attempt.paused_seconds in (95, 96)
    assert attempt.deadline - deadline == dt.timedelta(seconds=attempt.paused_seconds)
    kinds = list(attempt.proctor_events.values_list("kind", flat=True))
    assert kinds == [K.NO_CAMERA, K.RESUMED]


def test_a_second_loss_while_paused_keeps_the_first_pause(exam):
    attempt = attempt_started(exam)
    services.attempt_pause(attempt=attempt, kind=K.NO_CAMERA)
    started = Attempt.objects.get(pk=attempt.pk).paused_at
    services.attempt_pause(attempt=attempt, kind=K.DESKTOP_NOT_SHARED)
    assert Attempt.objects.get(pk=attempt.pk).paused_at == started
    assert attempt.proctor_events.count() == 2


def test_a_pause_past_the_limit_cannot_be_resumed(exam, settings):
    attempt = attempt_started(exam)
    services.attempt_pause(attempt=attempt, kind=K.NO_CAMERA)
    Attempt.objects.filter(pk=attempt.pk).update(
        paused_at=timezone.now() - dt.timedelta(minutes=settings.TESTING_PAUSE_MAX_MINUTES + 1)
    )
    deadline = Attempt.objects.get(pk=attempt.pk).deadline
    with pytest.raises(ValidationError):
        services.attempt_resume(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.deadline == deadline and attempt.paused_at is not None


def test_resume_without_a_pause_changes_nothing(exam):
    attempt = attempt_started(exam)
    deadline = attempt.deadline
    services.attempt_resume(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.deadline == deadline and attempt.paused_seconds == 0
    assert not attempt.proctor_events.exists()


def test_heartbeat_marks_the_page_alive_and_pauses_without_the_screen(exam):
    attempt = attempt_started(exam)
    services.attempt_heartbeat(attempt=attempt, camera=True, screen=True)
    attempt.refresh_from_db()
    assert attempt.last_seen_at is not None and attempt.paused_at is None
    services.attempt_heartbeat(attempt=attempt, camera=True, screen=False)
    attempt.refresh_from_db()
    assert attempt.paused_at is not None
    assert attempt.proctor_events.get().kind == K.DESKTOP_NOT_SHARED


def test_events_are_idempotent_by_source_and_external_id(exam):
    attempt = attempt_started(exam)
    first = services.event_record(attempt=attempt, kind=K.VOICE, source="examus", external_id="ev-1")
    again = services.event_record(attempt=attempt, kind=K.VOICE, source="examus", external_id="ev-1")
    other_source = services.event_record(attempt=attempt, kind=K.VOICE, source="other", external_id="ev-1")
    assert first is not None and again is None and other_source is not None
    assert ProctorEvent.objects.filter(attempt=attempt).count() == 2


def test_an_unknown_kind_is_refused(exam):
    attempt = attempt_started(exam)
    with pytest.raises(ValidationError):
        services.event_record(attempt=attempt, kind="coffee", source="browser")
    with pytest.raises(ValidationError):
        services.browser_event_record(attempt=attempt, kind=K.EXTRA_PERSON)  # only a vendor sees that
    assert not ProctorEvent.objects.exists()


def test_events_above_the_threshold_flag_the_attempt(exam, settings):
    settings.TESTING_PROCTORING_FLAG_SEVERITY = 3
    attempt = attempt_started(exam)
    services.browser_event_record(attempt=attempt, kind=K.WINDOW_CHANGED)
    services.browser_event_record(attempt=attempt, kind=K.WINDOW_CHANGED)
    attempt.refresh_from_db()
    assert attempt.review == Attempt.Review.NONE and attempt.paused_at is None
    services.browser_event_record(attempt=attempt, kind=K.WINDOW_CHANGED)
    attempt.refresh_from_db()
    assert attempt.review == Attempt.Review.FLAGGED


def test_browser_events_are_refused_once_the_attempt_is_over(exam):
    attempt = attempt_started(exam)
    services.attempt_close_page(attempt=attempt)
    with pytest.raises(ValidationError):
        services.browser_event_record(attempt=attempt, kind=K.NO_CAMERA)
    with pytest.raises(ValidationError):
        services.attempt_heartbeat(attempt=attempt, camera=True, screen=True)


def test_closing_the_page_ends_the_attempt(exam):
    attempt = attempt_started(exam)
    services.attempt_pause(attempt=attempt, kind=K.NO_CAMERA)
    services.attempt_close_page(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED
    assert attempt.close_reason == Attempt.CloseReason.PAGE_CLOSED
    assert attempt.finished_at is not None and attempt.paused_at is None
    assert attempt.proctor_events.filter(kind=K.PAGE_CLOSED).count() == 1
    services.attempt_close_page(attempt=attempt)  # a second beacon changes nothing
    assert attempt.proctor_events.filter(kind=K.PAGE_CLOSED).count() == 1


def test_annulling_needs_a_reason(exam):
    attempt = attempt_started(exam)
    with pytest.raises(ValidationError):
        services.attempt_review(attempt=attempt, actor=exam.teacher, decision="annulled", reason="   ")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS and attempt.review == ""
    assert not AuditRecord.objects.exists()


def test_annul_sets_every_mark_audits_and_tells_the_student(exam):
    attempt = attempt_started(exam)
    services.attempt_close_page(attempt=attempt)  # finished as any other finish: the result is told
    told = list(Notification.objects.values_list("pk", flat=True))
    services.attempt_review(attempt=attempt, actor=exam.teacher, decision="annulled", reason="A second person")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.ANNULLED
    assert attempt.close_reason == Attempt.CloseReason.ANNULLED
    assert attempt.review == Attempt.Review.ANNULLED
    assert attempt.review_reason == "A second person"
    assert attempt.reviewed_by == exam.teacher and attempt.reviewed_at is not None
    record = AuditRecord.objects.get(action=AuditAction.PROCTORING_ANNUL)
    assert record.before["status"] == "finished" and record.after["status"] == "annulled"
    note = Notification.objects.exclude(pk__in=told).get(recipient=exam.student)
    assert "annulled" in note.title and "A second person" in note.body
    with pytest.raises(ValidationError):
        services.attempt_review(attempt=attempt, actor=exam.teacher, decision="cleared")


def test_clearing_keeps_the_result(exam):
    attempt = attempt_started(exam)
    services.attempt_close_page(attempt=attempt)
    told = Notification.objects.count()
    services.attempt_review(attempt=attempt, actor=TeacherFactory(), decision="cleared")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED and attempt.review == Attempt.Review.CLEARED
    assert AuditRecord.objects.filter(action=AuditAction.PROCTORING_CLEAR).count() == 1
    assert Notification.objects.count() == told  # nothing more to tell


def test_unlinked_checks_stay_per_student(exam):
    services.check_get_or_create(quiz=exam.quiz, student=exam.record)
    assert ProctorCheck.objects.filter(quiz=exam.quiz, student=exam.record).count() == 1

"""Studying a course (SPEC §2.7.2–2.7.4): lessons marked done, the course's tests started through the testing
engine, and completion with its certificate.

Progress = (lessons done + required tests passed) / (lessons + required tests) (courses.selectors.Progress). A test
is passed by a finished, not annulled attempt whose percent reaches the test's pass mark. When everything counts as
done, the enrolment completes and its certificate of completion is issued (once, with a random verification code).
Completion is checked when a lesson is marked done and whenever the learner opens the course (a test passed
meanwhile in the testing module completes it there).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify
from testing.models import Quiz
from testing.services.attempts import attempt_start

from ..models import CompletionCertificate, CourseTest, Enrolment, Lesson, LessonProgress
from ..selectors import progress_of
from .enrolment import NOTIFICATION_KIND


def _require_studying(enrolment: Enrolment) -> None:
    if enrolment.status not in Enrolment.OPEN:
        raise ValidationError(_("You are not enrolled in this course."), code="not_enrolled")


@transaction.atomic
def lesson_complete(*, enrolment: Enrolment, lesson: Lesson, site_root: str = "") -> Enrolment:
    """Mark a lesson of the enrolment's course done (again: nothing changes), then check completion."""
    _require_studying(enrolment)
    if lesson.section.course_id != enrolment.course_id:
        raise ValidationError(_("This lesson is not part of your course."), code="other_course")
    try:
        with transaction.atomic():
            LessonProgress.objects.get_or_create(
                enrolment=enrolment, lesson=lesson, defaults={"completed_at": timezone.now()}
            )
    except IntegrityError:
        pass  # marked meanwhile in another tab
    return enrolment_completion_check(enrolment=enrolment, site_root=site_root)


@transaction.atomic
def enrolment_completion_check(*, enrolment: Enrolment, site_root: str = "") -> Enrolment:
    """Complete an active enrolment whose lessons and required tests are all done, and issue its certificate.
    Safe to run any number of times: a completed enrolment keeps its first date and certificate."""
    if enrolment.status != Enrolment.Status.ACTIVE:
        return enrolment
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("course", "student__user").get(pk=enrolment.pk)
    )
    if enrolment.status != Enrolment.Status.ACTIVE or not progress_of(enrolment).is_complete:
        return enrolment
    enrolment.status, enrolment.completed_at = Enrolment.Status.COMPLETED, timezone.now()
    enrolment.save(update_fields=["status", "completed_at", "updated_at"])
    CompletionCertificate.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "holder_name": enrolment.student.user.get_full_name() or enrolment.student.user.email,
            "course_title": str(enrolment.course.title)[:200],
            "site_root": site_root[:255],
        },
    )
    if enrolment.notify:
        notify(
            recipient=enrolment.student.user,
            kind=NOTIFICATION_KIND,
            title=gettext_lazy("You have completed the course «{course}»"),
            body=gettext_lazy("Your certificate of completion is ready to download."),
            params={"course": enrolment.course},
            url=reverse("courses:learn", args=[enrolment.course_id]),
        )
    return enrolment


def course_test_start(*, course_test: CourseTest, enrolment: Enrolment, now=None):
    """Start an attempt at a course's test for an enrolled learner: the course checks the enrolment, the testing
    engine (`testing.services.attempts.attempt_start`) everything else the author set (window, attempts allowed,
    duration), refusing with its own message."""
    _require_studying(enrolment)
    if course_test.course_id != enrolment.course_id:
        raise ValidationError(_("This test is not part of your course."), code="other_course")
    quiz = course_test.quiz
    if quiz.audience != Quiz.Audience.COURSE or quiz.status != Quiz.Status.PUBLISHED:
        raise ValidationError(_("This test is not open yet."), code="unpublished")
    return attempt_start(quiz=quiz, student=enrolment.student, now=now)

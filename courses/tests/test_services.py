from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditAction, AuditRecord
from courses.models import CompletionCertificate, Enrolment, Favourite, LessonProgress
from courses.selectors import progress_of
from courses.services.enrolment import enrolment_approve, enrolment_create, enrolment_reject, favourite_toggle
from courses.services.learning import enrolment_completion_check, lesson_complete
from finance.models import Transaction
from finance.selectors import finance_summary
from notifications.models import Notification
from people.tests.factories import RegistrarFactory, StudentRecordFactory, TeacherFactory

from .factories import CourseFactory, course_quiz, course_with_lessons, finished_attempt, fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return StudentRecordFactory()


def test_a_free_course_opens_at_once_and_the_student_is_told(record):
    course = CourseFactory()
    enrolment = enrolment_create(course=course, student=record, notify_me=False, actor=record.user)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.notify is False
    assert enrolment.paid_transaction is None
    assert Notification.objects.filter(recipient=record.user).count() == 1


def test_a_paid_course_is_paid_from_the_balance_once(record):
    course = CourseFactory(price=D("5000.00"))
    fund(record, "12000")
    enrolment = enrolment_create(course=course, student=record, actor=record.user)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.paid_transaction.reference == f"course:{course.pk}"
    assert finance_summary(record).balance == D("7000.00")
    with pytest.raises(ValidationError, match="already enrolled"):
        enrolment_create(course=course, student=record, actor=record.user)
    assert finance_summary(record).balance == D("7000.00")
    assert Transaction.objects.filter(kind=Transaction.Kind.SERVICE_PAYMENT, student=record).count() == 1


def test_a_short_balance_refuses_and_changes_nothing(record):
    course = CourseFactory(price=D("5000.00"))
    fund(record, "1000")
    with pytest.raises(ValidationError, match="top up 4"):
        enrolment_create(course=course, student=record, actor=record.user)
    assert not Enrolment.objects.exists()
    assert finance_summary(record).balance == D("1000.00")
    assert not Transaction.objects.filter(kind=Transaction.Kind.SERVICE_PAYMENT).exists()


def test_an_unpublished_course_refuses(record):
    with pytest.raises(ValidationError):
        enrolment_create(course=CourseFactory(is_published=False), student=record, actor=record.user)
    assert not Enrolment.objects.exists()


def test_moderation_waits_then_the_author_approves_and_the_price_is_taken_then(record):
    course = CourseFactory(price=D("3000.00"), needs_moderation=True)
    fund(record, "5000")
    enrolment = enrolment_create(course=course, student=record, actor=record.user)
    assert enrolment.status == Enrolment.Status.PENDING
    assert finance_summary(record).balance == D("5000.00")
    with pytest.raises(ValidationError, match="waiting"):
        enrolment_create(course=course, student=record, actor=record.user)
    with pytest.raises(PermissionDenied):
        enrolment_approve(enrolment=enrolment, actor=TeacherFactory())
    enrolment = enrolment_approve(enrolment=enrolment, actor=course.author)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.decided_by == course.author
    assert finance_summary(record).balance == D("2000.00")
    audit = AuditRecord.objects.get(action=AuditAction.COURSE_ENROLMENT_APPROVE)
    assert audit.actor == course.author and audit.after["paid_transaction"] == enrolment.paid_transaction_id
    with pytest.raises(ValidationError, match="already decided"):
        enrolment_approve(enrolment=enrolment, actor=course.author)
    assert finance_summary(record).balance == D("2000.00")


def test_approval_is_refused_when_the_balance_no_longer_covers_the_price(record):
    course = CourseFactory(price=D("3000.00"), needs_moderation=True)
    fund(record, "3000")
    enrolment = enrolment_create(course=course, student=record, actor=record.user)
    enrolment_create(course=CourseFactory(price=D("2000.00")), student=record, actor=record.user)  # spent meanwhile
    with pytest.raises(ValidationError, match="does not cover"):
        enrolment_approve(enrolment=enrolment, actor=RegistrarFactory(is_staff=True))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING
    assert enrolment.paid_transaction is None
    assert finance_summary(record).balance == D("1000.00")


def test_applying_for_a_paid_moderated_course_needs_the_balance(record):
    course = CourseFactory(price=D("3000.00"), needs_moderation=True)
    with pytest.raises(ValidationError, match="top up"):
        enrolment_create(course=course, student=record, actor=record.user)
    assert not Enrolment.objects.exists()


def test_rejection_needs_a_reason_and_the_student_may_apply_again(record):
    course = CourseFactory(needs_moderation=True)
    enrolment = enrolment_create(course=course, student=record, actor=record.user)
    with pytest.raises(ValidationError, match="Say why"):
        enrolment_reject(enrolment=enrolment, actor=course.author, reason="  ")
    assert not AuditRecord.objects.exists()
    enrolment = enrolment_reject(enrolment=enrolment, actor=course.author, reason="Prerequisites missing")
    assert enrolment.status == Enrolment.Status.REJECTED
    audit = AuditRecord.objects.get(action=AuditAction.COURSE_ENROLMENT_REJECT)
    assert audit.actor == course.author and audit.after["reason"] == "Prerequisites missing"
    note = Notification.objects.filter(recipient=record.user).first()
    assert "Prerequisites missing" in note.body
    again = enrolment_create(course=course, student=record, actor=record.user)
    assert again.pk == enrolment.pk
    assert again.status == Enrolment.Status.PENDING
    assert again.reason == ""


def test_progress_counts_lessons_and_required_tests(record):
    course, lessons = course_with_lessons(lessons=3)
    test = course_quiz(course, pass_percent=60)
    course_quiz(course, required=False)
    enrolment = enrolment_create(course=course, student=record, actor=record.user)
    assert progress_of(enrolment).percent == 0
    lesson_complete(enrolment=enrolment, lesson=lessons[0])
    lesson_complete(enrolment=enrolment, lesson=lessons[0])  # twice: counted once
    progress = progress_of(enrolment)
    assert (progress.done, progress.total, progress.percent) == (1, 4, 25)
    finished_attempt(test, record, percent=50)  # below the pass mark
    finished_attempt(test, record, percent=90, status="annulled")  # annulled: not passed
    assert progress_of(enrolment).tests_passed == 0
    finished_attempt(test, record, percent=60)
    assert progress_of(enrolment).tests_passed == 1


def test_a_lesson_of_another_course_is_refused(record):
    course, _lessons = course_with_lessons(lessons=1)
    _other, other_lessons = course_with_lessons(lessons=1)
    enrolment = enrolment_create(course=course, student=record, actor=record.user)
    with pytest.raises(ValidationError):
        lesson_complete(enrolment=enrolment, lesson=other_lessons[0])
    assert not LessonProgress.objects.exists()


def test_completion_issues_one_certificate_with_a_code(record):
    course, lessons = course_with_lessons(lessons=2)
    test = course_quiz(course)
    enrolment = enrolment_create(course=course, student=record, actor=record.user)
    for lesson in lessons:
        enrolment = lesson_complete(enrolment=enrolment, lesson=lesson)
    assert enrolment.status == Enrolment.Status.ACTIVE  # the required test is not passed yet
    finished_attempt(test, record, percent=80)
    enrolment = enrolment_completion_check(enrolment=enrolment, site_root="https://u.example.kz")
    assert enrolment.status == Enrolment.Status.COMPLETED
    certificate = CompletionCertificate.objects.get(enrolment=enrolment)
    assert len(certificate.code) == 12
    assert certificate.holder_name == record.user.get_full_name()
    enrolment_completion_check(enrolment=enrolment)
    assert CompletionCertificate.objects.count() == 1
    assert enrolment.completed_at is not None


def test_favourite_toggles(record):
    course = CourseFactory()
    assert favourite_toggle(course=course, student=record) is True
    assert Favourite.objects.filter(course=course, student=record).exists()
    assert favourite_toggle(course=course, student=record) is False
    assert not Favourite.objects.exists()

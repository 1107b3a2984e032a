"""Who gets what from every URL of the portal: each pattern, as each demo role and anonymously (issue 9, part 7).

The table ACCESS below holds the answer each person must get from each URL pattern, with path parameters filled
from the demo university (seed_demo) and a few objects added to it: the demo student's own IUP, stream, lesson,
exam, waitlist place, notification, official transcript and calendar feed. A new URL pattern that is not in the
table fails `test_every_url_pattern_has_an_access_rule`: add its access rule here, with the reason if it is not
obvious. Admin internals are left to Django; a few representative admin URLs are in ADMIN_ACCESS.

Answers: a status code, LOGIN (a redirect to the sign-in page, with ?next=), ADMIN_LOGIN (to the admin's), or
REDIRECT (any other redirect). Each request runs in a savepoint that is rolled back, so a POST changes nothing
for the next one; every page answered 200 in HTML is also checked for inline code the CSP would block.
"""

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image

from academic_calendar.models import Holiday
from assignments.models import Assignment, AssignmentFile, Submission, SubmissionFile
from curriculum.models import Registration
from curriculum.services.iup import iup_plan_get_or_create
from curriculum.services.transcript import transcript_issue_official
from disciplines.models import Lesson
from documents.models import IssuedDocument
from journal.models import MedicalCertificate
from messaging.models import Conversation
from messaging.services import message_send
from notifications.tests.factories import NotificationFactory
from people.models import User
from people.services.profile import profile_photo_set
from people.tests.factories import UserFactory
from schedule.models import Exam, Slot, Stream, StreamChoice
from schedule.selectors.timetable import slot_dates
from schedule.services.feed import calendar_feed_get_or_create
from schedule.tests.factories import WaitlistEntryFactory
from tests.test_csp import inline_code

pytestmark = pytest.mark.django_db

LOGIN, ADMIN_LOGIN, REDIRECT = "login", "admin login", "redirect"
ROLES = ("anonymous", "applicant", "student", "teacher", "advisor", "registrar", "admin")
DEMO_LOGINS = {
    "student": "student@demo.kz",
    "teacher": "teacher@demo.kz",
    "advisor": "advisor@demo.kz",
    "registrar": "registrar@demo.kz",
    "admin": "admin@demo.kz",
}
SIGNED_IN = ROLES[1:]


def rule(default, **answers) -> dict[str, object]:
    """The answer of each role: `default`, except those named (anonymous defaults to LOGIN unless named)."""
    table = {role: default for role in ROLES} | {"anonymous": LOGIN}
    return table | answers


def public(code=200, **answers):
    return rule(code, anonymous=answers.pop("anonymous", code), **answers)


@dataclass
class World:
    """The objects the path parameters name, all the demo student's (so others' answers say "not yours")."""

    users: dict
    plan: object
    stream: object
    slot: object
    lesson_day: dt.date
    exam: object
    waitlist: object
    notification: object
    document: object
    feed_token: str
    discipline_code: str
    taught_stream: object
    lesson: object = None  # a lesson of a syllabus the demo teacher teaches (and the demo student takes)
    assignment: object = None  # the demo student's, not started, in a stream of the demo teacher (demo/assignments.py)
    material: object = None
    answer_file: object = None  # of the demo student's sent work
    chat: object = None  # the demo student's chat with the demo teacher about their stream (seed_demo)
    attachment: object = None  # a message with a file in it
    certificate: object = None
    issued_certificate: object = None  # the demo student's certificate of study (demo/documents.py)
    certificate_job: object = None  # a group job the demo registrar started, finished with its ZIP


def _certificate_job(users):
    from django.core.files.base import ContentFile

    from documents.models import CertificateJob, DocumentTemplate

    job = CertificateJob.objects.create(
        created_by=users["registrar"],
        template=DocumentTemplate.objects.get(slug="study"),
        language="kk",
        student_ids=[users["student"].student_record.pk],
        total=1,
        done=1,
        status=CertificateJob.Status.DONE,
    )
    job.zip_file.save("certificates.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    return job


@pytest.fixture
def world() -> World:
    call_command("seed_demo", students=40, quiet=True, stdout=io.StringIO())
    users = {role: User.objects.get(email=email) for role, email in DEMO_LOGINS.items()}
    users["applicant"] = UserFactory(email="applicant@demo.kz", is_applicant=True)
    student = users["student"]
    record = student.student_record
    photo = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 200)).save(photo, format="JPEG")
    profile_photo_set(user=student, upload=SimpleUploadedFile("me.jpg", photo.getvalue(), "image/jpeg"))
    latest = Registration.objects.filter(student=record).order_by("-term__start_date").select_related("term").first()
    choice = StreamChoice.objects.filter(student=record).select_related("stream__term").order_by("pk").first()
    stream = choice.stream
    slot = Slot.objects.filter(stream=stream).order_by("pk").first()
    term = stream.term
    holidays = set(Holiday.objects.values_list("date", flat=True))
    day = next(
        slot_dates(slot, term_start=term.start_date, start=term.start_date, end=term.end_date, holidays=holidays)
    )
    other_stream = (
        Stream.objects.filter(term=stream.term, discipline=stream.discipline).exclude(pk=stream.pk).first() or stream
    )
    return World(
        users=users,
        plan=iup_plan_get_or_create(student=record, term=latest.term),
        stream=stream,
        slot=slot,
        lesson_day=day,
        exam=Exam.objects.filter(stream__choices__student=record).order_by("pk").first(),
        waitlist=WaitlistEntryFactory(student=record, stream=other_stream),
        notification=NotificationFactory(recipient=student),
        document=transcript_issue_official(student=record, actor=student),
        feed_token=calendar_feed_get_or_create(user=student).token,
        discipline_code=latest.discipline.code,
        taught_stream=Stream.objects.filter(teacher=users["teacher"]).order_by("pk").first(),
        lesson=Lesson.objects.filter(
            week__syllabus__discipline__streams__teacher=users["teacher"],
            files__isnull=False,
            links__isnull=False,
            week__syllabus__discipline__registrations__student=record,
        )
        .exclude(week__syllabus__discipline__streams__teacher=users["advisor"])
        .select_related("week__syllabus__discipline")
        .order_by("pk")
        .first(),
        assignment=Assignment.objects.filter(stream__teacher=users["teacher"], stream__choices__student=record)
        .exclude(submissions__student=record)
        .filter(deadline__gt=dt.datetime.now(dt.UTC))
        .order_by("pk")
        .first(),
        material=AssignmentFile.objects.filter(assignment__stream__choices__student=record).order_by("pk").first(),
        answer_file=SubmissionFile.objects.filter(
            submission__student=record, submission__status=Submission.Status.SUBMITTED
        )
        .select_related("submission")
        .order_by("pk")
        .first(),
        chat=(chat := _demo_chat(users)),
        attachment=message_send(
            sender=student,
            conversation=chat,
            text="The report",
            upload=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        ),
        certificate=MedicalCertificate.objects.create(
            student=record,
            start_date=dt.date.today(),
            end_date=dt.date.today(),
            file=SimpleUploadedFile("certificate.pdf", b"%PDF-1.4\n%%EOF\n"),
        ),
        issued_certificate=IssuedDocument.objects.filter(
            holder=student, kind=IssuedDocument.Kind.CERTIFICATE, revoked_at__isnull=True
        )
        .order_by("pk")
        .first(),
        certificate_job=_certificate_job(users),
    )


def _demo_chat(users):
    return (
        Conversation.objects.filter(mode=Conversation.Mode.CORRESPONDENCE, stream__isnull=False)
        .filter(memberships__user=users["student"])
        .filter(memberships__user=users["teacher"])
        .select_related("stream")
        .get()
    )


def _self_study_column(w):
    """A self-study column of the teacher's stream (made on first use: the demo has none)."""
    from journal.models import Column, ColumnKind

    stream = w.taught_stream
    column, _created = Column.objects.get_or_create(
        stream=stream,
        kind=ColumnKind.SELF_STUDY,
        title="Access matrix",
        defaults={"discipline_id": stream.discipline_id, "term_id": stream.term_id, "date": stream.term.start_date},
    )
    return column


# The path parameters of each pattern that has any, from the world.
PARAMS = {
    "access:first_access_confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w.users["student"].pk)),
        "token": "set-password",
    },
    "account_confirm_email": lambda w: {"key": "not-a-real-key"},
    "account_reset_password_from_key": lambda w: {"uidb36": "zz", "key": "not-a-real-key"},
    "people:photo": lambda w: {"pk": w.users["student"].pk},
    "notifications:read": lambda w: {"pk": w.notification.pk},
    "study_plan:discipline": lambda w: {"code": w.discipline_code},
    "study_plan:iup_review": lambda w: {"pk": w.plan.pk},
    "study_plan:iup_sign": lambda w: {"pk": w.plan.pk},
    "study_plan:iup_sign_confirm": lambda w: {"pk": w.plan.pk},
    "study_plan:iup_return": lambda w: {"pk": w.plan.pk},
    "study_plan:iup_pdf": lambda w: {"pk": w.plan.pk},
    "study_plan:transcript_official_pdf": lambda w: {"code": w.document.code},
    "schedule:stream_choose": lambda w: {"pk": w.stream.pk},
    "messaging:conversation": lambda w: {"pk": w.chat.pk},
    "messaging:poll": lambda w: {"pk": w.chat.pk},
    "messaging:stream": lambda w: {"pk": w.chat.stream_id},
    "messaging:attachment": lambda w: {"pk": w.attachment.pk},
    "schedule:stream_cancel": lambda w: {"pk": w.stream.pk},
    "schedule:stream_switch": lambda w: {"pk": w.stream.pk},
    "schedule:waitlist_join": lambda w: {"pk": w.stream.pk},
    "schedule:waitlist_leave": lambda w: {"pk": w.waitlist.pk},
    "schedule:waitlist_claim": lambda w: {"pk": w.waitlist.pk},
    "schedule:lesson": lambda w: {"slot_id": w.slot.pk, "day": w.lesson_day.isoformat()},
    "schedule:exam": lambda w: {"pk": w.exam.pk},
    "schedule:roster": lambda w: {"pk": w.taught_stream.pk},
    "schedule:feed_ics": lambda w: {"token": w.feed_token},
    "documents:verify": lambda w: {"code": w.document.code},
    "cabinet:module": lambda w: {"slug": "journal"},
    "disciplines:discipline": lambda w: {"code": w.discipline_code},
    "disciplines:lesson": lambda w: {"code": w.lesson.week.syllabus.discipline.code, "pk": w.lesson.pk},
    "disciplines:lesson_file": lambda w: {"pk": w.lesson.files.first().pk},
    "disciplines:syllabus_edit": lambda w: {"code": w.lesson.week.syllabus.discipline.code},
    "disciplines:week_edit": lambda w: {"code": w.lesson.week.syllabus.discipline.code, "number": 1},
    "disciplines:lesson_create": lambda w: {"code": w.lesson.week.syllabus.discipline.code, "number": 1},
    "disciplines:lesson_edit": lambda w: {"code": w.lesson.week.syllabus.discipline.code, "pk": w.lesson.pk},
    "disciplines:lesson_delete": lambda w: {"code": w.lesson.week.syllabus.discipline.code, "pk": w.lesson.pk},
    "disciplines:material_add": lambda w: {
        "code": w.lesson.week.syllabus.discipline.code,
        "pk": w.lesson.pk,
        "kind": "link",
    },
    "disciplines:material_delete": lambda w: {
        "code": w.lesson.week.syllabus.discipline.code,
        "pk": w.lesson.pk,
        "kind": "link",
        "item": w.lesson.links.first().pk,
    },
    "journal:grid": lambda w: {"pk": w.taught_stream.pk},
    "journal:cell_save": lambda w: {"pk": w.taught_stream.pk},
    "journal:changes": lambda w: {"pk": w.taught_stream.pk},
    "journal:unlock": lambda w: {"pk": w.taught_stream.pk},
    "assignments:detail": lambda w: {"pk": w.assignment.pk},
    "assignments:answer_save": lambda w: {"pk": w.assignment.pk},
    "assignments:answer_file_remove": lambda w: {
        "pk": w.answer_file.submission.assignment_id,
        "file_id": w.answer_file.pk,
    },
    "assignments:message": lambda w: {"pk": w.assignment.pk},
    "assignments:queue": lambda w: {"pk": w.assignment.pk},
    "assignments:work": lambda w: {"pk": w.assignment.pk, "student_id": w.users["student"].student_record.pk},
    "assignments:grade": lambda w: {"pk": w.assignment.pk, "student_id": w.users["student"].student_record.pk},
    "assignments:return": lambda w: {"pk": w.assignment.pk, "student_id": w.users["student"].student_record.pk},
    "assignments:work_message": lambda w: {
        "pk": w.assignment.pk,
        "student_id": w.users["student"].student_record.pk,
    },
    "assignments:material_file": lambda w: {"pk": w.material.pk},
    "assignments:answer_file": lambda w: {"pk": w.answer_file.pk},
    "journal:export": lambda w: {"pk": w.taught_stream.pk},
    "journal:import": lambda w: {"pk": w.taught_stream.pk},
    "journal:column_new": lambda w: {"pk": w.taught_stream.pk},
    "journal:column_edit": lambda w: {"pk": w.taught_stream.pk, "column": _self_study_column(w).pk},
    "journal:column_delete": lambda w: {"pk": w.taught_stream.pk, "column": _self_study_column(w).pk},
    "journal:certificate_file": lambda w: {"pk": w.certificate.pk},
    "journal:certificate_review": lambda w: {"pk": w.certificate.pk},
    "finance:student": lambda w: {"pk": w.users["student"].student_record.pk},
    "finance:student_statement": lambda w: {"pk": w.users["student"].student_record.pk},
    "finance:student_discount": lambda w: {"pk": w.users["student"].student_record.pk},
    "finance:student_reverse": lambda w: {"pk": w.users["student"].student_record.pk},
    "finance:student_refund": lambda w: {"pk": w.users["student"].student_record.pk},
    "finance:student_hold_sync": lambda w: {"pk": w.users["student"].student_record.pk},
    # finance top-ups: the demo student's receipt waiting in the registrar's queue (demo/finance.py)
    "finance:topup_detail": lambda w: {"pk": _demo_receipt(w).pk},
    "finance:topup_receipt": lambda w: {"pk": _demo_receipt(w).pk},
    "finance:receipt": lambda w: {"pk": _demo_receipt(w).pk},
    "finance:receipt_file": lambda w: {"pk": _demo_receipt(w).pk},
    "finance:receipt_confirm": lambda w: {"pk": _demo_receipt(w).pk},
    "finance:receipt_reject": lambda w: {"pk": _demo_receipt(w).pk},
    "documents:file": lambda w: {"code": w.issued_certificate.code},
    "documents:revoke": lambda w: {"code": w.issued_certificate.code},
    "documents:job": lambda w: {"pk": w.certificate_job.pk},
    "documents:job_file": lambda w: {"pk": w.certificate_job.pk},
    "requests:detail": lambda w: {"pk": _demo_request(w).pk},
    "requests:cancel": lambda w: {"pk": _demo_request(w).pk},
    "requests:file": lambda w: {"pk": _demo_request_file(w).pk},
    "requests:review": lambda w: {"pk": _demo_request(w).pk},
    "advising:material_edit": lambda w: {"pk": _advisor_material(w).pk},
    "advising:material_delete": lambda w: {"pk": _advisor_material(w).pk},
    "advising:material_file": lambda w: {"pk": _advisor_material(w).pk},
    # question bank import and export (issue 12, formats part): the bank demo/testing_bank.py imports for the
    # demo teacher from a Moodle XML file
    "testing:bank_import": lambda w: {"pk": _moodle_bank().pk},
    "testing:bank_export": lambda w: {"pk": _moodle_bank().pk, "fmt": "xml"},
    # testing authoring (issue 12 part 1): the demo teacher's bank, question (with an image), test (_authoring)
    "testing:bank": lambda w: {"pk": _authoring(w)["bank"].pk},
    "testing:bank_edit": lambda w: {"pk": _authoring(w)["bank"].pk},
    "testing:bank_delete": lambda w: {"pk": _authoring(w)["bank"].pk},
    "testing:question_create": lambda w: {"pk": _authoring(w)["bank"].pk, "qtype": "single"},
    "testing:question_preview": lambda w: {"pk": _authoring(w)["question"].pk},
    "testing:question_edit": lambda w: {"pk": _authoring(w)["question"].pk},
    "testing:question_delete": lambda w: {"pk": _authoring(w)["question"].pk},
    "testing:question_file": lambda w: {"pk": _authoring(w)["question"].pk, "name": "figure.png"},
    "testing:question_file_upload": lambda w: {"pk": _authoring(w)["question"].pk},
    "testing:question_file_remove": lambda w: {"pk": _authoring(w)["question"].pk, "file_id": _authoring(w)["file"].pk},
    "testing:quiz_edit": lambda w: {"pk": _authoring(w)["quiz"].pk},
    "testing:quiz_questions": lambda w: {"pk": _authoring(w)["quiz"].pk},
    "testing:quiz_accommodations": lambda w: {"pk": _authoring(w)["quiz"].pk},
    "testing:quiz_publish": lambda w: {"pk": _authoring(w)["quiz"].pk},
    "testing:quiz_unpublish": lambda w: {"pk": _authoring(w)["quiz"].pk},
    # proctoring (issue 12, part 3): a proctored exam of the demo student's stream, taught by the demo teacher
    "testing:proctoring_rules": lambda w: {"pk": _proctoring(w).quiz.pk},
    "testing:proctoring_check": lambda w: {"pk": _proctoring(w).quiz.pk},
    "testing:proctoring_photo": lambda w: {"pk": _proctoring(w).quiz.pk},
    "testing:proctoring_photo_file": lambda w: {"pk": _proctoring(w).check.pk},
    "testing:proctoring_heartbeat": lambda w: {"pk": _proctoring(w).attempt.pk},
    "testing:proctoring_event": lambda w: {"pk": _proctoring(w).attempt.pk},
    "testing:proctoring_resume": lambda w: {"pk": _proctoring(w).attempt.pk},
    "testing:proctoring_closed": lambda w: {"pk": _proctoring(w).attempt.pk},
    "testing:proctoring_review": lambda w: {"pk": _proctoring(w).quiz.pk},
    "testing:proctoring_attempt": lambda w: {"pk": _proctoring(w).attempt.pk},
    "testing:proctoring_webhook": lambda w: {"backend": "examus"},
}


def _authoring(w):
    """A bank of the demo student's stream's discipline (taught by the demo teacher), a question with an image that
    an attempt of the demo student drew, and a draft test of that discipline and term (made once per world)."""
    if getattr(w, "_authoring_objects", None) is None:
        from django.utils import timezone

        from testing.models import Attempt, AttemptQuestion, Question, QuestionBank, QuestionFile, Quiz

        stream = w.stream
        bank = QuestionBank.objects.create(discipline=stream.discipline, owner=w.users["teacher"], title="Matrix")
        question = Question.objects.create(bank=bank, type="essay", name="Matrix", text="<p>Why?</p>", data={})
        photo = io.BytesIO()
        Image.new("RGB", (8, 8), (10, 120, 200)).save(photo, format="PNG")
        row = QuestionFile(question=question, token="matrix", name="figure.png", content_type="image/png", size=1)
        row.file.save("matrix", SimpleUploadedFile("figure.png", photo.getvalue()), save=False)
        row.save()
        quiz = Quiz.objects.create(
            author=w.users["teacher"], discipline=stream.discipline, term=stream.term, title="Matrix"
        )
        now = timezone.now()
        attempt = Attempt.objects.create(
            quiz=quiz,
            student=w.users["student"].student_record,
            number=1,
            started_at=now,
            deadline=now,
            status=Attempt.Status.FINISHED,
        )
        AttemptQuestion.objects.create(attempt=attempt, question=question, position=1, points=1)
        w._authoring_objects = {"bank": bank, "question": question, "file": row, "quiz": quiz}
    return w._authoring_objects


def _proctoring(w):
    """A proctored exam of the demo student's stream (its teacher the demo teacher), the student's used check
    with its photo, and their attempt in progress; made once per world."""
    if getattr(w, "_proctoring", None) is None:
        from types import SimpleNamespace

        from django.utils import timezone

        from testing.models import Attempt, ProctorCheck, Quiz

        now = timezone.now()
        stream = w.stream
        quiz = Quiz.objects.create(
            author=w.users["teacher"],
            discipline=stream.discipline,
            term=stream.term,
            title="Access matrix: proctored exam",
            kind=Quiz.Kind.EXAM,
            status=Quiz.Status.PUBLISHED,
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(hours=3),
            proctored=True,
        )
        quiz.streams.add(stream)
        record = w.users["student"].student_record
        attempt = Attempt.objects.create(
            quiz=quiz, student=record, number=1, started_at=now, deadline=now + dt.timedelta(minutes=40)
        )
        photo = io.BytesIO()
        Image.new("RGB", (32, 32), (90, 90, 90)).save(photo, format="JPEG")
        check = ProctorCheck.objects.create(quiz=quiz, student=record, attempt=attempt, rules_accepted_at=now)
        check.photo.save("id.jpg", SimpleUploadedFile("id.jpg", photo.getvalue(), "image/jpeg"))
        w._proctoring = SimpleNamespace(quiz=quiz, attempt=attempt, check=check)
    return w._proctoring


def _demo_receipt(w):
    from finance.models import TopUp

    return TopUp.objects.get(student__user=w.users["student"], provider="receipt", status="awaiting_confirmation")


def _demo_request(w):
    """The demo student's new request (seed_demo: demo/requests.py)."""
    from requests_app.models import Request

    return Request.objects.filter(student__user=w.users["student"], status=Request.Status.NEW).order_by("pk").first()


def _demo_request_file(w):
    from requests_app.models import RequestFile

    req = _demo_request(w)
    attached = RequestFile.objects.filter(request=req).first()
    if attached is None:
        upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")
        attached = RequestFile.objects.create(
            request=req, file=upload, name="scan.pdf", content_type="application/pdf", size=upload.size
        )
    return attached


def _advisor_material(w):
    """The demo advisor's published material with a file, for the demo student's group (demo/advising.py)."""
    from advising.models import AdvisorMaterial

    return (
        AdvisorMaterial.objects.filter(advisor=w.users["advisor"], is_published=True)
        .filter(group=w.users["student"].student_record.group)
        .exclude(file="")
        .order_by("pk")
        .first()
    )


def _moodle_bank():
    from testing.models import QuestionBank

    return QuestionBank.objects.get(title="Imported from Moodle", owner__email="teacher@demo.kz")


GET, POST = "GET", "POST"
SIGNED_IN_200 = rule(200)  # any signed-in person, about themselves
STUDENT_ONLY = rule(404, student=200)  # the student's own pages: 404 for anyone without a student record
STUDENT_ACTS = rule(404, student=REDIRECT)  # a student's POST: done (or refused with a message), then back
IUP_PARTIES = rule(404, student=REDIRECT, advisor=200, registrar=200)  # the plan's student, advisor, registrar
ENTRANCE = public(200, **dict.fromkeys(SIGNED_IN, REDIRECT))  # sign-in, sign-up, first access: not when in
ADMIN_STAFF = rule(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, registrar=200, admin=200)
SUPERUSER_ONLY = rule(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, registrar=403, admin=200)
FINANCE_OFFICE = rule(404, registrar=200, admin=200)  # finance.permissions.can_manage_finance: is_office
FINANCE_OFFICE_FORM = rule(404, registrar=400, admin=400)  # an empty form: refused, the page again
AUTHORING = rule(404, teacher=200)  # testing authoring: the demo teacher teaches the discipline of the bank/test
AUTHORING_ACTS = rule(404, teacher=REDIRECT)

ACCESS: dict[str, tuple[str, dict]] = {
    "healthz": (GET, public()),
    # allauth (templates/account/): the entrance is open, the account pages are for the signed-in
    "account_login": (GET, ENTRANCE),
    "account_signup": (GET, ENTRANCE),
    "account_logout": (POST, public(REDIRECT)),
    "account_inactive": (GET, public()),
    "account_reauthenticate": (GET, SIGNED_IN_200),
    "account_email": (GET, SIGNED_IN_200),
    "account_email_verification_sent": (GET, public()),
    "account_change_password": (GET, SIGNED_IN_200),
    "account_set_password": (GET, rule(REDIRECT)),  # everyone here has a password: to the change form
    "account_reset_password": (GET, public()),
    "account_reset_password_done": (GET, public()),
    "account_reset_password_from_key": (GET, public()),  # a wrong key: the "link is invalid" page
    "account_reset_password_from_key_done": (GET, public()),
    "account_confirm_email": (GET, public()),  # a wrong key: the "link is invalid" page
    "account_confirm_login_code": (GET, public(REDIRECT)),  # sign-in by code is off
    # first access (§1)
    "access:first_access": (GET, ENTRANCE),
    "access:first_access_sent": (GET, public()),
    "access:first_access_confirm": (GET, public()),  # a wrong token: the "link is invalid" page
    # profile and settings (§3): always one's own
    "people:profile": (GET, SIGNED_IN_200),
    "people:settings": (GET, SIGNED_IN_200),
    "people:photo_remove": (POST, rule(REDIRECT)),
    "people:settings_notifications": (GET, SIGNED_IN_200),
    "people:settings_contacts": (GET, SIGNED_IN_200),
    "people:settings_security": (GET, SIGNED_IN_200),
    # the student's photo: the student, the teacher of their stream, their advisor, the office (part 7.5)
    "people:photo": (GET, rule(200, applicant=404)),
    # notifications and messages: one's own
    "notifications:list": (GET, SIGNED_IN_200),
    "notifications:dropdown": (GET, rule(REDIRECT)),  # without htmx: to the list
    "notifications:read": (POST, rule(404, student=REDIRECT)),  # the student's notification
    "notifications:read_all": (POST, rule(REDIRECT)),
    "messaging:index": (GET, SIGNED_IN_200),
    "messaging:dropdown": (GET, rule(REDIRECT)),
    "messaging:unread": (GET, SIGNED_IN_200),  # one's own counter
    "messaging:new": (GET, SIGNED_IN_200),  # the list offers only one's contacts
    # a conversation, its poll, its files: its members only; a discipline chat: the stream's students and teacher
    "messaging:conversation": (GET, rule(404, student=200, teacher=200)),
    "messaging:poll": (GET, rule(404, student=200, teacher=200)),
    "messaging:stream": (GET, rule(404, student=200, teacher=200)),
    "messaging:attachment": (GET, rule(404, student=200, teacher=200)),
    # the study plan (§2.3): a student's own, the catalogue for the university's people
    "study_plan:curriculum": (GET, STUDENT_ONLY),
    "study_plan:discipline": (GET, public(REDIRECT)),  # the old address of the discipline page: to My disciplines
    "study_plan:registration": (GET, STUDENT_ONLY),
    "study_plan:registration_add": (POST, STUDENT_ACTS),
    "study_plan:registration_remove": (POST, STUDENT_ACTS),
    "study_plan:iup": (GET, rule(404, student=200, advisor=REDIRECT, registrar=REDIRECT)),  # staff: to the queue
    "study_plan:iup_queue": (GET, rule(404, advisor=200, registrar=200)),
    "study_plan:iup_bulk_sign": (POST, rule(404, advisor=REDIRECT, registrar=REDIRECT)),
    "study_plan:iup_review": (GET, IUP_PARTIES),  # the student is sent to their own IUP tab
    "study_plan:iup_sign": (POST, rule(404, student=REDIRECT, advisor=REDIRECT, registrar=REDIRECT)),
    # the question asked before signing: the student whose turn it is; the others are sent back to the plan
    "study_plan:iup_sign_confirm": (GET, rule(404, student=200, advisor=REDIRECT, registrar=REDIRECT)),
    "study_plan:iup_return": (POST, rule(404, student=400, advisor=400, registrar=400)),  # no comment: the form
    "study_plan:iup_pdf": (GET, rule(404, student=200, advisor=200, registrar=200)),
    # the transcript (§2.15): the student's; an issued copy also for the registrar
    "study_plan:transcript": (GET, STUDENT_ONLY),
    "study_plan:transcript_pdf": (GET, STUDENT_ONLY),
    "study_plan:transcript_official_issue": (POST, STUDENT_ACTS),
    "study_plan:transcript_official_pdf": (GET, rule(404, student=200, registrar=200)),
    "documents:verify": (GET, public()),  # anyone with the code, by design
    "calendar:index": (GET, SIGNED_IN_200),
    # stream selection (§2.4.1): the selecting student only
    "schedule:selection": (GET, STUDENT_ONLY),
    "schedule:streams": (GET, STUDENT_ONLY),
    "schedule:stream_choose": (POST, STUDENT_ACTS),
    "schedule:stream_cancel": (POST, STUDENT_ACTS),
    "schedule:stream_switch": (POST, rule(404)),  # no "from" stream posted: nothing to switch from
    "schedule:waitlist_join": (POST, STUDENT_ACTS),
    "schedule:waitlist_leave": (POST, STUDENT_ACTS),
    "schedule:waitlist_claim": (POST, STUDENT_ACTS),
    # the timetable (§2.4): one's own; a lesson or exam for its students and its teacher
    "schedule:timetable": (GET, SIGNED_IN_200),
    "schedule:lesson": (GET, rule(404, student=200, teacher=200)),
    "schedule:exam": (GET, rule(404, student=200, teacher=200)),
    "schedule:teaching": (GET, rule(404, teacher=200, advisor=200)),
    "schedule:roster": (GET, rule(404, teacher=200)),  # the stream's own teacher
    "schedule:feed": (GET, SIGNED_IN_200),
    "schedule:feed_rotate": (POST, rule(REDIRECT)),
    "schedule:feed_ics": (GET, public()),  # the private feed's secret token is the key, for calendar apps
    # My disciplines (§2.8): a student's cards, a teacher's taught disciplines; the discipline page and its
    # syllabus for the university's people; lesson files for its registered students, its teachers and the office;
    # editing for the teachers of its streams (the advisor teaches none of this one)
    "disciplines:index": (GET, rule(404, student=200, teacher=200, advisor=200)),
    "disciplines:discipline": (GET, rule(200, applicant=404)),
    "disciplines:lesson": (GET, rule(200, applicant=404)),
    "disciplines:lesson_file": (GET, rule(404, student=200, teacher=200, registrar=200, admin=200)),
    "disciplines:syllabus_edit": (GET, rule(404, teacher=200)),
    "disciplines:week_edit": (GET, rule(404, teacher=200)),
    "disciplines:lesson_create": (GET, rule(404, teacher=200)),
    "disciplines:lesson_edit": (GET, rule(404, teacher=200)),
    "disciplines:lesson_delete": (POST, rule(404, teacher=REDIRECT)),
    "disciplines:material_add": (POST, rule(404, teacher=400)),  # nothing posted: the form with its errors
    "disciplines:material_delete": (POST, rule(404, teacher=REDIRECT)),
    # the journal (§2.12): the student's own, the teacher's streams, the office reads and unlocks
    "journal:index": (GET, rule(404, student=200, teacher=200, advisor=200, registrar=200, admin=200)),
    "journal:advisees": (GET, rule(404, advisor=200)),
    "journal:grid": (GET, rule(404, teacher=200, registrar=200, admin=200)),
    "journal:cell_save": (POST, rule(404, teacher=400)),  # the stream's teacher only; nothing posted: refused
    "journal:changes": (GET, rule(404, teacher=200, registrar=200, admin=200)),
    "journal:unlock": (GET, rule(404, registrar=200, admin=200)),
    # assignments (§2.11): the stream's students and its teacher (the advisor teaches too, other streams)
    "assignments:index": (GET, rule(404, student=200, teacher=200, advisor=200)),  # teachers: what they set
    "assignments:detail": (GET, STUDENT_ONLY),
    "assignments:answer_save": (POST, STUDENT_ACTS),  # nothing posted: an empty draft is kept
    "assignments:answer_file_remove": (POST, STUDENT_ACTS),  # sent work: refused with a message
    "assignments:message": (POST, rule(404, student=400)),  # no text: the form again
    "assignments:create": (GET, rule(404, teacher=200, advisor=200)),
    "assignments:queue": (GET, rule(404, teacher=200)),  # the stream's own teacher
    "assignments:work": (GET, rule(404, teacher=200)),
    "assignments:grade": (POST, rule(404, teacher=400)),  # no points: the form again
    "assignments:return": (POST, rule(404, teacher=400)),
    "assignments:work_message": (POST, rule(404, teacher=400)),
    "assignments:material_file": (GET, rule(404, student=200, teacher=200)),
    "assignments:answer_file": (GET, rule(404, student=200, teacher=200)),
    "journal:export": (GET, rule(404, teacher=200, registrar=200, admin=200)),
    "journal:import": (GET, rule(404, teacher=200)),
    "journal:column_new": (GET, rule(404, teacher=200)),
    "journal:column_edit": (GET, rule(404, teacher=200)),
    "journal:column_delete": (GET, rule(404, teacher=200)),
    # medical certificates: the student hands in; the file for the student, their teachers and the office
    "journal:certificate_upload": (GET, STUDENT_ONLY),
    "journal:certificates_pending": (GET, rule(404, teacher=200, advisor=200, registrar=200, admin=200)),
    # (the demo advisor also teaches the demo student: as their teacher)
    "journal:certificate_file": (GET, rule(404, student=200, teacher=200, advisor=200, registrar=200, admin=200)),
    "journal:certificate_review": (
        POST,
        rule(404, teacher=REDIRECT, advisor=REDIRECT, registrar=REDIRECT, admin=REDIRECT),
    ),
    # the shell
    "cabinet:dashboard": (GET, SIGNED_IN_200),
    "cabinet:module": (GET, SIGNED_IN_200),  # "not available yet"
    "cabinet:set_language": (POST, public(REDIRECT)),
    # finance (issue 11): the student's own page
    "finance:index": (GET, STUDENT_ONLY),
    # finance pages (fin-pages): the student's payment and statement; the office's (registrars, administrators)
    "finance:pay": (POST, STUDENT_ACTS),  # pays what the balance covers, then back
    "finance:statement": (GET, STUDENT_ONLY),
    "finance:students": (GET, FINANCE_OFFICE),
    "finance:student": (GET, FINANCE_OFFICE),
    "finance:student_statement": (GET, FINANCE_OFFICE),
    "finance:student_discount": (POST, FINANCE_OFFICE_FORM),
    "finance:student_reverse": (POST, FINANCE_OFFICE_FORM),
    "finance:student_refund": (POST, FINANCE_OFFICE_FORM),
    "finance:student_hold_sync": (POST, rule(404, registrar=REDIRECT, admin=REDIRECT)),
    "finance:tuition": (GET, FINANCE_OFFICE),
    "finance:tuition_start": (POST, FINANCE_OFFICE_FORM),
    # top-ups (fin-pay): the student's own; the receipt's file for its student and the office; the queue and its
    # decisions for the office (no reason posted: the rejection form again); the providers' callbacks answer a call
    # without a signature 403 whoever makes it (no secret is configured in tests)
    "finance:topup": (GET, STUDENT_ONLY),
    "finance:topup_detail": (GET, STUDENT_ONLY),
    "finance:topup_receipt": (GET, STUDENT_ONLY),
    "finance:receipts": (GET, rule(404, registrar=200, admin=200)),
    "finance:receipt": (GET, rule(404, registrar=200, admin=200)),
    "finance:receipt_file": (GET, rule(404, student=200, registrar=200, admin=200)),
    "finance:receipt_confirm": (POST, rule(404, registrar=REDIRECT, admin=REDIRECT)),
    "finance:receipt_reject": (POST, rule(404, registrar=400, admin=400)),
    "finance:callback_halyk": (POST, public(403)),
    "finance:callback_kaspi": (GET, public(403)),
    # official documents (issue 11, part 3): a certificate's PDF for its holder and the office; the office's
    # group certificates, their jobs and ZIPs; revoking (POST without a reason: refused, back to the page)
    "documents:file": (GET, rule(404, student=200, registrar=200, admin=200)),
    "documents:group_certificates": (GET, rule(404, registrar=200, admin=200)),
    "documents:job": (GET, rule(404, registrar=200, admin=200)),
    "documents:job_file": (GET, rule(404, registrar=200, admin=200)),
    "documents:revoke": (POST, rule(404, registrar=REDIRECT, admin=REDIRECT)),
    # my requests (issue 11): the student's own; the office's queue and review (the module link sends the office on)
    "requests:index": (GET, rule(404, student=200, registrar=REDIRECT, admin=REDIRECT)),
    "requests:create": (GET, STUDENT_ONLY),
    "requests:detail": (GET, STUDENT_ONLY),
    "requests:cancel": (POST, STUDENT_ACTS),  # withdrawn (then back to the request)
    "requests:file": (GET, rule(404, student=200, registrar=200, admin=200)),
    "requests:queue": (GET, rule(404, registrar=200, admin=200)),
    "requests:review": (GET, rule(404, registrar=200, admin=200)),
    # my advisor (§2.19, issue 11): the student's page; the advisor's materials (the demo student's group gets the
    # file) and their students; GET on delete is the confirmation page
    "advising:index": (GET, STUDENT_ONLY),
    "advising:materials": (GET, rule(404, advisor=200)),
    "advising:material_create": (GET, rule(404, advisor=200)),
    "advising:material_edit": (GET, rule(404, advisor=200)),
    "advising:material_delete": (GET, rule(404, advisor=200)),
    "advising:material_file": (GET, rule(404, student=200, advisor=200)),
    "advising:students": (GET, rule(404, advisor=200)),
    # question bank import and export (issue 12, formats part): teachers who may manage the bank (its author, the
    # teachers of its discipline; the demo advisor teaches other disciplines), 404 for everyone else
    "testing:bank_import": (GET, rule(404, teacher=200)),
    "testing:bank_export": (GET, rule(404, teacher=200)),  # a download
    # testing authoring (issue 12 part 1): teachers who may manage the bank or test; 404 for anyone else
    "testing:banks": (GET, rule(404, teacher=200, advisor=200)),  # any teacher: their banks (the advisor teaches)
    "testing:bank": (GET, AUTHORING),
    "testing:bank_edit": (GET, AUTHORING),
    "testing:bank_delete": (GET, AUTHORING),  # the confirmation page
    "testing:question_create": (GET, AUTHORING),
    "testing:question_preview": (GET, AUTHORING),
    "testing:question_edit": (GET, AUTHORING),
    "testing:question_delete": (GET, AUTHORING),
    # the image: the bank's teacher, and the student whose attempt drew the question
    "testing:question_file": (GET, rule(404, teacher=200, student=200)),
    "testing:question_file_upload": (POST, AUTHORING_ACTS),  # no file: refused with a message, back to the editor
    "testing:question_file_remove": (POST, AUTHORING_ACTS),
    "testing:manage": (GET, rule(404, teacher=200, advisor=200)),
    "testing:quiz_create": (GET, rule(404, teacher=200, advisor=200)),
    "testing:quiz_edit": (GET, AUTHORING),
    "testing:quiz_questions": (POST, AUTHORING_ACTS),  # no action: refused with a message, back to the builder
    "testing:quiz_accommodations": (POST, AUTHORING),  # an empty form: refused, the builder again
    "testing:quiz_publish": (POST, AUTHORING_ACTS),
    "testing:quiz_unpublish": (POST, AUTHORING_ACTS),
    # proctoring (issue 12, part 3): the steps for the exam's student (nothing posted: the rules first, refused);
    # the ID photo for its student, the test's teachers and the office; the attempt page's calls for its student
    # (a heartbeat without camera pauses; an event without a kind is refused 409; the beacon closes); the review
    # for the test's teachers and the office; the vendor's webhook refuses an unsigned call whoever makes it
    "testing:proctoring_rules": (GET, STUDENT_ONLY),
    "testing:proctoring_check": (GET, STUDENT_ONLY),
    "testing:proctoring_photo": (POST, rule(404, student=400)),
    "testing:proctoring_photo_file": (GET, rule(404, student=200, teacher=200, registrar=200, admin=200)),
    "testing:proctoring_heartbeat": (POST, rule(404, student=200)),
    "testing:proctoring_event": (POST, rule(404, student=409)),
    "testing:proctoring_resume": (POST, rule(404, student=200)),
    "testing:proctoring_closed": (POST, rule(404, student=200)),
    "testing:proctoring_review": (GET, rule(404, teacher=200, registrar=200, admin=200)),
    "testing:proctoring_attempt": (GET, rule(404, teacher=200, registrar=200, admin=200)),
    "testing:proctoring_webhook": (POST, public(403)),
}


# The testing engine and the student's pages (issue 12, part 2; demo/testing.py): the demo student's tests and
# attempts; a test's results and an essay waiting for grading are the demo teacher's.
def _demo_quiz(title):
    from testing.models import Quiz

    return Quiz.objects.get(title=title)


def _demo_attempt(w, status):
    from testing.models import Attempt

    return Attempt.objects.filter(student__user=w.users["student"], status=status).order_by("pk").first()


def _demo_essay(w):
    from testing.models import AttemptQuestion

    return AttemptQuestion.objects.filter(attempt__status="finished", score__isnull=True).order_by("pk").first()


ACCESS |= {
    "testing:index": (GET, rule(404, student=200, teacher=REDIRECT, advisor=REDIRECT)),  # a teacher: to their tests
    "testing:detail": (GET, STUDENT_ONLY),
    "testing:start": (POST, STUDENT_ACTS),  # started (to the attempt), or refused with a message (to the test)
    "testing:attempt": (GET, STUDENT_ONLY),  # the student's own attempt in progress; 404 for anyone else
    "testing:answer": (POST, rule(404, student=400)),  # JSON; an empty save is refused as invalid
    "testing:clock": (GET, STUDENT_ONLY),  # JSON
    "testing:finish": (POST, STUDENT_ONLY),  # unanswered questions: the confirmation page first
    "testing:result": (GET, STUDENT_ONLY),
    "testing:quiz_results": (GET, rule(404, teacher=200)),  # the test's teacher (testing.permissions)
    "testing:grade_slot": (GET, rule(404, teacher=200)),
}
PARAMS |= {
    "testing:detail": lambda w: {"pk": _demo_quiz("Practice quiz (2 attempts)").pk},
    "testing:start": lambda w: {"pk": _demo_quiz("Practice quiz (2 attempts)").pk},
    "testing:attempt": lambda w: {"pk": _demo_attempt(w, "progress").pk},
    "testing:answer": lambda w: {"pk": _demo_attempt(w, "progress").pk},
    "testing:clock": lambda w: {"pk": _demo_attempt(w, "progress").pk},
    "testing:finish": lambda w: {"pk": _demo_attempt(w, "progress").pk},
    "testing:result": lambda w: {"pk": _demo_attempt(w, "finished").pk},
    "testing:quiz_results": lambda w: {"pk": _demo_quiz("Quiz 1: warm-up").pk},
    "testing:grade_slot": lambda w: {"pk": _demo_essay(w).pk},
}

# online courses (issue 12, part 4; demo/courses.py): the catalogue and a course's page for anyone signed in; the
# learning pages, the video and the materials for the course's learners (the demo student studies the Python course)
# and its author (the demo teacher writes every demo course); the moderation queue for authors and the office.


def _course(title_en: str):
    from courses.models import Course

    return Course.objects.get(title_en=title_en)


def _python_lesson(w):
    """The Python course's first lesson, with a small video file (the demo's lessons link their videos)."""
    from django.core.files.base import ContentFile

    from courses.models import Lesson

    lesson = (
        Lesson.objects.filter(section__course=_course("Python programming basics"))
        .order_by("section__position", "position")
        .first()
    )
    if not lesson.video_file:
        lesson.video_file.save("v.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64), save=False)
        lesson.video_type = "video/mp4"
        lesson.save(update_fields=["video_file", "video_type"])
    return lesson


def _completed_course(w):
    """The demo student completes "Public speaking" (one lesson), which issues a certificate of completion."""
    from courses.models import Enrolment, Lesson
    from courses.services.enrolment import enrolment_create
    from courses.services.learning import lesson_complete

    course = _course("Public speaking")
    record = w.users["student"].student_record
    enrolment = Enrolment.objects.filter(course=course, student=record).first()
    if enrolment is None:
        enrolment = enrolment_create(course=course, student=record, actor=w.users["student"])
        for lesson in Lesson.objects.filter(section__course=course):
            enrolment = lesson_complete(enrolment=enrolment, lesson=lesson)
    return enrolment


def _pending_application(w):
    from courses.models import Enrolment

    return Enrolment.objects.filter(status=Enrolment.Status.PENDING).order_by("pk").first()


PARAMS.update(
    {
        "courses:detail": lambda w: {"pk": _course("Python programming basics").pk},
        "courses:enrol": lambda w: {"pk": _course("Data analysis in Excel").pk},
        "courses:favourite": lambda w: {"pk": _course("Public speaking").pk},
        "courses:learn": lambda w: {"pk": _course("Python programming basics").pk},
        "courses:certificate": lambda w: {"pk": _completed_course(w).course_id},
        "courses:lesson": lambda w: {"pk": _python_lesson(w).pk},
        "courses:lesson_done": lambda w: {"pk": _python_lesson(w).pk},
        "courses:lesson_video": lambda w: {"pk": _python_lesson(w).pk},
        "courses:material": lambda w: {"pk": _python_lesson(w).materials.exclude(file="").first().pk},
        "courses:test_start": lambda w: {"pk": _course("Python programming basics").tests.first().pk},
        "courses:decide": lambda w: {"pk": _pending_application(w).pk},
        "courses:verify": lambda w: {"code": _completed_course(w).certificate.code},
    }
)
COURSE_LEARNER_AND_AUTHOR = rule(404, student=200, teacher=200)
COURSE_MODERATORS = rule(404, teacher=200, registrar=200, admin=200)
ACCESS.update(
    {
        "courses:catalogue": (GET, SIGNED_IN_200),
        "courses:mine": (GET, SIGNED_IN_200),
        "courses:detail": (GET, SIGNED_IN_200),
        # the student enrols and pays (then to the course); anyone without a student record is sent back
        "courses:enrol": (POST, rule(REDIRECT)),
        "courses:favourite": (POST, rule(REDIRECT)),
        "courses:learn": (GET, STUDENT_ONLY),
        "courses:certificate": (GET, STUDENT_ONLY),
        "courses:lesson": (GET, COURSE_LEARNER_AND_AUTHOR),
        "courses:lesson_done": (POST, STUDENT_ACTS),
        "courses:lesson_video": (GET, COURSE_LEARNER_AND_AUTHOR),
        "courses:material": (GET, COURSE_LEARNER_AND_AUTHOR),
        # to the attempt, or back to the course with the engine's refusal
        "courses:test_start": (POST, STUDENT_ACTS),
        "courses:moderation": (GET, COURSE_MODERATORS),
        "courses:decide": (POST, rule(404, teacher=400, registrar=400, admin=400)),  # no action: the queue again
        "courses:verify": (GET, public()),
    }
)

# A few representative admin URLs (the rest is Django's): the office's lists, and a superuser's account that only a
# superuser may change (part 7.1). {student} and {superuser} are the demo logins' ids.
ADMIN_ACCESS: list[tuple[str, str, dict]] = [
    (GET, "/admin/", ADMIN_STAFF),
    (GET, "/admin/people/user/", ADMIN_STAFF),
    (GET, "/admin/people/user/{student}/change/", ADMIN_STAFF),
    (GET, "/admin/people/user/{student}/password/", ADMIN_STAFF),
    (GET, "/admin/people/user/{superuser}/change/", ADMIN_STAFF),  # to look at, read only
    (GET, "/admin/people/user/{superuser}/password/", SUPERUSER_ONLY),
    (POST, "/admin/people/user/{superuser}/password/", SUPERUSER_ONLY),
    (POST, "/admin/people/user/{superuser}/change/", SUPERUSER_ONLY),
    (GET, "/admin/curriculum/discipline/import/", ADMIN_STAFF),
    (GET, "/admin/schedule/exam/", ADMIN_STAFF),
    (GET, "/admin/audit/auditrecord/", SUPERUSER_ONLY),
    (GET, "/admin/documents/issueddocument/", SUPERUSER_ONLY),
    (GET, "/admin/courses/course/", ADMIN_STAFF),  # the office; a teacher with staff status: their own courses
]


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name, route, pattern) of every URL pattern outside Django admin, namespaces included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else None
            yield name, prefix + str(entry.pattern), entry.pattern


def answer(response) -> object:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("account_login") + "?next="):
            return LOGIN
        if location.startswith(reverse("admin:login") + "?next="):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


def ask(world, role, method, url) -> tuple[object, list[str]]:
    """The answer `role` gets, in a savepoint rolled back afterwards, and any inline code of an HTML page."""
    with transaction.atomic():
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = getattr(client, method.lower())(url)
        problems = []
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            problems = inline_code(response.content.decode())
        transaction.set_rollback(True)
    return answer(response), problems


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_table_says(world, role):
    requests = [
        (method, reverse(name, kwargs=PARAMS[name](world) if name in PARAMS else {}), answers, name)
        for name, (method, answers) in ACCESS.items()
    ]
    ids = {"student": world.users["student"].pk, "superuser": world.users["admin"].pk}
    requests += [(method, path.format(**ids), answers, path) for method, path, answers in ADMIN_ACCESS]
    mismatches, inline = [], []
    for method, url, answers, name in requests:
        got, problems = ask(world, role, method, url)
        if got != answers[role]:
            mismatches.append(f"{name}: {method} {url} as {role}: expected {answers[role]}, got {got}")
        inline += [f"{url}: {problem}" for problem in problems]
    assert mismatches == []
    assert inline == []


def test_every_url_pattern_has_an_access_rule():
    names = {name or route for name, route, _pattern in url_patterns()}
    missing = sorted(names - set(ACCESS))
    assert missing == [], f"URL patterns without an access rule: add their rule to ACCESS in {__file__}"
    stale = sorted(set(ACCESS) - names)
    assert stale == [], "rules for URL patterns that are gone"
    for name in ACCESS:
        assert set(ACCESS[name][1]) == set(ROLES), name


def test_database_ids_in_paths_use_the_id_converter():
    """<int:pk> would let a number past 64 bits reach the database (a 500): ids are <id:pk> (core/ids.py)."""
    int_paths = [
        route
        for _name, route, pattern in url_patterns()
        if any(isinstance(c, IntConverter) for c in getattr(pattern, "converters", {}).values())
    ]
    assert int_paths == []


def test_the_world_is_what_the_table_assumes(world):
    """The rows above name these relations: if the demo changes, this says which assumption broke."""
    student, teacher, advisor = (world.users[role] for role in ("student", "teacher", "advisor"))
    assert world.plan.student.user == student and student.photo
    assert student.student_record.advisor == advisor
    assert world.stream.teacher == teacher and world.exam.stream.teacher == teacher
    assert world.taught_stream.teacher == teacher and not world.taught_stream.choices.filter(student__user=advisor)
    assert world.assignment.stream.teacher == teacher and world.answer_file.submission.student.user == student
    assert world.users["admin"].is_superuser and not world.users["admin"].is_registrar
    assert not world.users["registrar"].is_superuser and world.users["registrar"].is_staff

"""Certificates (issue 11, part 3): issued with their text frozen, real PDFs, group jobs with a ZIP, revoking."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditAction, AuditRecord
from documents.models import CertificateJob, DocumentTemplate, IssuedDocument
from documents.services import (
    certificate_issue,
    certificate_job_start,
    certificate_pdf,
    document_revoke,
)
from documents.tests.factories import DocumentTemplateFactory, SignatoryFactory
from people.tests.factories import RegistrarFactory, StudentRecordFactory
from university.tests.factories import StudyGroupFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def signatory():
    return SignatoryFactory()


@pytest.fixture
def template():
    return DocumentTemplateFactory(slug="study")


@pytest.fixture
def office():
    return RegistrarFactory(email="office@example.kz")


@pytest.fixture
def record():
    return StudentRecordFactory(
        user__last_name="Ахметов", user__first_name="Айдар", user__middle_name="Серикович", year_of_study=2
    )


def test_a_russian_certificate_prints_the_declined_name_and_the_code(record, template, signatory, office):
    document = certificate_issue(
        holder=record.user, template=template, language="ru", actor=office, site_root="http://testserver/"
    )

    assert document.kind == IssuedDocument.Kind.CERTIFICATE and document.holder == record.user
    assert document.content["language"] == "ru"
    assert "Ахметову Айдару Сериковичу" in document.content["paragraphs"][0]
    assert "2 курса" in document.content["paragraphs"][0]
    text = pdf_text(certificate_pdf(document))
    assert "Ахметову Айдару Сериковичу" in text
    assert document.code in text
    assert "http://testserver/verify/" in text.replace(" ", "")
    assert AuditRecord.objects.filter(action=AuditAction.DOCUMENT_ISSUE, target_id=str(document.pk)).exists()


def test_a_kazakh_certificate_puts_the_dative_on_the_last_word(record, template, signatory, office):
    record.user.middle_name = "Серікұлы"
    record.user.save()
    document = certificate_issue(holder=record, template=template, language="kk", actor=office)
    assert "Ахметов Айдар Серікұлына" in pdf_text(certificate_pdf(document))


def test_the_text_is_frozen_when_issued(record, template, signatory, office):
    document = certificate_issue(holder=record.user, template=template, language="en", actor=office)
    template.body_en = "Changed: {full_name}"
    template.save()
    record.user.last_name = "Renamed"
    record.user.save()
    document.refresh_from_db()
    text = pdf_text(certificate_pdf(document))
    assert "Ахметов" in text and "Changed" not in text and "Renamed" not in text


def test_a_pension_centre_certificate_is_valid_a_year(record, signatory, office):
    template = DocumentTemplateFactory(slug="pension-4", kind=DocumentTemplate.Kind.PENSION_4, valid_days=365)
    document = certificate_issue(holder=record.user, template=template, language="ru", actor=office)
    assert document.valid_until == timezone.localdate() + dt.timedelta(days=365)
    assert document.valid_until.strftime("%d.%m.%Y") in pdf_text(certificate_pdf(document))


def test_a_student_issues_their_own_not_anothers(record, template, signatory):
    other = StudentRecordFactory()
    assert certificate_issue(holder=record.user, template=template, language="en", actor=record.user)
    with pytest.raises(PermissionDenied):
        certificate_issue(holder=other.user, template=template, language="en", actor=record.user)


def test_refusals_change_nothing(record, template, office):
    with pytest.raises(ValidationError, match="signs certificates"):
        certificate_issue(holder=record.user, template=template, language="en", actor=office)
    SignatoryFactory()
    with pytest.raises(ValidationError):
        certificate_issue(holder=record.user, template=template, language="de", actor=office)
    template.is_active = False
    template.save()
    with pytest.raises(ValidationError):
        certificate_issue(holder=record.user, template=template, language="en", actor=office)
    with pytest.raises(ValidationError, match="student only"):
        certificate_issue(holder=office, template=DocumentTemplateFactory(), language="en", actor=office)
    assert not IssuedDocument.objects.exists()


def test_no_certificate_of_study_after_graduation(record, template, signatory, office):
    record.status = record.Status.GRADUATED
    record.save()
    with pytest.raises(ValidationError, match="only while studying"):
        certificate_issue(holder=record.user, template=template, language="en", actor=office)
    assert not IssuedDocument.objects.exists()


def test_unknown_placeholders_are_refused_in_admin(template):
    template.body_en = "Hello {full_name} {password}"
    with pytest.raises(ValidationError, match="password"):
        template.full_clean()


def test_a_group_job_issues_every_certificate_and_one_zip(
    template, signatory, office, django_capture_on_commit_callbacks
):
    group = StudyGroupFactory()
    students = [StudentRecordFactory(group=group, programme=group.programme) for _ in range(4)]

    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_job_start(
            template=template,
            language="ru",
            actor=office,
            student_ids=[s.pk for s in students],
            site_root="http://testserver/",
        )

    job.refresh_from_db()
    assert job.status == CertificateJob.Status.DONE and (job.done, job.total) == (4, 4)
    assert job.group == group
    with zipfile.ZipFile(job.zip_file.open("rb")) as archive:
        names = archive.namelist()
        assert len(names) == 4
        codes = set(job.documents.values_list("code", flat=True))
        for name in names:
            assert name.split("-")[1].removesuffix(".pdf") in codes
            assert pdf_text(archive.read(name))
    assert IssuedDocument.objects.filter(job=job).count() == 4


def test_running_a_job_twice_issues_nothing_twice(template, signatory, office, django_capture_on_commit_callbacks):
    from documents.services import certificate_job_run

    students = [StudentRecordFactory() for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_job_start(
            template=template, language="en", actor=office, student_ids=[s.pk for s in students], site_root=""
        )
    CertificateJob.objects.filter(pk=job.pk).update(status=CertificateJob.Status.RUNNING)
    certificate_job_run(job_id=job.pk)
    assert IssuedDocument.objects.count() == 2


def test_a_job_is_for_the_office_only(record, template, signatory):
    with pytest.raises(PermissionDenied):
        certificate_job_start(
            template=template, language="en", actor=record.user, student_ids=[record.pk], site_root=""
        )
    with pytest.raises(ValidationError):
        certificate_job_start(template=template, language="en", actor=RegistrarFactory(), student_ids=[], site_root="")


def test_revoking_needs_a_reason_and_the_page_shows_it(client, record, template, signatory, office):
    document = certificate_issue(holder=record.user, template=template, language="en", actor=office)
    with pytest.raises(ValidationError):
        document_revoke(document=document, actor=office, reason="  ")
    document_revoke(document=document, actor=office, reason="Issued with a wrong course")
    document.refresh_from_db()
    assert document.revoked_at and document.revoke_reason == "Issued with a wrong course"

    page = client.get(reverse("documents:verify", args=[document.code]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="verify-revoked"' in body and "Issued with a wrong course" in body
    assert AuditRecord.objects.filter(action=AuditAction.DOCUMENT_REVOKE, target_id=str(document.pk)).exists()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_certificate_is_one_page_inside_its_margins(record, signatory, office, language):
    from documents.tests.pdf_layout import overflows

    template = DocumentTemplateFactory(slug="long", valid_days=365)
    for code in ("kk", "ru", "en"):
        setattr(template, f"body_{code}", "\n\n".join([getattr(template, f"body_{code}")] * 4))
    template.save()
    document = certificate_issue(holder=record.user, template=template, language=language, actor=office)
    content = certificate_pdf(document)
    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    assert overflows(content) == []

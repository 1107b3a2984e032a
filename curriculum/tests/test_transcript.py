"""The transcript (docs/domain.md#transcript): GPA by hand, retakes, preview, PDFs, the official copy and its check."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from audit.models import AuditRecord
from curriculum.gpa import Attempt, cumulative_gpa, gpa, latest_attempts
from curriculum.selectors.transcript import transcript_content, transcript_for
from curriculum.services.iup import iup_plan_get_or_create
from curriculum.services.transcript import transcript_issue_official
from curriculum.tests.factories import (
    DisciplineFactory,
    HoldFactory,
    RegistrationFactory,
    academic_terms,
    grade,
    install_grade_scale,
)
from documents.models import IssuedDocument
from people.permissions import student_record_for_user_or_404
from people.tests.factories import StudentRecordFactory

pytestmark = pytest.mark.django_db
TRANSCRIPT_URL = reverse("study_plan:transcript")


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def register(student, term, code, credits, percent=None, *, semester=1, in_gpa=True):
    discipline = DisciplineFactory(code=code, credits=credits, counts_in_gpa=in_gpa, name_en=f"Discipline {code}")
    registration = RegistrationFactory(student=student, term=term, discipline=discipline, semester=semester)
    if percent is not None:
        grade(registration, percent)
    return registration


@pytest.fixture
def scale():
    return install_grade_scale()


@pytest.fixture
def two_terms():
    return academic_terms(first_year=2024, years=1)


@pytest.fixture
def graded(scale, two_terms):
    """Term 1: MAT 5cr 95% (A 4.00), PHY 4cr 72% (C+ 2.33), CHE 3cr 30% (FX 0.50, failed).
    Term 2: CHE again 3cr 86% (B+ 3.33), PE 2cr 90% (A- 3.67, not in GPA), PRG 6cr 81% (B 3.00); HIS in progress."""
    student = StudentRecordFactory(user__language="en", user__last_name="Сейітқали", user__first_name="Нұржан")
    autumn, spring = two_terms
    register(student, autumn, "MAT101", 5, 95)
    register(student, autumn, "PHY101", 4, 72)
    chemistry = register(student, autumn, "CHE101", 3, 30)
    RegistrationFactory(student=student, term=spring, discipline=chemistry.discipline, semester=2)
    grade(student.registrations.get(term=spring, discipline=chemistry.discipline), 86)
    register(student, spring, "PE102", 2, 90, semester=2, in_gpa=False)
    register(student, spring, "PRG102", 6, 81, semester=2)
    register(student, spring, "HIS102", 5, None, semester=2)
    return student_record_for_user_or_404(student.user)


# --- the numbers ------------------------------------------------------------------------------------------------


def test_gpa_rule_on_plain_attempts():
    a = Attempt("A", 5, Decimal("4.00"), True, order=(1,))
    b_failed = Attempt("B", 3, Decimal("0.50"), False, order=(1,))
    b_again = Attempt("B", 3, Decimal("3.33"), True, order=(2,))
    pe = Attempt("PE", 2, Decimal("3.67"), True, counts_in_gpa=False, order=(2,))
    assert gpa([a, b_failed]) == Decimal("2.69")  # (20 + 1.5) / 8 = 2.6875 → half up
    assert latest_attempts([a, b_failed, b_again]) == [a, b_again]
    assert cumulative_gpa([a, b_failed, b_again, pe]) == Decimal("3.75")  # (20 + 9.99) / 8 = 3.74875
    assert gpa([pe]) is None


def test_transcript_numbers_computed_by_hand(graded):
    transcript = transcript_for(student=graded)
    autumn, spring = transcript.terms
    # Term 1: (5×4.00 + 4×2.33 + 3×0.50) / 12 = 30.82 / 12 = 2.568… → 2.57; earned 5 + 4 = 9 (FX earns nothing)
    assert (autumn.gpa, autumn.credits, autumn.credits_earned) == (Decimal("2.57"), 12, 9)
    # Term 2: PE is not in GPA: (3×3.33 + 6×3.00) / 9 = 27.99 / 9 = 3.11; earned 3 + 2 + 6 = 11
    assert (spring.gpa, spring.credits, spring.credits_earned) == (Decimal("3.11"), 11, 11)
    # Cumulative: latest CHE only: (20 + 9.32 + 9.99 + 18) / 18 = 57.31 / 18 = 3.1838… → 3.18
    assert transcript.gpa == Decimal("3.18")
    assert transcript.credits_earned == 20
    assert transcript.credits_attempted == 23
    assert [r.discipline.code for r in transcript.in_progress] == ["HIS102"]
    retaken = {(r.discipline.code, r.registration.term_id): r.retaken for t in transcript.terms for r in t.rows}
    assert retaken[("CHE101", autumn.term.pk)] is True
    assert retaken[("CHE101", spring.term.pk)] is False


def test_content_keeps_the_rows_as_printed(graded):
    with translation.override("en"):
        content = transcript_content(transcript_for(student=graded))
    assert [r["code"] for r in content["terms"][0]["rows"]] == ["CHE101", "MAT101", "PHY101"]
    assert content["terms"][0]["rows"][0]["retaken"] is True
    assert content["terms"][0]["rows"][1] == {
        "code": "MAT101",
        "name": "Discipline MAT101",
        "credits": 5,
        "percent": "95",
        "letter": "A",
        "points": "4.00",
        "traditional": "excellent (5)",
        "passing": True,
        "in_gpa": True,
        "retaken": False,
    }
    assert content["totals"] == {"credits": 23, "credits_earned": 20, "gpa": "3.18"}
    assert [t["gpa"] for t in content["terms"]] == ["2.57", "3.11"]
    assert content["student"]["name"] == graded.user.get_full_name()
    assert content["scale"][0] == {"letter": "A", "range": "95–100", "points": "4.00", "traditional": "excellent (5)"}
    assert content["language"] == "en"


# --- the preview and the unofficial PDF ---------------------------------------------------------------------------


def test_preview_shows_terms_gpa_and_in_progress(client, graded):
    client.force_login(graded.user)
    html = client.get(TRANSCRIPT_URL).content.decode()
    for code in ("MAT101", "PHY101", "CHE101", "PE102", "PRG102"):
        assert code in html
    assert "2.57" in html and "3.11" in html and "3.18" in html
    assert "doc-retaken" in html  # the failed CHE101 attempt is marked
    assert 'data-testid="transcript-in-progress"' in html and "HIS102" in html
    assert 'data-testid="transcript-official"' in html


def test_preview_of_a_student_without_grades(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)
    html = client.get(TRANSCRIPT_URL).content.decode()
    assert 'data-testid="transcript-empty"' in html
    assert 'data-testid="transcript-official"' not in html


def test_transcript_is_for_students_only(client, advisor):
    client.force_login(advisor)
    assert client.get(TRANSCRIPT_URL).status_code == 404
    assert client.get(reverse("study_plan:transcript_pdf")).status_code == 404


def test_transcript_page_queries_are_the_same_for_first_and_fourth_year(client, scale, django_assert_max_num_queries):
    terms = academic_terms(first_year=2022, years=4)
    first = StudentRecordFactory(year_of_study=1)
    fourth = StudentRecordFactory(year_of_study=4)
    for index, term in enumerate(terms):
        for n in range(6):
            register(fourth, term, f"D{index}{n}", 5, 60 + index * 4 + n, semester=index + 1)
    for n in range(6):
        register(first, terms[-1], f"F{n}", 5, 70 + n)
    HoldFactory(student=fourth, blocks_documents=True)
    transcript_issue_official(student=first, actor=first.user)

    counts = []
    for record in (first, fourth):
        client.force_login(record.user)
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as queries:
            response = client.get(TRANSCRIPT_URL)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_unofficial_pdf(client, graded):
    client.force_login(graded.user)
    text = pdf_text(client.get(reverse("study_plan:transcript_pdf")))
    assert "Сейітқали Нұржан" in text
    assert "MAT101" in text and "PRG102" in text
    assert "Unofficial" in text
    assert "3.18" in text
    assert "HIS102" not in text  # not graded: not on the transcript


# --- the official copy -----------------------------------------------------------------------------------------


def test_issue_official_keeps_content_and_audits(graded):
    with translation.override("en"):
        document = transcript_issue_official(student=graded, actor=graded.user)
        expected = transcript_content(transcript_for(student=graded))
    assert document.kind == IssuedDocument.Kind.TRANSCRIPT
    assert document.holder == graded.user
    assert document.content == expected
    assert len(document.code) == 12
    assert AuditRecord.objects.filter(action="document.issue", target_id=str(document.pk)).exists()


def test_someone_else_cannot_issue_my_transcript(graded, advisor):
    with pytest.raises(PermissionDenied):
        transcript_issue_official(student=graded, actor=advisor)
    assert not IssuedDocument.objects.exists()


def test_hold_blocking_documents_refuses_the_official_transcript(client, graded):
    HoldFactory(student=graded, blocks_documents=True, office="finance", reason="Unpaid tuition")
    HoldFactory(student=graded, blocks_documents=False, office="library")
    with translation.override("en"), pytest.raises(ValidationError, match="Finance office"):
        transcript_issue_official(student=graded, actor=graded.user)

    client.force_login(graded.user)
    html = client.get(TRANSCRIPT_URL).content.decode()
    assert 'data-testid="transcript-hold"' in html and "Finance office" in html and "Unpaid tuition" in html
    assert 'data-testid="transcript-official"' not in html
    response = client.post(reverse("study_plan:transcript_official_issue"), follow=True)
    assert "blocked by a hold of the Finance office" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_lifted_hold_no_longer_blocks(graded):
    HoldFactory(student=graded, blocks_documents=True, lifted_at=timezone.now())
    assert transcript_issue_official(student=graded, actor=graded.user).pk


def test_nothing_graded_nothing_issued(student):
    with translation.override("en"), pytest.raises(ValidationError, match="no final grade"):
        transcript_issue_official(student=student_record_for_user_or_404(student), actor=student)


def test_official_pdf_has_code_and_verification_address(client, graded, settings):
    settings.SITE_URL = "https://university.studyspace.kz"
    client.force_login(graded.user)
    response = client.post(reverse("study_plan:transcript_official_issue"))
    document = IssuedDocument.objects.get()
    assert response["Location"] == reverse("study_plan:transcript_official_pdf", args=[document.code])

    text = pdf_text(client.get(response["Location"]))
    assert document.code in text
    assert f"https://university.studyspace.kz/verify/{document.code}/" in text.replace("\n", "")
    assert "Сейітқали Нұржан" in text and "MAT101" in text
    assert "Rector" in text and "Seal" in text
    assert "Unofficial" not in text


def test_official_pdf_without_site_url_uses_the_request_host(client, graded, settings):
    settings.SITE_URL = ""
    document = transcript_issue_official(student=graded, actor=graded.user)
    client.force_login(graded.user)
    text = pdf_text(client.get(reverse("study_plan:transcript_official_pdf", args=[document.code])))
    assert f"http://testserver/verify/{document.code}/" in text.replace("\n", "")


def test_official_pdf_carries_the_address_it_was_issued_from(client, graded, settings):
    """Issue 9 §5.2: the QR and the printed link pointed at http://127.0.0.1:8000 whatever the portal ran on."""
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "cabinet.example.kz"]
    client.force_login(graded.user)
    response = client.post(reverse("study_plan:transcript_official_issue"), headers={"host": "localhost:8123"})
    document = IssuedDocument.objects.get()
    assert document.site_root == "http://localhost:8123"

    # downloaded again later through another host, it prints the address it was issued from
    pdf = client.get(response["Location"], headers={"host": "cabinet.example.kz"})
    assert f"http://localhost:8123/verify/{document.code}/" in pdf_text(pdf).replace("\n", "")


def test_official_pdf_prints_the_site_url_when_it_is_set(client, graded, settings):
    settings.SITE_URL = "https://university.studyspace.kz/"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    client.force_login(graded.user)
    client.post(reverse("study_plan:transcript_official_issue"), headers={"host": "localhost:8123"})
    document = IssuedDocument.objects.get()
    assert document.site_root == "https://university.studyspace.kz"
    settings.SITE_URL = ""  # a later change of the setting does not move a document already issued
    text = pdf_text(client.get(reverse("study_plan:transcript_official_pdf", args=[document.code])))
    assert f"https://university.studyspace.kz/verify/{document.code}/" in text.replace("\n", "")


def test_official_pdf_is_for_the_holder_and_registrars(client, graded, registrar, advisor):
    document = transcript_issue_official(student=graded, actor=graded.user)
    url = reverse("study_plan:transcript_official_pdf", args=[document.code])
    client.force_login(registrar)
    assert client.get(url).status_code == 200
    for outsider in (advisor, StudentRecordFactory().user):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(graded.user)
    assert client.get(reverse("study_plan:transcript_official_pdf", args=["NOPE23456789"])).status_code == 404


def test_verify_page_shows_exactly_what_the_document_showed(client, graded):
    with translation.override("en"):
        document = transcript_issue_official(student=graded, actor=graded.user)
    # Later changes do not touch the issued document: a new grade, a renamed discipline.
    register(graded, graded.registrations.first().term, "LATE999", 5, 99)
    graded.registrations.get(discipline__code="MAT101").discipline.__class__.objects.filter(code="MAT101").update(
        name_en="Renamed"
    )

    client.cookies["django_language"] = "en"
    response = client.get(reverse("documents:verify", args=[document.code.lower()]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This document is genuine." in html
    assert "Official transcript" in html
    assert graded.user.get_full_name() in html
    assert timezone.localtime(document.issued_at).strftime("%d.%m.%Y") in html
    assert "MAT101" in html and "Discipline MAT101" in html and "3.18" in html
    assert "Renamed" not in html and "LATE999" not in html
    assert "HIS102" not in html  # in progress: the document did not show it
    assert graded.user.email not in html and graded.student_number in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# --- one document for the same content, PDFs throttled per person (issue 9, part 7.9) -------------------------


def test_issuing_again_hands_back_the_same_document(client, graded):
    """Security review: 10 POSTs issued 10 official documents."""
    client.force_login(graded.user)
    locations = {client.post(reverse("study_plan:transcript_official_issue"))["Location"] for _ in range(10)}

    document = IssuedDocument.objects.get()
    assert locations == {reverse("study_plan:transcript_official_pdf", args=[document.code])}
    assert AuditRecord.objects.filter(target_type="documents.issueddocument").count() == 1


def test_a_new_document_when_the_content_changed_or_the_old_one_was_revoked(graded):
    from documents.services import document_revoke

    with translation.override("en"):
        first = transcript_issue_official(student=graded, actor=graded.user)
    with translation.override("ru"):
        in_russian = transcript_issue_official(student=graded, actor=graded.user)
    register(graded, graded.registrations.first().term, "NEW101", 5, 91)
    with translation.override("en"):
        with_a_new_grade = transcript_issue_official(student=graded, actor=graded.user)
        assert transcript_issue_official(student=graded, actor=graded.user) == with_a_new_grade
        document_revoke(document=with_a_new_grade, actor=graded.user, reason="A grade was added")
        after_revoking = transcript_issue_official(student=graded, actor=graded.user)
    assert len({first.pk, in_russian.pk, with_a_new_grade.pk, after_revoking.pk}) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_issues_make_one_document(scale, two_terms):
    import threading

    student = StudentRecordFactory(user__language="en")
    register(student, two_terms[0], "MAT101", 5, 95)
    student = student_record_for_user_or_404(student.user)
    barrier = threading.Barrier(10)
    codes: list[str] = []

    def issue():
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                codes.append(transcript_issue_official(student=student, actor=student.user).code)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(codes) == 10 and len(set(codes)) == 1
    assert IssuedDocument.objects.count() == 1


@pytest.mark.parametrize("pdf", ["transcript", "iup", "official"])
def test_pdfs_are_throttled_per_person_with_a_translated_page(client, graded, settings, pdf):
    settings.PDF_RATE_LIMIT = "3/m"
    plan = iup_plan_get_or_create(student=graded, term=graded_term(graded))
    urls = {
        "transcript": reverse("study_plan:transcript_pdf"),
        "iup": reverse("study_plan:iup_pdf", args=[plan.pk]),
        "official": reverse(
            "study_plan:transcript_official_pdf",
            args=[transcript_issue_official(student=graded, actor=graded.user).code],
        ),
    }
    client.force_login(graded.user)
    for _ in range(3):
        assert client.get(urls[pdf])["Content-Type"] == "application/pdf"

    refused = client.get(urls[pdf])
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "You have asked for too many documents in a short time." in refused.content.decode()
    assert client.get(urls["transcript"]).status_code == 429  # one budget for every PDF of this person

    other = StudentRecordFactory()
    client.force_login(other.user)
    assert client.get(reverse("study_plan:transcript_pdf"))["Content-Type"] == "application/pdf"


def graded_term(student):
    return student.registrations.order_by("term__start_date").last().term


def test_the_pdf_throttle_fails_open_when_the_cache_is_down(client, graded, settings):
    from core import cache as fail_open

    fail_open._down_until.clear()
    settings.CACHES = {"default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    settings.PDF_RATE_LIMIT = "1/m"
    client.force_login(graded.user)
    for _ in range(3):
        assert client.get(reverse("study_plan:transcript_pdf"))["Content-Type"] == "application/pdf"
    fail_open._down_until.clear()

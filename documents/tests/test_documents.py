"""Issued documents: issuing and revoking (audited), the public verification page, the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditRecord
from documents.models import IssuedDocument
from documents.qr import qr_svg_data_uri
from documents.selectors import document_by_code, document_verify_url
from documents.services import document_issue, document_revoke
from people.tests.factories import RegistrarFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTENT = {
    "language": "en",
    "university": "Demo University",
    "student": {
        "name": "Seitkali Nurzhan",
        "student_number": "S0000042",
        "programme": "6B06101 IS",
        "degree": "Bachelor",
    },
    "terms": [
        {
            "title": "2024–2025, Autumn semester",
            "rows": [
                {
                    "code": "MAT101",
                    "name": "Mathematics",
                    "credits": 5,
                    "percent": "95",
                    "letter": "A",
                    "points": "4.00",
                    "traditional": "excellent (5)",
                    "passing": True,
                    "in_gpa": True,
                    "retaken": False,
                }
            ],
            "credits": 5,
            "credits_earned": 5,
            "gpa": "4.00",
        }
    ],
    "totals": {"credits": 5, "credits_earned": 5, "gpa": "4.00"},
    "scale": [],
}


@pytest.fixture
def document():
    holder = UserFactory(email="holder@example.kz", phone="+77010000000")
    return document_issue(
        kind=IssuedDocument.Kind.TRANSCRIPT, holder=holder, title="Official transcript", content=CONTENT, actor=holder
    )


def get_verify(client, code):
    client.cookies["django_language"] = "en"
    return client.get(reverse("documents:verify", args=[code]))


def test_issue_is_audited_and_validated(document):
    assert document.code and document.content == CONTENT
    record = AuditRecord.objects.get(action="document.issue")
    assert record.target_id == str(document.pk) and record.after["code"] == document.code
    with pytest.raises(ValidationError):
        document_issue(kind="diploma", holder=document.holder, title="x", content={}, actor=None)
    with pytest.raises(ValidationError):
        document_issue(kind="transcript", holder=document.holder, title="  ", content={}, actor=None)
    assert IssuedDocument.objects.count() == 1


def test_verify_page_needs_no_sign_in_and_shows_the_content_only(client, document):
    response = get_verify(client, document.code)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This document is genuine." in html
    assert "Seitkali Nurzhan" in html and "MAT101" in html and "Mathematics" in html and "4.00" in html
    assert "holder@example.kz" not in html and "+77010000000" not in html
    assert 'name="robots" content="noindex, nofollow"' in html


def test_codes_are_found_in_any_case_and_with_dashes(client, document):
    spaced = f"{document.code[:4].lower()}-{document.code[4:8]}-{document.code[8:]}"
    assert document_by_code(spaced) == document
    assert get_verify(client, spaced).status_code == 200


def test_unknown_code_is_a_clear_404(client, document):
    response = get_verify(client, "ZZZZZZZZZZZZ")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No document has this verification code." in html and "ZZZZZZZZZZZZ" in html
    assert "Seitkali" not in html
    assert get_verify(client, "<script>").status_code == 404


def test_revoked_document_says_so(client, document):
    registrar = RegistrarFactory()
    document_revoke(document=document, actor=registrar, reason="Issued by mistake")
    document.refresh_from_db()
    revoked_at = document.revoked_at
    assert revoked_at is not None
    document_revoke(document=document, actor=registrar, reason="Again")  # twice changes nothing
    document.refresh_from_db()
    assert document.revoked_at == revoked_at
    assert AuditRecord.objects.filter(action="document.revoke").count() == 1

    html = get_verify(client, document.code).content.decode()
    assert "This document was revoked" in html and "This document is genuine." not in html


def test_verify_url_prefers_the_site_url(document, settings, rf):
    settings.SITE_URL = "https://university.studyspace.kz/"
    assert document_verify_url(document) == f"https://university.studyspace.kz/verify/{document.code}/"
    settings.SITE_URL = ""
    assert document_verify_url(document, request=rf.get("/")) == f"http://testserver/verify/{document.code}/"


def test_a_document_keeps_the_address_it_was_issued_from(settings, rf):
    settings.SITE_URL = ""
    holder = UserFactory()
    document = document_issue(
        kind="transcript", holder=holder, title="T", content=CONTENT, actor=holder, site_root="http://localhost:8123/"
    )
    document.refresh_from_db()
    assert document.site_root == "http://localhost:8123"
    elsewhere = rf.get("/", headers={"host": "testserver"})
    assert document_verify_url(document, request=elsewhere) == f"http://localhost:8123/verify/{document.code}/"

    settings.SITE_URL = "https://university.studyspace.kz"
    kept = document_issue(
        kind="transcript", holder=holder, title="T", content=CONTENT, actor=holder, site_root="http://localhost:8123"
    )
    assert kept.site_root == "https://university.studyspace.kz"

    settings.SITE_URL = ""
    unknown = document_issue(kind="transcript", holder=holder, title="T", content=CONTENT, actor=holder)
    assert unknown.site_root == ""
    assert document_verify_url(unknown, request=elsewhere) == f"http://testserver/verify/{unknown.code}/"


def test_the_local_settings_leave_site_url_empty():
    """`make run` serves wherever HOST and PORT say: the local settings must not pin links to 127.0.0.1:8000."""
    from tests.test_settings import _clean_env, _run

    probe = (
        "import environ; environ.Env.read_env = classmethod(lambda cls, *a, **k: None); import django; "
        "django.setup(); from django.conf import settings; print(repr(settings.SITE_URL))"
    )
    result = _run(["-c", probe], _clean_env("config.settings.local"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "''"


def test_qr_is_an_svg_data_uri():
    uri = qr_svg_data_uri("https://university.studyspace.kz/verify/ABC/")
    assert uri.startswith("data:image/svg+xml;base64,") and len(uri) > 500


def test_admin_lists_and_revokes_but_never_adds_or_deletes(client, document):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = reverse("admin:documents_issueddocument_changelist")
    assert document.code in client.get(changelist, {"q": document.code}).content.decode()
    assert client.get(reverse("admin:documents_issueddocument_add")).status_code == 403
    asked = client.post(changelist, {"action": "revoke", "_selected_action": [document.pk]})
    assert asked.status_code == 200 and b'name="reason"' in asked.content  # the reason is asked first
    document.refresh_from_db()
    assert document.revoked_at is None
    client.post(
        changelist, {"action": "revoke", "_selected_action": [document.pk], "apply": "1", "reason": "Wrong grades"}
    )
    document.refresh_from_db()
    assert document.revoke_reason == "Wrong grades"
    assert document.revoked_at is not None and document.revoked_at <= timezone.now()

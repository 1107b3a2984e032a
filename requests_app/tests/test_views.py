from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.tests.factories import DocumentTemplateFactory, SignatoryFactory
from finance.selectors import finance_summary
from finance.services.topups import topup_external_post
from finance.tests.ledger_checks import assert_ledger_balanced
from people.tests.factories import RegistrarFactory, StudentRecordFactory, TeacherFactory
from requests_app.models import Request, RequestFile, RequestKind
from requests_app.services.requests import request_create, request_reject, request_review

from .factories import RequestKindFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def record():
    return StudentRecordFactory()


@pytest.fixture
def office():
    return RegistrarFactory()


@pytest.fixture
def certificate():
    DocumentTemplateFactory(slug="study")
    SignatoryFactory()
    return RequestKindFactory(
        document_template="study",
        slug="study-certificate",
        category=RequestKind.Category.CERTIFICATE,
        name="Certificate of study",
        name_en="Certificate of study",
        description_en="To whom it may concern",
    )


@pytest.fixture
def paid():
    return RequestKindFactory(slug="card-duplicate", name_en="Duplicate student card", price=Decimal("1500.00"))


def _login(client, user, password):
    client.cookies["django_language"] = "en"
    client.login(email=user.email, password=password)


def _file(record, kind, **kwargs):
    return request_create(
        student=record, kind=kind, language="kk", comment="", details={}, files=[], actor=record.user, **kwargs
    )


def test_the_student_files_a_certificate_request(client, password, record, certificate):
    _login(client, record.user, password)
    page = client.get(reverse("requests:create") + "?kind=study-certificate").content.decode()
    assert "To whom it may concern" in page and 'value="study-certificate" selected' in page
    upload = SimpleUploadedFile("passport.pdf", PDF, "application/pdf")
    data = {"category": "certificate", "kind": "study-certificate", "language": "ru", "comment": "Hi", "files": upload}
    response = client.post(reverse("requests:create"), data)
    req = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("requests:detail", args=[req.pk])
    assert (req.language, req.comment, req.files.count()) == ("ru", "Hi", 1)
    index = client.get(reverse("requests:index")).content.decode()
    assert "Certificate of study" in index and 'data-status="new"' in index


def test_the_kind_block_is_swapped_by_htmx(client, password, record, certificate, paid):
    _login(client, record.user, password)
    response = client.get(reverse("requests:create"), {"category": "service"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="kind-fields"') and "Duplicate student card" in body
    assert "<html" not in body
    body = client.get(
        reverse("requests:create"), {"category": "service", "kind": "card-duplicate"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-testid="payment"' in body and 'data-testid="kind-info"' in body


def test_a_paid_request_without_means_keeps_the_form_and_moves_nothing(client, password, record, paid):
    _login(client, record.user, password)
    data = {"category": "service", "kind": "card-duplicate", "language": "kk", "comment": "Lost it"}
    response = client.post(reverse("requests:create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "top up 1" in body and "Lost it" in body
    assert Request.objects.count() == 0
    assert finance_summary(record).balance == Decimal("0.00")
    assert_ledger_balanced()


def test_a_duplicate_is_refused_on_the_page(client, password, record, certificate):
    _file(record, certificate)
    _login(client, record.user, password)
    data = {"category": "certificate", "kind": "study-certificate", "language": "kk"}
    response = client.post(reverse("requests:create"), data)
    assert response.status_code == 400 and "already have an open request" in response.content.decode()
    assert Request.objects.count() == 1


def test_another_students_request_is_404(client, password, record, certificate):
    other = StudentRecordFactory()
    req = _file(other, certificate)
    attached = RequestFile.objects.create(
        request=req, file=SimpleUploadedFile("a.pdf", PDF), name="a.pdf", content_type="application/pdf", size=15
    )
    _login(client, record.user, password)
    assert client.get(reverse("requests:detail", args=[req.pk])).status_code == 404
    assert client.get(reverse("requests:file", args=[attached.pk])).status_code == 404
    # a forged withdrawal of someone else's request changes nothing
    assert client.post(reverse("requests:cancel", args=[req.pk])).status_code == 404
    req.refresh_from_db()
    assert req.status == Request.Status.NEW
    # and the office's actions are not the student's
    assert client.post(reverse("requests:review", args=[req.pk]), {"action": "review"}).status_code == 404
    req.refresh_from_db()
    assert req.status == Request.Status.NEW


def test_the_student_withdraws_and_sees_the_reason_of_a_rejection(client, password, record, office, certificate):
    topup_external_post(provider="kaspi", external_id="v-1", student=record, amount="1500")
    paid = RequestKindFactory(slug="late-drop", price=Decimal("1500.00"))
    req = _file(record, paid)
    _login(client, record.user, password)
    assert client.post(reverse("requests:cancel", args=[req.pk])).status_code == 302
    req.refresh_from_db()
    assert req.status == Request.Status.CANCELLED and finance_summary(record).balance == Decimal("1500.00")
    other = _file(record, certificate)
    request_reject(request=other, actor=office, reason="Not our office")
    page = client.get(reverse("requests:index"), {"tab": "rejected"}).content.decode()
    assert "Not our office" in page and page.count('data-testid="request-row"') == 1


def test_the_office_takes_a_request_through_and_refuses_a_bad_step(client, password, record, office, certificate):
    req = _file(record, certificate)
    _login(client, office, password)
    url = reverse("requests:review", args=[req.pk])
    assert client.post(url, {"action": "issue"}).status_code == 302
    req.refresh_from_db()
    assert req.status == Request.Status.NEW
    messages = [str(m) for m in client.get(url).context["messages"]]
    assert any("not possible now" in m for m in messages)
    for action, status in (("review", "in_review"), ("ready", "ready"), ("issue", "issued")):
        client.post(url, {"action": action})
        req.refresh_from_db()
        assert req.status == status
    page = client.get(url).content.decode()
    assert req.document.code in page


def test_a_rejection_without_a_reason_keeps_the_form(client, password, record, office, certificate):
    req = _file(record, certificate)
    _login(client, office, password)
    response = client.post(reverse("requests:review", args=[req.pk]), {"action": "reject", "reason": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Request.Status.NEW


def test_the_office_attaches_a_file_the_student_downloads(client, password, record, office, certificate):
    req = _file(record, certificate)
    _login(client, office, password)
    upload = SimpleUploadedFile("answer.pdf", PDF, "application/pdf")
    client.post(reverse("requests:review", args=[req.pk]), {"action": "attach", "file": upload})
    attached = req.files.get()
    client.logout()
    _login(client, record.user, password)
    response = client.get(reverse("requests:file", args=[attached.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_the_queue_filters_and_is_the_offices_only(client, password, record, office, certificate, paid):
    _file(record, certificate)
    other = StudentRecordFactory()
    _file(other, RequestKindFactory(slug="transcript", category=RequestKind.Category.CERTIFICATE))
    teacher = TeacherFactory()
    _login(client, teacher, password)
    assert client.get(reverse("requests:queue")).status_code == 404
    client.logout()
    _login(client, office, password)
    page = client.get(reverse("requests:queue")).content.decode()
    assert page.count('data-testid="queue-row"') == 2
    page = client.get(reverse("requests:queue"), {"q": record.student_number}).content.decode()
    assert page.count('data-testid="queue-row"') == 1
    page = client.get(reverse("requests:queue"), {"kind": "transcript", "status": ""}).content.decode()
    assert page.count('data-testid="queue-row"') == 1
    assert client.get(reverse("requests:index")).status_code == 302  # the office's module link: to the queue


def _many(record, office, n):
    for i in range(n):
        kind = RequestKindFactory(category=RequestKind.Category.CERTIFICATE)
        req = _file(record, kind)
        if i % 2:
            request_review(request=req, actor=office)


def test_the_pages_queries_do_not_grow(client, password, record, office, django_assert_max_num_queries):
    _many(record, office, 2)
    req = Request.objects.first()
    pages = {
        "index": (record.user, reverse("requests:index")),
        "create": (record.user, reverse("requests:create") + "?category=certificate"),
        "detail": (record.user, reverse("requests:detail", args=[req.pk])),
        "queue": (office, reverse("requests:queue")),
        "review": (office, reverse("requests:review", args=[req.pk])),
    }
    counts = {}
    for name, (user, url) in pages.items():
        client.force_login(user)
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200
        counts[name] = len(captured.captured_queries)
    _many(record, office, 12)
    for name, (user, url) in pages.items():
        client.force_login(user)
        with django_assert_max_num_queries(counts[name]):
            assert client.get(url).status_code == 200, name

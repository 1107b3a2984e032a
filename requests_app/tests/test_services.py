from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditAction, AuditRecord
from documents.models import IssuedDocument
from documents.tests.factories import DocumentTemplateFactory, SignatoryFactory
from finance.models import Transaction
from finance.selectors import finance_summary
from finance.services.topups import topup_external_post
from finance.tests.ledger_checks import assert_ledger_balanced
from notifications.models import Notification
from people.tests.factories import RegistrarFactory, StudentRecordFactory
from requests_app.models import Request, RequestKind
from requests_app.services.requests import (
    request_cancel,
    request_create,
    request_file_add,
    request_issue,
    request_ready,
    request_reject,
    request_review,
)

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
        document_template="study", slug="study-certificate", category=RequestKind.Category.CERTIFICATE
    )


@pytest.fixture
def paid():
    return RequestKindFactory(slug="retake", category=RequestKind.Category.SERVICE, price=Decimal("500.00"))


def _file(name="scan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def _create(record, kind, **kwargs):
    values = {"language": "kk", "comment": "", "details": {}, "files": [], "actor": record.user} | kwargs
    return request_create(student=record, kind=kind, **values)


def _top_up(record, amount):
    topup_external_post(provider="kaspi", external_id=f"t-{record.pk}-{amount}", student=record, amount=amount)


def test_a_certificate_goes_through_every_step_audited_and_told(record, office, certificate):
    req = _create(record, certificate, comment="For the military office", files=[_file()])
    assert req.status == Request.Status.NEW and req.files.count() == 1
    request_review(request=req, actor=office)
    req = request_ready(request=req, actor=office)
    assert req.document is not None and req.document.kind == IssuedDocument.Kind.CERTIFICATE
    assert req.document.holder == record.user
    req = request_issue(request=req, actor=office)
    req.refresh_from_db()
    assert req.status == Request.Status.ISSUED and req.document_id is not None
    assert list(req.events.values_list("status", flat=True)) == ["new", "in_review", "ready", "issued"]
    actions = set(AuditRecord.objects.filter(target_type="requests_app.request").values_list("action", flat=True))
    assert actions == {
        AuditAction.REQUEST_CREATE,
        AuditAction.REQUEST_REVIEW,
        AuditAction.REQUEST_READY,
        AuditAction.REQUEST_ISSUE,
    }
    notes = Notification.objects.filter(recipient=record.user, kind="request")
    assert notes.count() == 4
    assert all(n.params["kind"] for n in notes) and all("{kind}" in n.title_msgid for n in notes)


def test_a_step_out_of_order_is_refused_and_changes_nothing(record, office, certificate):
    req = _create(record, certificate)
    with pytest.raises(ValidationError, match="not possible now"):
        request_issue(request=req, actor=office)
    with pytest.raises(ValidationError, match="not possible now"):
        request_ready(request=req, actor=office)
    req.refresh_from_db()
    assert req.status == Request.Status.NEW and req.document_id is None
    assert req.events.count() == 1


def test_a_second_open_request_of_the_same_kind_is_refused(record, office, certificate):
    first = _create(record, certificate)
    with pytest.raises(ValidationError, match="already have an open request"):
        _create(record, certificate)
    assert Request.objects.count() == 1
    request_reject(request=first, actor=office, reason="Wrong office")
    _create(record, certificate)  # the first is closed: a new one is filed
    assert Request.objects.count() == 2


def test_a_paid_request_without_means_is_refused_and_nothing_moves(record, paid):
    _top_up(record, "200.00")
    before = Transaction.objects.count()
    with pytest.raises(ValidationError, match="top up 300"):
        _create(record, paid)
    assert Request.objects.count() == 0
    assert Transaction.objects.count() == before
    assert finance_summary(record).balance == Decimal("200.00")
    assert_ledger_balanced()


def test_a_paid_request_is_paid_from_the_balance_and_refunded_when_rejected(record, office, paid):
    _top_up(record, "800.00")
    req = _create(record, paid)
    assert req.payment.reference == f"request:{req.pk}"
    assert finance_summary(record).balance == Decimal("300.00")
    assert_ledger_balanced()
    request_review(request=req, actor=office)
    req = request_reject(request=req, actor=office, reason="No retake this term")
    assert req.status == Request.Status.REJECTED and req.reason == "No retake this term"
    assert req.refund is not None and req.refund.reverses_id == req.payment_id
    assert finance_summary(record).balance == Decimal("800.00")
    assert_ledger_balanced()
    last = Notification.objects.filter(recipient=record.user).order_by("-pk").first()
    assert last.params["reason"] == "No retake this term"


def test_a_rejection_needs_a_reason(record, office, certificate):
    req = _create(record, certificate)
    with pytest.raises(ValidationError, match="Say why"):
        request_reject(request=req, actor=office, reason="  ")
    req.refresh_from_db()
    assert req.status == Request.Status.NEW


def test_the_student_withdraws_a_new_request_and_gets_the_money_back(record, office, paid):
    _top_up(record, "500.00")
    req = _create(record, paid)
    assert finance_summary(record).balance == Decimal("0.00")
    with pytest.raises(ValidationError, match="Only the student"):
        request_cancel(request=req, actor=office)
    req = request_cancel(request=req, actor=record.user)
    assert req.status == Request.Status.CANCELLED
    assert finance_summary(record).balance == Decimal("500.00")
    assert AuditRecord.objects.filter(action=AuditAction.REQUEST_CANCEL, target_id=str(req.pk)).exists()
    assert_ledger_balanced()


def test_a_request_in_review_is_not_withdrawn(record, office, certificate):
    req = _create(record, certificate)
    request_review(request=req, actor=office)
    with pytest.raises(ValidationError, match="only while it is new"):
        request_cancel(request=req, actor=record.user)
    req.refresh_from_db()
    assert req.status == Request.Status.IN_REVIEW


def test_a_file_is_judged_by_its_bytes(record, office, certificate):
    with pytest.raises(ValidationError, match="not a PDF"):
        _create(record, certificate, files=[_file("scan.pdf", b"<html><script>alert(1)</script>")])
    assert Request.objects.count() == 0
    req = _create(record, certificate)
    attached = request_file_add(request=req, upload=_file("answer.pdf"), actor=office, by_office=True)
    assert attached.content_type == "application/pdf" and attached.by_office


def test_a_language_the_kind_does_not_offer_is_refused(record):
    kind = RequestKindFactory(slug="ru-only", languages=["ru"])
    with pytest.raises(ValidationError, match="languages"):
        _create(record, kind, language="en")
    assert Request.objects.count() == 0


def test_an_inactive_kind_is_refused(record):
    kind = RequestKindFactory(slug="gone", active=False)
    with pytest.raises(ValidationError, match="not available"):
        _create(record, kind)


def test_an_approved_add_drop_request_is_applied_and_audited(record, office):
    pytest.importorskip("requests_app.services.adddrop")
    kind = RequestKindFactory(slug="adddrop-drop", category=RequestKind.Category.ADD_DROP)
    with pytest.raises(ValidationError):
        _create(record, kind, details={})  # nothing to drop: the add/drop rule refuses it

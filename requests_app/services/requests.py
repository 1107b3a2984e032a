"""Writes of My requests (SPEC §2.16): file a request (paid from the balance when the kind has a price), then the
office's steps new → in review → ready → issued, or rejected with a reason; the student withdraws a new one.

Every step runs under the student's lock (`people.selectors.student_lock`, the one lock every app takes on a
student, which the balance also uses), is audited with its `AuditAction.REQUEST_*` member, written to the request's
history and told to the student (a notification stored as message ids and values). A paid request that is rejected
or withdrawn gets its money back on the balance: the payment is reversed (its mirror image), so the ledger keeps
summing to zero and the service income does not keep money for nothing delivered.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.services import audit_record_create
from core import files as core_files
from finance.services.ledger import transaction_reverse
from finance.services.payments import service_pay
from notifications.models import Kind as NotificationKind
from notifications.services import notify
from people.models import StudentRecord
from people.permissions import STUDENT_PAGE_RELATED
from people.selectors import student_lock

from ..models import Request, RequestEvent, RequestFile, RequestKind

Status = Request.Status
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ACCEPTED_TYPES = {
    core_files.PDF: ".pdf",
    core_files.JPEG: ".jpg",
    core_files.PNG: ".png",
    core_files.DOCX: ".docx",
    core_files.ODT: ".odt",
}
REASON_MAX = 1000

# What the student is told at each step: title and body message ids, {kind} the request's kind in their language.
MESSAGES = {
    Status.NEW: (gettext_lazy("Your request «{kind}» is filed"), gettext_lazy("The office will take it soon.")),
    Status.IN_REVIEW: (gettext_lazy("Your request «{kind}» is in review"), ""),
    Status.READY: (
        gettext_lazy("Your request «{kind}» is ready"),
        gettext_lazy("Collect it from the office or download it in My requests."),
    ),
    Status.ISSUED: (gettext_lazy("Your request «{kind}» is issued"), ""),
    Status.REJECTED: (gettext_lazy("Your request «{kind}» is not fulfilled"), gettext_lazy("Reason: {reason}")),
    Status.CANCELLED: (gettext_lazy("Your request «{kind}» is withdrawn"), ""),
}
AUDIT = {
    Status.NEW: AuditAction.REQUEST_CREATE,
    Status.IN_REVIEW: AuditAction.REQUEST_REVIEW,
    Status.READY: AuditAction.REQUEST_READY,
    Status.ISSUED: AuditAction.REQUEST_ISSUE,
    Status.REJECTED: AuditAction.REQUEST_REJECT,
    Status.CANCELLED: AuditAction.REQUEST_CANCEL,
}


def file_check(upload) -> str:
    """The suffix of an accepted file, read from its bytes (core.files.sniff), or a refusal."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file %(name)s is larger than 10 MB.") % {"name": upload.name})
    suffix = ACCEPTED_TYPES.get(core_files.sniff(upload))
    if suffix is None:
        raise ValidationError(_("The file %(name)s is not a PDF, JPEG, PNG, DOCX or ODT file.") % {"name": upload.name})
    return suffix


def _attach(req: Request, uploads, *, actor, by_office: bool) -> list[RequestFile]:
    attached = []
    for upload in uploads:
        content_type = core_files.sniff(upload)
        attached.append(
            RequestFile.objects.create(
                request=req,
                file=upload,
                name=(upload.name or "file")[:200],
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
                by_office=by_office,
            )
        )
    return attached


def _check_files(uploads) -> list:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_FILES})
    for upload in uploads:
        file_check(upload)
    return uploads


def _url(req: Request) -> str:
    return reverse("requests:detail", args=[req.pk])


def _step(req: Request, *, status: str, actor, note: str = "", before: str | None = None, fields=(), after=None):
    """Record a step: the request's status (and `fields` changed with it), its history line, the audit line and
    the student's notification. `before` is None only for the request just filed."""
    req.status = status
    req.status_changed_at = timezone.now()
    if before is not None:
        req.save(update_fields=["status", "status_changed_at", "updated_at", *fields])
    RequestEvent.objects.create(
        request=req, status=status, actor=actor if getattr(actor, "pk", None) else None, note=note
    )
    audit_record_create(
        actor=actor,
        action=AUDIT[status],
        target=req,
        summary=f"{req.kind.slug} #{req.pk} {req.student.student_number} → {status}",
        before={"status": before} if before is not None else None,
        after={"status": status, **(after or {})},
    )
    title, body = MESSAGES[status]
    notify(
        recipient=req.student.user,
        kind=NotificationKind.REQUEST,
        title=title,
        body=body,
        params={"kind": req.kind, **({"reason": req.reason} if status == Status.REJECTED else {})},
        url=_url(req),
    )


def _locked(req: Request) -> Request:
    """The request read afresh under its student's lock (every write of a request takes that lock first)."""
    student_lock(req.student_id)
    return Request.objects.select_for_update(of=("self",)).select_related("kind", "student__user").get(pk=req.pk)


def _require(req: Request, *allowed: str) -> None:
    if req.status not in allowed:
        raise ValidationError(
            _("The request is “%(status)s”: this step is not possible now.") % {"status": req.get_status_display()},
            code="bad_transition",
        )


def _money_back(req: Request, *, actor, reason: str) -> None:
    """Put a paid request's money back on the student's balance (the payment reversed, once)."""
    if req.payment_id is None or req.refund_id is not None:
        return
    req.refund = transaction_reverse(txn=req.payment, actor=actor, reason=reason)


@transaction.atomic
def request_create(
    *, student, kind: RequestKind, language: str, comment: str = "", details: dict | None = None, files=(), actor
) -> Request:
    """File a request. Refused (nothing created, nothing paid) for an inactive kind, a language the kind does not
    offer, a second open request of the same kind, an add/drop change a rule refuses (`adddrop_check`), a file that
    is not an accepted type, or a paid kind the balance does not cover ("top up N ₸", finance.service_pay)."""
    if not kind.active:
        raise ValidationError(_("This kind of request is not available."))
    if language not in {code for code, _name in kind.language_choices}:
        raise ValidationError(_("Choose one of the languages this document is issued in."))
    uploads = _check_files(files)
    details = dict(details or {})
    student = student_lock(student.pk, related=("user",))
    if Request.objects.filter(student=student, kind=kind, status__in=Request.OPEN).exists():
        raise ValidationError(_duplicate_message(), code="duplicate")
    if kind.category == RequestKind.Category.ADD_DROP:
        from .adddrop import adddrop_check  # written by the add/drop part (issue 11 part 4)

        if kind.adddrop_action and details.get("action") != kind.adddrop_action:
            # the kind (and its price: a late drop's fee) decides the change, not the posted form
            raise ValidationError(_("This request asks for another add/drop change: file it under its own kind."))
        adddrop_check(student=student, details=details)
    try:
        with transaction.atomic():
            req = Request.objects.create(
                student=student,
                kind=kind,
                language=language,
                comment=(comment or "").strip(),
                details=details,
                amount=kind.price,
            )
    except IntegrityError:
        raise ValidationError(_duplicate_message(), code="duplicate") from None
    if kind.is_paid:
        req.payment = service_pay(
            student=student,
            amount=kind.price,
            service=kind.slug[:40],
            reference=f"request:{req.pk}",
            actor=actor,
            description=str(kind.name),
        )
        req.save(update_fields=["payment"])
    _attach(req, uploads, actor=actor, by_office=False)
    _step(req, status=Status.NEW, actor=actor, note=req.comment, after={"kind": kind.slug, "amount": str(kind.price)})
    return req


def _duplicate_message() -> str:
    return _("You already have an open request of this kind: wait until it is done or withdraw it.")


@transaction.atomic
def request_review(*, request: Request, actor) -> Request:
    """The office takes a new request into review."""
    req = _locked(request)
    _require(req, Status.NEW)
    _step(req, status=Status.IN_REVIEW, actor=actor, before=req.status)
    return req


@transaction.atomic
def request_ready(*, request: Request, actor, site_root: str = "") -> Request:
    """The office marks a request in review ready. A certificate is issued here (its document, with a verification
    code); an add/drop request is applied here through the same services and rules as self-registration, and a
    refused rule refuses the step with its reason (nothing changes)."""
    req = _locked(request)
    _require(req, Status.IN_REVIEW)
    before = req.status
    changed: dict = {}
    category = req.kind.category
    if category == RequestKind.Category.CERTIFICATE and req.document_id is None and req.kind.document_template:
        req.document = _request_document_issue(req, actor, site_root)
        changed["document"] = req.document.pk
    elif category == RequestKind.Category.ADD_DROP:
        from .adddrop import adddrop_apply  # written by the add/drop part (issue 11 part 4)

        adddrop_apply(student=req.student, details=req.details, actor=actor)
        audit_record_create(
            actor=actor,
            action=AuditAction.REQUEST_APPLY,
            target=req,
            summary=f"{req.kind.slug} #{req.pk} {req.student.student_number}",
            after={"details": req.details},
        )
    _step(req, status=Status.READY, actor=actor, before=before, fields=list(changed), after=changed)
    return req


TRANSCRIPT_TEMPLATE = "official-transcript"


def _request_document_issue(req: Request, actor, site_root: str = ""):
    """The document a certificate request asks for, in the request's language (docs/modules.md#my-requests). A
    certificate kind without a template is paper the office prepares by hand (and may attach as a file).

    The official transcript is the study plan's (`transcript_issue_official`, which honours holds itself); every
    other certificate is filled in from the university's template named by the kind (`certificate_issue`), refused
    while a hold blocking documents is active, with the hold's office, reason and how to lift it."""
    from curriculum.selectors.holds import active_holds
    from curriculum.services.transcript import transcript_issue_official
    from documents.models import DocumentTemplate
    from documents.services import certificate_issue

    student = StudentRecord.objects.select_related("user", *STUDENT_PAGE_RELATED).get(pk=req.student_id)
    if req.kind.document_template == TRANSCRIPT_TEMPLATE:
        try:
            with translation.override(req.language):
                return transcript_issue_official(student=student, actor=actor, site_root=site_root)
        except PermissionDenied as refused:  # the transcript is the registrar's to issue
            raise ValidationError(str(refused)) from None
    hold = active_holds(student=student, blocking="documents").first()
    if hold is not None:
        raise ValidationError(
            _("The certificate is blocked by a hold of the %(office)s: %(reason)s %(lift)s")
            % {"office": hold.get_office_display(), "reason": hold.reason, "lift": hold.how_to_lift}
        )
    template = DocumentTemplate.objects.filter(slug=req.kind.document_template).first()
    if template is None:
        raise ValidationError(_("This certificate is not offered any more."))
    return certificate_issue(holder=student, template=template, language=req.language, actor=actor, site_root=site_root)


@transaction.atomic
def request_issue(*, request: Request, actor) -> Request:
    """The office hands a ready request over: issued."""
    req = _locked(request)
    _require(req, Status.READY)
    _step(req, status=Status.ISSUED, actor=actor, before=req.status)
    return req


@transaction.atomic
def request_reject(*, request: Request, actor, reason: str) -> Request:
    """The office refuses a request that is not yet ready, saying why; a paid one gets its money back."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the request is not fulfilled."), code="reason")
    req = _locked(request)
    _require(req, Status.NEW, Status.IN_REVIEW)
    before = req.status
    req.reason = reason[:REASON_MAX]
    _money_back(req, actor=actor, reason=f"request:{req.pk} rejected")
    _step(
        req,
        status=Status.REJECTED,
        actor=actor,
        note=req.reason,
        before=before,
        fields=["reason", "refund"],
        after={"reason": req.reason, "refund": req.refund_id},
    )
    return req


@transaction.atomic
def request_cancel(*, request: Request, actor) -> Request:
    """The student withdraws their own request while it is new; a paid one gets its money back."""
    req = _locked(request)
    if getattr(actor, "pk", None) != req.student.user_id:
        raise ValidationError(_("Only the student who filed the request may withdraw it."))
    if req.status != Status.NEW:
        raise ValidationError(_("A request is withdrawn only while it is new."), code="bad_transition")
    before = req.status
    _money_back(req, actor=actor, reason=f"request:{req.pk} withdrawn")
    _step(req, status=Status.CANCELLED, actor=actor, before=before, fields=["refund"], after={"refund": req.refund_id})
    return req


@transaction.atomic
def request_file_add(*, request: Request, upload, actor, by_office: bool) -> RequestFile:
    """Attach a file to an open or issued request (the office's answer, or the student's addition while open)."""
    req = _locked(request)
    if req.status in (Status.REJECTED, Status.CANCELLED):
        raise ValidationError(_("Files are not added to a closed request."))
    if not by_office and req.status not in Request.OPEN:
        raise ValidationError(_("Files are not added to a closed request."))
    if req.files.count() >= MAX_FILES * 2:
        raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_FILES * 2})
    file_check(upload)
    return _attach(req, [upload], actor=actor, by_office=by_office)[0]

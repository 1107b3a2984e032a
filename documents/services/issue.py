"""Writes of issued documents: issue one with exactly the content it shows, revoke it with a reason (both audited)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import AuditAction
from audit.services import audit_record_create
from core.site import site_url

from ..models import IssuedDocument


@transaction.atomic
def document_issue(
    *,
    kind: str,
    holder,
    title: str,
    content: dict,
    actor,
    site_root: str = "",
    valid_until=None,
    job=None,
) -> IssuedDocument:
    """Record an issued document; `content` is what the paper shows, and the public page shows no more.

    `site_root` is the portal's address the document is issued from (the request's scheme and host, e.g.
    "http://localhost:8123"); SITE_URL wins when the deployment sets it. The document keeps it, so its QR code and
    printed link point where it was issued, whenever and from wherever it is downloaded again.
    """
    if kind not in IssuedDocument.Kind.values:
        raise ValidationError(gettext("Unknown kind of document."))
    title = (title or "").strip()
    if not title:
        raise ValidationError(gettext("A document needs a title."))
    document = IssuedDocument.objects.create(
        kind=kind,
        holder=holder,
        title=title[: IssuedDocument._meta.get_field("title").max_length],
        content=content,
        site_root=site_url(base_url=site_root)[: IssuedDocument._meta.get_field("site_root").max_length],
        issued_by=actor if getattr(actor, "pk", None) else None,
        valid_until=valid_until,
        job=job,
    )
    audit_record_create(
        actor=actor,
        action=AuditAction.DOCUMENT_ISSUE,
        target=document,
        summary=f"{kind} {document.code} for user {holder.pk}",
        after={"code": document.code, "kind": kind},
    )
    return document


@transaction.atomic
def document_revoke(*, document: IssuedDocument, actor, reason: str) -> IssuedDocument:
    """Revoke a document with the reason the public page then shows ("revoked on …: reason").

    The reason is required (a revocation nobody can explain is worth nothing to whoever checks the paper);
    revoking twice changes nothing.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(gettext("Give the reason for revoking the document: the verification page shows it."))
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if document.revoked_at is not None:
        return document
    document.revoked_at = timezone.now()
    document.revoke_reason = reason[:1000]
    document.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record_create(
        actor=actor,
        action=AuditAction.DOCUMENT_REVOKE,
        target=document,
        summary=document.code,
        before={"revoked_at": None},
        after={"revoked_at": document.revoked_at.isoformat(), "reason": document.revoke_reason},
    )
    return document

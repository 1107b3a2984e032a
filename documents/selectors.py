"""Reads of issued documents: lookup by code and the absolute verification address."""

from core.site import site_url

from .models import IssuedDocument


def normalize_code(code: str) -> str:
    """Codes are printed in capitals; people type them in any case and with spaces or dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def document_by_code(code: str) -> IssuedDocument | None:
    code = normalize_code(code)
    if not code:
        return None
    return IssuedDocument.objects.filter(code=code).first()


def document_issued_with(*, kind: str, holder, content: dict) -> IssuedDocument | None:
    """The holder's unrevoked document of this kind that shows exactly `content`, if one was issued."""
    recent = IssuedDocument.objects.filter(kind=kind, holder=holder, revoked_at__isnull=True).order_by("-issued_at")
    # compared here, not in SQL: jsonb and SQLite's JSON text do not agree on what "equal" means
    return next((document for document in recent[:50] if document.content == content), None)


def documents_held_by(*, user, kind: str | None = None):
    qs = IssuedDocument.objects.filter(holder=user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-issued_at")


def document_verify_url(document: IssuedDocument, *, request=None) -> str:
    """The absolute address of the public verification page, printed under the QR.

    The address the document was issued from (`IssuedDocument.site_root`: SITE_URL when it was set, else the
    issuing request's host), so a copy downloaded again later or through another host prints the same link. A
    document issued with no address known (before the portal kept it, from a background job) falls back to
    SITE_URL, else the current request's host (`core.site.site_url`).
    """
    return (document.site_root or site_url(request=request)) + document.get_absolute_url()


def students_for_group_certificates(group):
    """The group's students a group certificate goes to: those studying now (not expelled or graduated)."""
    from people.models import StudentRecord

    return StudentRecord.objects.filter(group=group, status=StudentRecord.Status.ACTIVE)


def recent_certificate_jobs(*, limit: int = 10):
    from .models import CertificateJob

    return CertificateJob.objects.select_related("template", "group", "created_by").order_by("-created_at")[:limit]

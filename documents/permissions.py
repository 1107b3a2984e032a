"""Who may open what of the issued documents: anyone verifies a code; the holder and the office download."""

from django.http import Http404

from people.permissions import is_office

from .models import CertificateJob, IssuedDocument
from .selectors import document_by_code


def can_download_document(user, document: IssuedDocument) -> bool:
    """The holder and the registrar's office may download an issued document's PDF."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return document.holder_id == user.pk or is_office(user)


def certificate_get_for_user_or_404(user, code: str) -> IssuedDocument:
    """An issued certificate the user may download; 404 for a missing code and for someone else's alike."""
    document = document_by_code(code)
    if (
        document is None
        or document.kind != IssuedDocument.Kind.CERTIFICATE
        or not can_download_document(user, document)
    ):
        raise Http404
    return document


def can_issue_certificates(user) -> bool:
    return is_office(user)


def can_revoke_document(user, document: IssuedDocument) -> bool:
    return is_office(user)


def job_get_for_user_or_404(user, pk: int) -> CertificateJob:
    """A certificate job: for the one who started it and the office (which is who starts them)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    job = CertificateJob.objects.select_related("template", "group", "created_by").filter(pk=pk).first()
    if job is None or not (job.created_by_id == user.pk or is_office(user)):
        raise Http404
    return job

"""Writes of issued documents (docs/domain.md#certificates)."""

from .certificates import certificate_issue, certificate_pdf
from .issue import document_issue, document_revoke
from .jobs import certificate_job_run, certificate_job_start

__all__ = [
    "certificate_issue",
    "certificate_job_run",
    "certificate_job_start",
    "certificate_pdf",
    "document_issue",
    "document_revoke",
]

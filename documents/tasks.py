"""Background jobs of issued documents."""

from celery import shared_task
from django.db import OperationalError

from .services import certificate_job_run


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def generate_certificates_task(job_id: int) -> None:
    """Issue a certificate job's documents and build its ZIP (safe to run twice: `certificate_job_run`)."""
    certificate_job_run(job_id=job_id)

"""Background jobs of the study plan: long spreadsheet imports (the admin's progress page reads their state)."""

from celery import shared_task

from . import imports


@shared_task
def run_curriculum_import_task(job_id: str) -> str | None:
    """Check or import a stored spreadsheet (curriculum.imports.import_job_run); running it twice does nothing."""
    job = imports.import_job_run(job_id=job_id)
    return job["state"] if job else None

"""Celery tasks of testing."""

from celery import shared_task


@shared_task
def close_expired_attempts() -> int:
    """Every 30 s (beat `testing-close-expired`): close the attempts whose time ran out, with their saved answers."""
    from .services.attempts import attempts_close_expired

    return attempts_close_expired()


@shared_task
def clean_pending_imports() -> int:
    """Daily (beat `testing-clean-imports`): delete the bank imports previewed and never confirmed."""
    from .services.banks import pending_imports_clean

    return pending_imports_clean()

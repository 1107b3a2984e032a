"""Background jobs of the schedule: the waitlist's offers (a periodic Celery beat job)."""

from celery import shared_task
from django.db import OperationalError

from .services import waitlist_offers_expire


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def expire_stream_offers_task(self) -> int:
    """Expire unclaimed seat offers and offer each seat to the next in line. Safe to run twice (and at once on
    two workers): an offer is expired only while it is still OFFERED, under its stream's row lock."""
    return waitlist_offers_expire()

"""Background jobs of finance: a term's tuition charges (started by the office, progress in the cache) and the
daily debt-hold check (Celery beat, config/settings/base.py)."""

import secrets

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from core.jobs import enqueue_after_commit
from people.models import StudentRecord
from university.models import Term

from .selectors import students_to_check_for_debt_hold
from .services.tuition import debt_hold_sync, tuition_charge_term

JOB_TTL = 24 * 3600  # a finished job's counts stay readable for a day


def _job_cache_key(key: str) -> str:
    return f"finance:tuition-job:{key}"


def tuition_job_state(key: str) -> dict | None:
    """What the job reports: state (queued, running, done, failed), done of total, charged, skipped, term."""
    return cache.get(_job_cache_key(key)) if key else None


def _job_state_set(key: str, **changes) -> dict:
    state = (tuition_job_state(key) or {}) | changes
    cache.set(_job_cache_key(key), state, JOB_TTL)
    return state


def tuition_job_start(*, term: Term, actor) -> str:
    """Queue charging the term's tuition (after the current transaction commits); returns the job's key."""
    key = secrets.token_urlsafe(16)
    _job_state_set(
        key, state="queued", term_id=term.pk, term=str(term), done=0, total=0, charged=0, skipped=0, actor=actor.pk
    )
    enqueue_after_commit(tuition_charge_term_task, term.pk, actor.pk, key)
    return key


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def tuition_charge_term_task(self, term_id: int, actor_id: int, job_key: str) -> dict:
    """Charge the term's tuition to every fee-paying student, recording progress under `job_key`. Safe to run
    twice: a student already charged for the term is skipped (tuition_charge is once per student and term)."""
    term = Term.objects.get(pk=term_id)
    actor = get_user_model().objects.get(pk=actor_id)
    _job_state_set(job_key, state="running")
    try:
        counts = tuition_charge_term(
            term=term, actor=actor, progress=lambda counts: _job_state_set(job_key, state="running", **counts)
        )
    except OperationalError:
        raise  # retried: the counts stay "running"
    except Exception:
        _job_state_set(job_key, state="failed")
        raise
    _job_state_set(job_key, state="done", **counts)
    return counts


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def debt_holds_sync_task(self) -> int:
    """Place the debt hold on every student whose debt became overdue, lift those whose debt is paid. Daily;
    safe to run twice (debt_hold_sync places one hold at most). Returns how many students hold one now."""
    today = timezone.localdate()
    held = 0
    for student in StudentRecord.objects.filter(pk__in=students_to_check_for_debt_hold(today=today)).order_by("pk"):
        held += debt_hold_sync(student=student, actor=None, today=today) is not None
    return held

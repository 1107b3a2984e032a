"""With Redis down, pages, sign-in, password reset, first access and signatures keep working (issue 9, part 7.3).

Redis is the shared cache (allauth's rate limits read it on every sign-in) and Celery's broker (e-mails of
notifications and first-access links). Here both point at a closed port, as when the Redis host is down;
/healthz is what says so (tests/test_healthz.py).
"""

import logging
import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from config.celery import app as celery_app
from core import cache as fail_open
from curriculum.models import IndividualPlan, IUPSignature
from curriculum.services.iup import iup_sign
from curriculum.tests.test_iup_services import make_plan
from people.tests.factories import PASSWORD, UserFactory

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
# what config/settings/base.py builds when REDIS_URL is set (tests/test_settings.py checks the backend it names)
DOWN_CACHE = {
    "default": {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": CLOSED_PORT_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_down(settings):
    fail_open._down_until.clear()
    settings.CACHES = DOWN_CACHE
    settings.REDIS_URL = CLOSED_PORT_REDIS
    yield
    fail_open._down_until.clear()


@pytest.fixture
def broker_down():
    """Celery as in production (not eager) with its broker unreachable; publishing fails fast."""
    conf = celery_app.conf
    saved = {
        key: conf[key] for key in ("task_always_eager", "broker_url", "task_publish_retry", "broker_connection_timeout")
    }
    conf.update(
        task_always_eager=False, broker_url=CLOSED_PORT_REDIS, task_publish_retry=False, broker_connection_timeout=1
    )
    _forget_connections()
    yield
    conf.update(saved)
    _forget_connections()


def _forget_connections():
    """Celery keeps its broker connections and producers in pools made for the broker of the day."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


pytestmark = pytest.mark.django_db


def test_the_cache_answers_as_an_empty_cache_and_logs_the_outage_once(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("missing", "default") == "default"
        assert cache.add("lock", True) is True  # a lock taken with add is granted
        cache.set("key", 1)
        assert cache.get_many(["key"]) == {}
        assert cache.incr("counter") == 1
        assert cache.delete("key") is False
        assert cache.get_or_set("computed", 42) == 42
    outage = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(outage) == 1
    assert "127.0.0.1:1" in outage[0].getMessage()


def test_a_page_renders(redis_down, client, student):
    client.force_login(student)
    assert client.get(reverse("cabinet:dashboard")).status_code == 200


def test_sign_in_works(redis_down, en_client, student):
    response = en_client.post(reverse("account_login"), {"login": student.email, "password": PASSWORD})
    assert response.status_code == 302
    assert en_client.session[SESSION_KEY] == str(student.pk)


def test_a_wrong_password_is_refused_with_the_usual_message(redis_down, en_client, student):
    response = en_client.post(reverse("account_login"), {"login": student.email, "password": "wrong-one-1"})
    assert response.status_code == 200
    assert "The e-mail or the password is not correct." in response.content.decode()


def test_password_reset_works(redis_down, en_client, student, mailoutbox):
    response = en_client.post(reverse("account_reset_password"), {"email": student.email})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[student.email]]


@pytest.mark.django_db(transaction=True)
def test_first_access_request_works_with_the_broker_down_too(redis_down, broker_down, en_client, caplog):
    newcomer = UserFactory(email="newcomer@example.kz", is_student=True, password="")
    newcomer.set_unusable_password()
    newcomer.save()
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        response = en_client.post(reverse("access:first_access"), {"email": newcomer.email})
    assert response.status_code == 302
    # the link could not be queued: said in the log, with the task's name
    assert any("send_first_access_email_task" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_an_advisors_signature_is_saved_and_answered_with_the_broker_down(
    redis_down, broker_down, client, advisor, caplog
):
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    client.force_login(advisor)

    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        response = client.post(reverse("study_plan:iup_sign", args=[plan.pk]))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.ADVISOR_SIGNED
    assert IUPSignature.objects.filter(plan=plan, step="advisor", signer=advisor).exists()
    assert any("send_notification_email_task" in r.getMessage() for r in caplog.records)


def test_sign_up_works(redis_down, en_client, settings):
    response = en_client.post(
        reverse("account_signup"),
        {
            "last_name": "Nurlanova",
            "first_name": "Aruzhan",
            "email": "aruzhan@example.kz",
            "password1": "applicant-pass-55",
            "password2": "applicant-pass-55",
        },
    )
    assert response.status_code == 302


def test_the_cache_works_when_redis_answers(settings):
    """The same backend against a live Redis (CI has one; skipped when none answers)."""
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": url, "KEY_PREFIX": "test-fail-open"}
    }
    key = f"key-{uuid.uuid4().hex}"
    assert cache.add(key, 1, 60) is True
    assert cache.add(key, 2, 60) is False
    assert cache.incr(key) == 2
    assert cache.get(key) == 2
    assert cache.delete(key) is True

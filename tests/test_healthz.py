"""/healthz tells a load balancer or Docker whether this web process can serve: database, and Redis when used."""

import os

import pytest
import redis
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def _real_redis_url():
    """The Redis the test run was given (CI sets REDIS_URL), else the usual local one if it answers."""
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379 and REDIS_URL is not set")
    return url


def test_healthy_without_redis_checks_only_the_database(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthy_with_a_reachable_redis(client, settings):
    settings.REDIS_URL = _real_redis_url()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_unavailable_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = CLOSED_PORT_REDIS

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error: ")


def test_unavailable_when_the_database_does_not_answer(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # The database server is outside the project: stand in for it going away.
    monkeypatch.setattr(connections["default"], "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "error: OperationalError"}}


def test_healthz_answers_without_a_session_or_sign_in(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies

"""Settings come from the environment: the embedded default with nothing set, PostgreSQL + Redis when given, and a
production module that passes Django's deployment checks.

Each case runs in a fresh interpreter, because settings are read once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-secret-that-is-long-enough-and-random-3f9c1e7a5b2d4068",
    "ALLOWED_HOSTS": "cabinet.example.kz",
    "DATABASE_URL": "postgres://cabinet:secret@db.example.kz:5432/cabinet",
    "REDIS_URL": "redis://redis.example.kz:6379/0",
}

# Prints what the settings resolved to. A developer's own .env must not leak into "nothing set", so the
# loader of that file (django-environ, not ours) is switched off for these runs.
PROBE = """
import json, environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
import django
django.setup()
from django.conf import settings
from config.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "celery_eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url,
    "debug": settings.DEBUG,
    "email": settings.EMAIL_BACKEND,
    "secure_ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
}))
"""


def _clean_env(settings_module, **extra):
    """Only what a process needs to run, plus the given settings: no DATABASE_URL, REDIS_URL or SECRET_KEY."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "SYSTEMROOT") if key in os.environ}
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, "PYTHONDONTWRITEBYTECODE": "1"}, **extra)
    return env


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _probe(settings_module, **extra):
    result = _run(["-c", PROBE], _clean_env(settings_module, **extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_is_sqlite_with_tasks_in_process():
    values = _probe("config.settings.local")

    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(ROOT / "db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["eager"] is True
    assert values["celery_eager"] is True
    assert values["broker"] == "memory://"
    assert values["debug"] is True
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_and_redis_url_switch_to_postgresql_and_a_real_broker():
    values = _probe(
        "config.settings.local",
        DATABASE_URL="postgres://cabinet@127.0.0.1:5432/cabinet",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DEBUG="false",
    )

    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "cabinet"
    assert values["cache"] == "core.cache.FailOpenRedisCache"  # Django's RedisCache, failing open (core/cache.py)
    assert values["eager"] is False
    assert values["celery_eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"
    assert values["debug"] is False


def test_production_settings_pass_the_deployment_checks_without_warnings():
    env = _clean_env("config.settings.production", **PRODUCTION_ENV)

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_values():
    values = _probe("config.settings.production", **PRODUCTION_ENV)

    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["broker"] == PRODUCTION_ENV["REDIS_URL"]
    assert values["debug"] is False
    assert values["secure_ssl_redirect"] is True


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = _clean_env("config.settings.production", **PRODUCTION_ENV)
    del env[missing]

    result = _run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


HEALTHZ_OVER_PLAIN_HTTP = """
import environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="cabinet.example.kz")
print(client.get("/healthz").status_code, client.get("/").status_code, client.get("/").get("Location"))
"""


def test_production_redirects_to_https_but_not_the_health_check(tmp_path):
    # A load balancer probes /healthz over plain HTTP; everything else goes to HTTPS.
    env = _clean_env(
        "config.settings.production", **{**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}"}
    )
    del env["REDIS_URL"]

    result = _run(["-c", HEALTHZ_OVER_PLAIN_HTTP], env)

    assert result.returncode == 0, result.stderr
    healthz_status, home_status, home_location = result.stdout.split()
    assert healthz_status == "200"
    assert home_status == "301"
    assert home_location == "https://cabinet.example.kz/"

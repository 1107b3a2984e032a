import pytest
from django.core.cache import cache
from django.db import connection

from people.tests.factories import PASSWORD, AdvisorFactory, RegistrarFactory, StudentFactory, TeacherFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need locking or full-text search that SQLite does not have."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (SQLite has no row locks)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets a clean cache (rate limits live there) and its own media folder."""
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def student(db):
    return StudentFactory(email="student@example.kz")


@pytest.fixture
def teacher(db):
    return TeacherFactory(email="teacher@example.kz")


@pytest.fixture
def advisor(db):
    return AdvisorFactory(email="advisor@example.kz")


@pytest.fixture
def registrar(db):
    return RegistrarFactory(email="registrar@example.kz")

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

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
    # Messages raised by services outside a request read in English here; pages get their language from the
    # middleware (Kazakh by default) whatever test ran before in this thread.
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def en_client(client):
    """An anonymous client that reads the portal in English (the default is Kazakh)."""
    client.cookies["django_language"] = "en"
    return client


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


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser).

    Skipped without /usr/bin/chromium, unless REQUIRE_BROWSER=1 (as in CI), where that is a failure.
    """
    import os
    from pathlib import Path

    path = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if not path.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"no Chromium at {path} and REQUIRE_BROWSER=1")
        pytest.skip(f"no Chromium at {path}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test itself are safe here.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()


PHONE = {"width": 375, "height": 812}


def _tab(chromium, live_server, **options):
    """A tab on the live server that records JavaScript errors and 5xx answers in `page.problems`."""
    context = chromium.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"JavaScript error: {exc}"))
    page.on("response", lambda r: r.status >= 500 and page.problems.append(f"{r.status} from {r.url}"))
    return context, page


@pytest.fixture
def browser_page(chromium, live_server):
    context, page = _tab(chromium, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A phone-sized tab whose browser asks for Kazakh, the portal's default."""
    context, page = _tab(chromium, live_server, viewport=PHONE, locale="kk-KZ")
    yield page
    context.close()


def browser_sign_in(page, email, password):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

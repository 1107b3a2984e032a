"""A Content-Security-Policy on every page, and templates it does not break (issue 9, part 7.10).

Scripts, styles, fonts and images come only from our static files: no inline <script>, no style attribute or
<style> element, no on* handler, no hx-on (htmx would eval it), no javascript: link. What used to be inline is a
class in static/css/cabinet.css or a data-* attribute that static/js/cabinet.js reads. The rendered pages are
checked for the same by the access matrix (tests/test_access_matrix.py) and in a browser (tests/browser/).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# PDFs (WeasyPrint) and e-mails are not web pages: the policy does not reach them
NOT_WEB_PAGES = ("pdf/", "/email/")

INLINE = [
    ("a style attribute", re.compile(r"\sstyle\s*=", re.IGNORECASE)),
    ("a <style> element", re.compile(r"<style[\s>]", re.IGNORECASE)),
    ("an inline <script>", re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)),
    ("an on* handler", re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)),
    ("hx-on (htmx evaluates it)", re.compile(r"\s(?:data-)?hx-on", re.IGNORECASE)),
    ("a javascript: link", re.compile(r"javascript:", re.IGNORECASE)),
]


def inline_code(html: str) -> list[str]:
    """What the policy would block in a page or template: [(what, the text around it)]."""
    found = []
    for what, pattern in INLINE:
        for match in pattern.finditer(html):
            found.append(f"{what}: {html[max(match.start() - 40, 0) : match.end() + 40]!r}")
    return found


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_a_page_carries_the_policy(client):
    assert policy(client.get(reverse("account_login"))) == POLICY


def test_a_signed_in_page_an_admin_page_and_an_error_page_carry_it_too(client, student, registrar):
    client.force_login(student)
    assert policy(client.get(reverse("cabinet:dashboard"))) == POLICY
    assert policy(client.get("/no-such-page/")) == POLICY
    client.force_login(registrar)
    assert policy(client.get(reverse("admin:people_user_changelist"))) == POLICY


@pytest.mark.parametrize(
    "template",
    sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not any(part in f"/{path.relative_to(TEMPLATES).as_posix()}" for part in NOT_WEB_PAGES)
    ),
)
def test_no_template_has_inline_code(template):
    assert inline_code((TEMPLATES / template).read_text()) == []


def test_htmx_is_told_not_to_inject_styles_or_eval(client):
    html = client.get(reverse("account_login")).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>""" in html

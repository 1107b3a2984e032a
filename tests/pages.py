"""Every page of the demo portal, as each demo role and an anonymous visitor reach it.

The accessibility check (tests/browser/test_accessibility.py) and the HTML check (tests/test_html_valid.py) walk
the same pages: `demo_portal()` seeds the demo university with a little of what a page only shows when it exists
(notifications, a chat, an issued transcript), and `crawl()` follows every link a page offers, from the dashboard
for a signed-in person and from the sign-in pages for a visitor. A new page is checked as soon as a page links to
it; one of each kind is enough (one discipline, one lesson, one roster), so the walk stays short.
"""

import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

ROLES = ("student", "teacher", "advisor", "registrar", "admin")
LANGUAGES = ("kk", "en")
PASSWORD = "demo12345"

# Answers that are not HTML pages (PDFs, calendars, photos) and Django admin (Django's own pages, not ours).
NOT_PAGES = {
    "study_plan:iup_pdf",
    "study_plan:transcript_pdf",
    "study_plan:transcript_official_pdf",
    "schedule:feed_ics",
    "people:photo",
    "finance:statement",
    "finance:student_statement",
    "testing:bank_export",  # a Moodle XML or GIFT download (issue 12, formats part)
    "testing:question_file",  # testing authoring: a question's image
    "testing:proctoring_photo_file",  # an identification photo (issue 12, part 3)
    "courses:certificate",
    "courses:lesson_video",
    "courses:material",
}
# the testing engine's JSON (issue 12, part 2)
NOT_PAGES |= {"testing:answer", "testing:clock"}
NOT_WALKED = ("/admin/", "/static/", "/media/")


def email(role: str) -> str:
    return f"{role}@demo.kz"


@dataclass(frozen=True)
class DemoPortal:
    verify_code: str  # an issued official transcript, for /verify/<code>/


def demo_portal() -> DemoPortal:
    """The demo university, plus what a page shows only when it exists: unread and read notifications, a chat, a
    self-study column."""
    from curriculum.services.transcript import transcript_issue_official
    from messaging.tests.factories import MessageFactory, chat_between
    from notifications.tests.factories import NotificationFactory
    from people.models import User

    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    users = {role: User.objects.get(email=email(role)) for role in ROLES}
    for user in users.values():
        NotificationFactory.create_batch(2, recipient=user)
        NotificationFactory(recipient=user, read_at=user.date_joined)
    chat = chat_between(users["student"], users["teacher"], users["advisor"])
    MessageFactory(conversation=chat, sender=users["teacher"])
    # a self-study column on one of the teacher's current grids: its header links its edit and delete pages
    from django.utils import timezone

    from journal.services.columns import self_study_column_create
    from schedule.models import Stream

    today = timezone.localdate()
    taught = (
        Stream.objects.filter(teacher=users["teacher"], term__start_date__lte=today, term__end_date__gte=today)
        .select_related("term")
        .order_by("pk")
        .first()
    )
    self_study_column_create(stream=taught, title="Эссе 1", date=today, actor=users["teacher"])
    student = users["student"]
    document = transcript_issue_official(student=student.student_record, actor=student)
    return DemoPortal(verify_code=document.code)


def anonymous_pages(portal: DemoPortal) -> list[str]:
    """The pages a visitor opens: sign-in, sign-up, password reset, first access, document verification."""
    return [
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "0", "key": "no-such-key"}),
        reverse("access:first_access"),
        reverse("access:first_access_sent"),
        reverse("access:first_access_confirm", kwargs={"uidb64": "MA", "token": "no-such-token"}),
        reverse("documents:verify", args=[portal.verify_code]),
        reverse("documents:verify", args=["NOSUCHCODE00"]),  # its own "not found" page (404)
    ]


def signed_in_pages() -> list[str]:
    return [reverse("cabinet:dashboard"), reverse("account_logout")]


@dataclass(frozen=True)
class Page:
    url: str
    status: int
    html: str


def kind_of(url: str) -> tuple | None:
    """Pages of one kind: the same view with the same query parameters (and the same `view=` tab)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    return match.view_name, tuple(sorted(query)), query.get("view", "")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


class _Markup(HTMLParser):
    """The elements inside <main>: tag, classes, role and type, without text or other attribute values."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.elements: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside = True
        elif self.inside:
            a = dict(attrs)
            self.elements.append((tag, a.get("class"), a.get("role"), a.get("type"), sorted(a)))

    def handle_endtag(self, tag):
        if tag == "main":
            self.inside = False


def markup_of(html: str) -> str:
    """A digest of a page's own markup (inside <main>): two pages with the same digest differ only in text."""
    parser = _Markup()
    parser.feed(html)
    return hashlib.sha256(repr(parser.elements).encode()).hexdigest()


def links(html: str, url: str) -> list[str]:
    """The portal's own links on the page at `url` (relative ones such as `?view=month` resolved against it)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        parts = urlsplit(urljoin(url, href))
        if parts.scheme or parts.netloc or parts.path.startswith(NOT_WALKED):
            continue
        found.append(parts._replace(fragment="").geturl())
    return found


def crawl(client, start: list[str]) -> list[Page]:
    """Follow the links of every page from `start`, one page of each kind; only HTML pages are kept.

    A start page is kept whatever it answers (the verification page's "not found" is a 404 on purpose);
    a linked page must answer 200, or the walk fails: a page links to nothing broken.
    """
    pages: list[Page] = []
    seen: set = set()
    queue = [(url, True) for url in start]
    while queue:
        url, is_start = queue.pop(0)
        kind = kind_of(url)
        if kind is None or kind in seen or kind[0] in NOT_PAGES:
            continue
        seen.add(kind)
        response = client.get(url)
        if response.status_code in (301, 302) and not is_start:
            continue  # e.g. the dropdowns' plain links, which lead to their page
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert is_start or response.status_code == 200, f"{url} linked from the portal answers {response.status_code}"
        if response.status_code in (301, 302):
            continue
        html = response.content.decode()
        pages.append(Page(url=url, status=response.status_code, html=html))
        queue.extend((link, False) for link in links(html, url))
    return pages

"""The cabinet's modules (docs/modules.md#dashboard): the side menu, the dashboard tiles and their state.

A module whose `url_name` is None is not built yet: its link leads to an honest
"not available yet" page. When a module arrives, set its url_name here and nothing else changes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from people.models import Role


@dataclass(frozen=True)
class Module:
    slug: str
    title: Promise
    icon: str
    description: Promise
    url_name: str | None = None
    roles: frozenset[str] = frozenset({Role.STUDENT})

    @property
    def available(self) -> bool:
        return self.url_name is not None

    @property
    def url(self) -> str:
        """Reversed once per process (per script prefix and URLconf): the side menu reads it twice a page."""
        key = (self.slug, self.url_name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
        url = _URLS.get(key)
        if url is None:
            url = reverse(self.url_name) if self.url_name else reverse("cabinet:module", args=[self.slug])
            _URLS[key] = url
        return url


_URLS: dict[tuple, str] = {}


S, T, A, R = Role.STUDENT, Role.TEACHER, Role.ADVISOR, Role.REGISTRAR
STAFF = frozenset({T, A, R})
EVERYONE = frozenset({S, T, A, R, Role.APPLICANT, Role.ADMINISTRATOR})

MODULES: tuple[Module, ...] = (
    Module("analytics", _("Analytics"), "graph-up-arrow", _("Progress, GPA, credits and achievements")),
    Module(
        "schedule",
        _("Schedule"),
        "calendar-week",
        _("Lessons, exams and events"),
        "schedule:timetable",
        frozenset({S, T, A}),
    ),
    Module("news", _("News"), "newspaper", _("University news and events"), roles=EVERYONE),
    Module("handbook", _("Handbook"), "book", _("A guide to the university"), roles=EVERYONE),
    Module("courses", _("Online courses"), "play-btn", _("Courses beyond the curriculum"), "courses:catalogue"),
    Module(
        "disciplines",
        _("My disciplines"),
        "journal-bookmark",
        _("Disciplines of your programme"),
        "disciplines:index",
        frozenset({S, T}),
    ),
    Module("library", _("Library"), "bookshelf", _("Audio, print and e-books"), roles=EVERYONE),
    Module(
        "assignments",
        _("Assignments"),
        "list-check",
        _("Homework and self-study"),
        "assignments:index",  # students: their list and board; teachers: the assignments they set
        frozenset({S, T}),
    ),
    Module(
        "requests",
        _("My requests"),
        "envelope-paper",
        _("Certificates and services"),
        "requests:index",  # students: their requests; the office (no student record): sent on to requests:queue
        frozenset({S, R}),
    ),
    Module(
        "study-plan",
        _("Study plan"),
        "diagram-3",
        _("Curriculum, registration and IUP"),
        "study_plan:curriculum",
        frozenset({S}),
    ),
    Module(
        "calendar", _("Academic calendar"), "calendar3", _("Periods of the academic year"), "calendar:index", EVERYONE
    ),
    Module("journal", _("Journal"), "table", _("Grades and attendance"), "journal:index", frozenset({S, T, A})),
    Module("testing", _("Testing"), "ui-checks", _("Planned tests and exams"), "testing:index", frozenset({S, T})),
    Module(
        "transcript", _("Transcript"), "file-earmark-text", _("Your results over the studies"), "study_plan:transcript"
    ),
    Module("practice", _("Practice and career"), "briefcase", _("Professional practice and career")),
    Module(
        "thesis", _("Thesis"), "mortarboard", _("Course projects, diploma and antiplagiarism"), roles=frozenset({S, T})
    ),
    Module("research", _("Research works"), "lightbulb", _("Research and publications"), roles=frozenset({S, T})),
    Module("advisor", _("My advisor"), "person-badge", _("Your advisor and useful materials"), "advising:index"),
    Module(
        "advisees",
        _("My advisees"),
        "people",
        _("Students you advise and their IUPs"),
        "advising:students",  # warnings, this term's IUP and holds; it links the IUP queue and the materials
        frozenset({A}),
    ),
    Module(
        "iup-queue",
        _("IUP signatures"),
        "pen",
        _("Plans awaiting the registrar's signature"),
        "study_plan:iup_queue",
        frozenset({R}),
    ),
    Module("notes", _("Notes and tasks"), "sticky", _("Your notes and personal tasks"), roles=EVERYONE),
    Module("survey", _("Survey"), "clipboard-check", _("Surveys and questionnaires"), roles=EVERYONE),
    Module("finance", _("Finance"), "wallet2", _("Balance, payments and debts"), "finance:index"),
    Module(
        "finance-office",
        _("Students' finance"),
        "cash-stack",
        _("Balances, debts, discounts and tuition charges"),
        "finance:students",
        frozenset({R, Role.ADMINISTRATOR}),
    ),
    Module(
        "receipts",
        _("Top-up receipts"),
        "receipt",
        _("Receipts students sent, to confirm or reject"),
        "finance:receipts",
        frozenset({R, Role.ADMINISTRATOR}),
    ),
    Module(
        "group-certificates",
        _("Certificates for a group"),
        "file-earmark-zip",
        _("Certificates for a whole group, one ZIP of the PDFs"),
        "documents:group_certificates",
        frozenset({R, Role.ADMINISTRATOR}),
    ),
)

BY_SLUG = {m.slug: m for m in MODULES}

# The nine tiles of the student's first page (docs/modules.md#dashboard), in the manual's order.
STUDENT_TILES = (
    "analytics",
    "schedule",
    "news",
    "handbook",
    "courses",
    "disciplines",
    "library",
    "assignments",
    "requests",
)
STAFF_TILES = {
    Role.TEACHER: ("schedule", "journal", "assignments", "testing", "thesis", "news"),
    Role.ADVISOR: ("advisees", "schedule", "calendar", "news"),
    Role.REGISTRAR: ("iup-queue", "calendar", "requests", "news"),
    Role.APPLICANT: ("news", "handbook", "calendar"),
    Role.ADMINISTRATOR: ("news", "handbook", "calendar"),
}


def modules_for(user) -> list[Module]:
    roles = set(user.roles) or {Role.APPLICANT}
    return [m for m in MODULES if m.roles & roles]


def tiles_for(user) -> list[Module]:
    """The dashboard: a student sees the nine tiles; staff see the tiles of each role they hold."""
    if user.is_student:
        return [BY_SLUG[s] for s in STUDENT_TILES]
    slugs: list[str] = []
    for role in Role.values:
        if role in user.roles:
            slugs += [s for s in STAFF_TILES.get(role, ()) if s not in slugs]
    return [BY_SLUG[s] for s in slugs or STAFF_TILES[Role.APPLICANT]]

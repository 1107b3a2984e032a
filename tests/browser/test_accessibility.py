"""Accessibility of every page, in a real browser: axe-core and the keyboard, for every demo role and a visitor.

Every page each demo role reaches from its dashboard, and the visitor's pages (tests/pages.py), in Kazakh and
English, at a desktop (1280×800) and a phone (375×740) width: axe-core finds no critical or serious violation.
With the keyboard: Tab goes through the whole page and back to its start (no trap) and every stop shows where the
focus is; the dropdowns, dialogs and the phone's side menu open with Enter, take the focus, pass axe, close with
Escape and give the focus back to what opened them.

One test per language (xdist's two workers walk the two at once), each with one live server, one browser and one
seeded demo (the seed is the slow part): a desktop tab and a phone tab open each page side by side, so their axe
runs overlap. A page whose own markup (inside <main>, text aside) is the same as one already checked adds nothing
and is left out (the settings, calendar and account pages look the same to every role); each person's dashboard
stays, for their top bar and side menu. Every finding is collected and reported at the end; all violations, of any
impact, go to test-artifacts/accessibility-<language>.json.
"""

import json
from pathlib import Path

import pytest
from django.test import Client

from conftest import browser_sign_in
from people.models import User
from tests.pages import (
    LANGUAGES,
    PASSWORD,
    ROLES,
    anonymous_pages,
    crawl,
    demo_portal,
    email,
    markup_of,
    signed_in_pages,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
BLOCKING = ("critical", "serious")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# axe without CSS selectors for every node it looks at (a quarter of its time); a page with a blocking violation is
# run again with them, for the report.
AXE_FAST = {"resultTypes": ["violations"], "selectors": False, "ancestry": False, "xpath": False}
AXE_REPORT = {"resultTypes": ["violations"]}

# What has the focus: an id per element (so a repeat is seen), whether a focus indicator is drawn and whether the
# element is on screen. A visually hidden `.btn-check` shows its focus on its label.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  window.__a11yIds = window.__a11yIds || new WeakMap();
  if (!window.__a11yIds.has(el)) window.__a11yIds.set(el, (window.__a11yNext = (window.__a11yNext || 0) + 1));
  const shown = el.matches('.btn-check') && el.labels && el.labels.length ? el.labels[0] : el;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  return {
    id: window.__a11yIds.get(el),
    html: el.outerHTML.replace(/\\s+/g, ' ').slice(0, 160),
    indicated: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
      && box.right > 0 && box.left < innerWidth,
  };
}"""

# How many stops Tab could at most make in the page or a dialog (an upper bound: a radio group is one stop).
FOCUSABLE = """(root) => [...(root || document).querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'
)].filter(el => !el.disabled && el.tabIndex >= 0 && el.checkVisibility({visibilityProperty: true})).length"""

IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
INSIDE = "(popup) => popup.contains(document.activeElement)"


class Audit:
    """axe-core and the keyboard on the browser's tabs; keeps every finding for one report at the end."""

    def __init__(self):
        from axe_playwright_python.base import AXE_SCRIPT

        self.script = AXE_SCRIPT
        self.findings: dict[str, list[str]] = {}  # what is wrong -> where
        self.violations: list[dict] = []
        self.axe_runs = 0

    def fail(self, where: str, what: str):
        self.findings.setdefault(what, []).append(where)

    # --- axe-core -----------------------------------------------------------------------------------------------
    def axe_start(self, page, context: str | None = None, options=AXE_FAST):
        """Start axe on the page without waiting for it, so two tabs can run at once."""
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.script)
        page.evaluate(
            "([context, options]) => { window.__axe = axe.run(context || document, options); }", [context, options]
        )
        self.axe_runs += 1

    def axe_finish(self, page, where: str, context: str | None = None):
        violations = page.evaluate("() => window.__axe.then(r => r.violations)")
        if any(v["impact"] in BLOCKING for v in violations):
            self.axe_start(page, context, AXE_REPORT)
            violations = page.evaluate("() => window.__axe.then(r => r.violations)")
        for violation in violations:
            targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
            self.violations.append(
                {"where": where, "id": violation["id"], "impact": violation["impact"], "targets": targets}
            )
            if violation["impact"] in BLOCKING:
                summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
                more = " …" if len(targets) > 3 else ""
                self.fail(
                    where,
                    f"{violation['impact']} {violation['id']} ({violation['help']}) on {', '.join(targets[:3])}{more}: "
                    f"{summary[:240]}",
                )

    def axe(self, page, where: str, context: str | None = None):
        self.axe_start(page, context)
        self.axe_finish(page, where, context)

    # --- the keyboard -------------------------------------------------------------------------------------------
    def check_stop(self, where: str, stop: dict):
        if not stop["indicated"]:
            self.fail(where, f"no visible focus indicator on {stop['html']}")
        elif not stop["onScreen"]:
            self.fail(where, f"the focused element is off screen: {stop['html']}")

    def tab_through(self, page, where: str):
        """Tab from the top: every stop shows the focus, and Tab comes back to the first stop (no trap)."""
        limit = page.evaluate(FOCUSABLE) * 2 + 10  # a date field takes a stop per part (day, month, year)
        first, last, seen = None, None, set()
        for _ in range(limit):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUS)
            if stop is None:
                continue  # past the last stop, the focus leaves the document once
            if stop["id"] == first:
                return
            if stop["id"] == last:
                continue  # the next part of the same field
            last = stop["id"]
            if stop["id"] in seen:
                self.fail(where, f"focus trap: Tab comes back to {stop['html']} before the end of the page")
                return
            first = first or stop["id"]
            seen.add(stop["id"])
            self.check_stop(where, stop)
        self.fail(where, f"Tab does not come back to the start of the page after {limit} presses (a focus trap?)")

    def _open(self, page, toggle):
        """Focus the toggle and press Enter, waiting for what htmx loads into the popup."""
        toggle.focus()
        url = toggle.get_attribute("hx-get")
        if url:
            with page.expect_response(lambda r: url in r.url):
                page.keyboard.press("Enter")
        else:
            page.keyboard.press("Enter")
        page.wait_for_function(IDLE)

    def _close(self, page, where: str, toggle, popup, name: str):
        page.keyboard.press("Escape")
        try:
            popup.wait_for(state="hidden", timeout=3_000)
        except Exception:  # noqa: BLE001 - a finding, not an error: note it, and reload for the next check
            self.fail(where, f"Escape does not close the {name}")
            page.reload()
            return
        if not toggle.evaluate("el => el === document.activeElement"):
            self.fail(where, f"after Escape the focus does not go back to what opened the {name}")

    def dropdown(self, page, where: str, toggle):
        """Enter opens the menu, ArrowDown moves into it, Escape closes it and the focus returns to the toggle."""
        menu = toggle.locator("xpath=following-sibling::*[contains(concat(' ', @class, ' '), ' dropdown-menu ')]")
        where = f"{where}, menu “{toggle.get_attribute('aria-label') or toggle.inner_text().strip()}”"
        self._open(page, toggle)
        if not menu.is_visible():
            self.fail(where, "Enter does not open the menu")
            return
        if toggle.get_attribute("aria-expanded") != "true":
            self.fail(where, "the open menu's button does not say aria-expanded=true")
        # A menu of items moves with the arrows (Bootstrap); a panel such as the bell's list is next in Tab order.
        page.keyboard.press("ArrowDown")
        if not menu.evaluate(INSIDE):
            page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS)
        if stop is None or not menu.evaluate(INSIDE):
            self.fail(where, "neither ArrowDown nor Tab moves the focus into the open menu")
        else:
            self.check_stop(where, stop)
        self.axe(page, where, context=f"#{menu.evaluate('m => m.id || (m.id = `a11y-menu-${Date.now()}`)')}")
        self._close(page, where, toggle, menu, "menu")

    def dialog(self, page, where: str, toggle):
        """A modal or offcanvas: Enter opens it with the focus inside, Tab stays inside, Escape closes it."""
        target = toggle.get_attribute("data-bs-target") or toggle.get_attribute("href")
        popup = page.locator(target)
        where = f"{where}, dialog {target}"
        self._open(page, toggle)
        try:
            page.wait_for_function(INSIDE, arg=popup.element_handle(), timeout=3_000)
        except Exception:  # noqa: BLE001 - a finding, not an error
            self.fail(where, "Enter does not open the dialog with the focus in it")
            page.reload()
            return
        # Round the dialog with Tab: after its last stop the focus may leave the document for the browser's own bar
        # (as in any browser), but it never lands on the page behind the dialog.
        for _ in range(min(popup.evaluate(FOCUSABLE), 10) + 2):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUS)
            if stop is None:
                continue
            if not popup.evaluate(INSIDE):
                self.fail(where, f"Tab leaves the open dialog for {stop['html']}")
                break
            self.check_stop(where, stop)
        if not popup.evaluate(INSIDE):
            page.keyboard.press("Tab")
        self.axe(page, where, context=target)
        self._close(page, where, toggle, popup, "dialog")

    def keyboard(self, page, where: str, *, first_page: bool):
        """Tab through the page, then open its menus and dialogs (the top bar's on a person's first page only)."""
        self.tab_through(page, where)
        menus = "[data-bs-toggle=dropdown]" if first_page else "main [data-bs-toggle=dropdown]"
        for toggle in page.locator(menus).all():
            if toggle.is_visible():
                self.dropdown(page, where, toggle)
        targets = set()
        for toggle in page.locator("main [data-bs-toggle=modal]").all():
            target = toggle.get_attribute("data-bs-target")
            if target not in targets and toggle.is_visible():
                targets.add(target)
                self.dialog(page, where, toggle)


def walk(audit: Audit, desk, phone, who: str, language: str, urls: list[str], statuses: dict[str, int]):
    """Each page in the desktop tab and the phone tab; axe runs in both at once, the keyboard in the desktop tab."""
    for n, url in enumerate(urls):
        label = f"{url} ({who}, {language}"
        loading = phone.goto(url, wait_until="commit")  # both tabs load at once
        answers = [desk.goto(url).status, loading.status]
        phone.wait_for_load_state()
        if answers != [statuses.get(url, 200)] * 2:
            audit.fail(label + ")", f"answers {answers}")
            continue
        audit.axe_start(phone)
        audit.axe_start(desk)
        audit.axe_finish(desk, f"{label}, {DESKTOP['width']}px)")
        if language == LANGUAGES[0]:  # the focus does not depend on the language: once, in the portal's default
            audit.keyboard(desk, f"{label}, {DESKTOP['width']}px)", first_page=n == 0)
        audit.axe_finish(phone, f"{label}, {PHONE['width']}px)")
        if language == LANGUAGES[0] and n == 0:
            for toggle in phone.locator("[data-bs-toggle=offcanvas]").all():
                if toggle.is_visible():
                    audit.dialog(phone, f"{label}, {PHONE['width']}px)", toggle)


@pytest.mark.parametrize("language", LANGUAGES)  # one test per language, so two workers share the walk
def test_every_page_of_every_role_passes_axe_and_the_keyboard(chromium, live_server, language):
    portal = demo_portal()
    users = {role: User.objects.get(email=email(role)) for role in ROLES}

    # The pages, found by following links with Django's test client (fast); the browser then opens each one.
    client = Client()
    markups: set[str] = set()

    def new(found):
        kept = [page for n, page in enumerate(found) if n == 0 or markup_of(page.html) not in markups]
        markups.update(markup_of(page.html) for page in found)
        return kept

    visitor = new(crawl(client, anonymous_pages(portal)))
    pages = {"anonymous": [page.url for page in visitor]}
    statuses = {page.url: page.status for page in visitor}
    for role, user in users.items():
        client.force_login(user)
        found = crawl(client, signed_in_pages())
        assert len(found) > 5, f"the walk found too few pages for {role}"
        pages[role] = [page.url for page in new(found)]

    context = chromium.new_context(base_url=live_server.url, reduced_motion="reduce", bypass_csp=True)
    context.set_default_timeout(15_000)
    problems: list[str] = []
    desk, phone = context.new_page(), context.new_page()
    for tab, size in ((desk, DESKTOP), (phone, PHONE)):
        tab.set_viewport_size(size)
        tab.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))
        tab.on("response", lambda r: r.status >= 500 and problems.append(f"{r.status} from {r.url}"))
    audit = Audit()
    try:
        User.objects.filter(pk__in=[u.pk for u in users.values()]).update(language=language)
        for who, urls in pages.items():
            if who == "anonymous":
                context.clear_cookies()
                context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            else:
                browser_sign_in(desk, email(who), PASSWORD)  # the tabs share the context's session cookie
            walk(audit, desk, phone, who, language, urls, statuses)
            if who == "anonymous":  # the sign-in form after a wrong password: its error and the invalid field
                desk.goto("/accounts/login/")
                desk.fill("input[name=login]", email("student"))
                desk.fill("input[name=password]", PASSWORD + "x")
                with desk.expect_navigation():
                    desk.locator("input[name=password]").press("Enter")
                audit.axe(desk, f"/accounts/login/ after a wrong password (anonymous, {language})")
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        report = {"findings": audit.findings, "violations": audit.violations}
        (ARTIFACTS / f"accessibility-{language}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
        context.close()

    checked = sum(len(urls) for urls in pages.values())
    report = "\n".join(f"- {what}\n    on {len(at)}: {'; '.join(at[:6])}" for what, at in audit.findings.items())
    assert not audit.findings, f"{len(audit.findings)} findings, {checked} pages, {audit.axe_runs} axe runs:\n{report}"
    assert problems == []

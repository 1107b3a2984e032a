"""The Content-Security-Policy in a real browser: every page of each demo role loads without a violation, and the
sizes the server computes (the week grid, progress bars) are applied from data-geometry (issue 9, part 7.10)."""

from io import StringIO

import pytest
from django.core.management import call_command

from conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo12345"

PAGES = {
    "student@demo.kz": [
        "/",
        "/study/",
        "/study/registration/",
        "/study/iup/",
        "/study/transcript/",
        "/schedule/?view=week",
        "/schedule/?view=month",
        "/schedule/selection/",
        "/schedule/feed/",
        "/calendar/",
        "/calendar/?view=month",
        "/settings/",
        "/settings/contacts/",
        "/notifications/",
        "/profile/",
    ],
    "advisor@demo.kz": ["/study/iup/queue/", "/schedule/teaching/"],
    "registrar@demo.kz": [
        "/admin/",
        "/admin/people/user/",
        "/admin/people/studentrecord/add/",
        "/admin/curriculum/discipline/import/",
        "/admin/schedule/exam/",
    ],
}

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""

# every data-geometry declaration that was not applied to the element's style
UNAPPLIED = r"""
() => Array.from(document.querySelectorAll("[data-geometry]")).flatMap((el) =>
  el.dataset.geometry.split(";").filter(Boolean).map((d) => d.split(":").map((s) => s.trim()))
    .filter(([property, value]) => {
      const applied = el.style.getPropertyValue(property);  // the CSSOM writes 4.0rem as 4rem
      return parseFloat(applied) !== parseFloat(value) || !applied.endsWith(value.replace(/[\d.]+/, ""));
    })
    .map(([property, value]) => `${el.outerHTML.slice(0, 80)} ${property}:${value}`))
"""


@pytest.fixture
def demo():
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())


def test_no_page_breaks_the_policy(browser_page, demo):
    page = browser_page
    page.context.add_init_script(WATCH)
    console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(f"{page.url}: {m.text}"))
    for email, paths in PAGES.items():
        browser_sign_in(page, email, PASSWORD)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"], path
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__violations") == [], path
            assert page.evaluate(UNAPPLIED) == [], path
    assert console == []
    assert page.problems == []


def test_the_week_grid_and_progress_bars_are_laid_out_by_the_script(browser_page, demo):
    page = browser_page
    browser_sign_in(page, "student@demo.kz", PASSWORD)
    page.goto("/study/")
    bars = page.locator(".progress-stacked .progress[data-geometry]")
    assert bars.count() > 0
    assert all(width.endswith("%") for width in bars.evaluate_all("(els) => els.map((el) => el.style.width)"))
    page.goto("/schedule/?view=week")
    grid = page.locator("[data-testid=grid-event]")
    if grid.count():  # the demo week has lessons in term time
        tops = grid.evaluate_all("(els) => els.map((el) => getComputedStyle(el).top)")
        assert len(set(tops)) > 1, tops  # placed at their hours, not piled at the top

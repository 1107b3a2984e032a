"""What a new user ran into in the study plan, in a real browser (issue 9, 5.5 and 5.8): keyboard focus after Register
and Drop, the transcript on a phone, the study plan's tabs, teachers' avatars, the advisor queue's checkboxes.

Headless Chromium from Debian through Playwright (the root conftest's fixtures); skipped without /usr/bin/chromium
unless REQUIRE_BROWSER=1.
"""

import pytest

from conftest import PHONE
from curriculum.models import GradeBand, Registration
from curriculum.services.iup import iup_sign
from curriculum.tests.factories import give_history, install_grade_scale, registration_setup
from curriculum.tests.test_iup_services import make_plan
from people.tests.factories import AdvisorFactory, TeacherRecordFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, client, live_server, user):
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   const row = e && e.closest('[id]');
                   return {tag: e ? e.tagName : null, testid: e && e.dataset ? e.dataset.testid || null : null,
                           within: row ? row.id : null}; }"""
    )


def test_register_and_drop_keep_keyboard_focus_on_the_row(browser_page, client, live_server):
    """Focus fell back to the start of the page after the row was swapped."""
    from playwright.sync_api import expect

    page = browser_page
    install_grade_scale()
    setup = registration_setup(user__language="en")
    item = setup.item(credits=5, code="NEXT101")
    sign_in(page, client, live_server, setup.user)
    page.goto("/study/registration/")
    row = page.locator(f"#reg-row-{item.discipline.pk}")

    row.get_by_test_id("register").focus()
    page.keyboard.press("Enter")
    expect(row.get_by_test_id("drop")).to_be_visible()
    expect(row.get_by_test_id("drop")).to_be_focused()
    assert focused(page) == {"tag": "BUTTON", "testid": "drop", "within": f"reg-row-{item.discipline.pk}"}
    expect(row.get_by_test_id("feedback")).to_contain_text("Registered for")  # the announcement stays

    page.keyboard.press("Enter")  # Drop, from the keyboard again
    expect(row.get_by_test_id("register")).to_be_focused()
    expect(row.get_by_test_id("feedback")).to_contain_text("Dropped")
    assert page.problems == []


def test_the_transcript_on_a_phone_shows_every_grade_without_a_sideways_scroll(phone_page, client, live_server):
    """The grade columns sat in a sideways scroll, off the screen, with nothing saying so."""
    page = phone_page
    setup = registration_setup(year_of_study=3, user__language="en")
    give_history(setup, per_semester=3)
    sign_in(page, client, live_server, setup.user)
    page.goto("/study/transcript/")

    graded = Registration.objects.filter(student=setup.student, final_grade__isnull=False).count()
    # every grade the student has is on the screen, not clipped by a scrolling box (the scale's letters aside)
    letters = sorted({band.letter for band in GradeBand.objects.all()}, key=len, reverse=True)
    shown = page.evaluate(
        """([letters, width]) => Array.from(document.querySelectorAll('main *:not(.doc-scale *)')).filter(e => {
               const text = Array.from(e.childNodes).filter(n => n.nodeType === 3)
                   .map(n => n.textContent).join('').trim();
               if (!letters.includes(text)) return false;
               const box = e.getBoundingClientRect();
               if (box.width === 0 || box.left < 0 || box.right > width) return false;
               for (let p = e.parentElement; p; p = p.parentElement) {
                   const outer = p.getBoundingClientRect();
                   const clips = getComputedStyle(p).overflowX !== 'visible';
                   if (clips && (box.left < outer.left || box.right > outer.right)) return false;
               }
               return true;
           }).length""",
        [letters, PHONE["width"]],
    )
    assert graded > 0 and shown >= graded
    first = page.get_by_test_id("transcript-card").first.inner_text()
    for label in ("Credits", "%", "Points", "Traditional grade"):
        assert label in first
    assert page.locator(".doc-term").first.is_hidden()  # the printed table is for wider screens
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.problems == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_study_plan_tabs_stay_on_one_line_on_a_phone(chromium, live_server, client, language):
    """They wrapped and left "IUP" alone on a second line."""
    setup = registration_setup(user__language=language)
    for width in (320, 375):
        context = chromium.new_context(base_url=live_server.url, viewport={"width": width, "height": 700})
        page = context.new_page()
        sign_in(page, client, live_server, setup.user)
        page.goto("/study/")
        tops = page.eval_on_selector_all(
            "[data-testid=study-plan-tabs] .nav-link", "links => links.map(l => l.getBoundingClientRect().top)"
        )
        rights = page.eval_on_selector_all(
            "[data-testid=study-plan-tabs] .nav-link", "links => links.map(l => l.getBoundingClientRect().right)"
        )
        context.close()
        assert len(tops) == 3
        assert max(tops) - min(tops) < 1, (language, width, tops)
        assert max(rights) <= width, (language, width, rights)


def test_teachers_avatars_are_circles(browser_page, client, live_server):
    """A long position beside the initials squeezed them into an oval."""
    page = browser_page
    setup = registration_setup(user__language="en")
    item = setup.item(code="LONG101")
    for _ in range(2):
        TeacherRecordFactory(
            department=item.discipline.department,
            # as long as the field takes (100 characters)
            position="Associate professor of the department of information systems, head of the distributed "
            "systems lab",
        )
    sign_in(page, client, live_server, setup.user)
    for width in (1280, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/study/disciplines/{item.discipline.code}/")
        boxes = page.eval_on_selector_all(
            "[data-testid=teachers] .avatar, [data-testid=avatar-menu] .avatar",
            "avatars => avatars.map(a => [a.getBoundingClientRect().width, a.getBoundingClientRect().height])",
        )
        assert len(boxes) == 3
        assert all(abs(w - h) < 0.5 and w == pytest.approx(32, abs=0.5) for w, h in boxes), (width, boxes)


def test_the_advisor_queue_checkboxes_can_be_seen(browser_page, client, live_server):
    """Their border was Bootstrap's light grey on white (1.3:1); a control's edge needs 3:1 (WCAG 1.4.11)."""
    page = browser_page
    advisor = AdvisorFactory(language="en")
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    sign_in(page, client, live_server, advisor)
    page.goto("/study/iup/queue/")

    ratios = page.eval_on_selector_all(
        "[data-testid=queue-table] input[type=checkbox]",
        """boxes => boxes.map(box => {
             const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
             const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
                 return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                 return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
             let cell = box.parentElement, background = 'rgb(255, 255, 255)';
             while (cell) { const bg = getComputedStyle(cell).backgroundColor;
                 if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') { background = bg; break; }
                 cell = cell.parentElement; }
             const [a, b] = [lum(getComputedStyle(box).borderTopColor), lum(background)];
             return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
           })""",
    )
    assert len(ratios) == 2  # "select all" and the plan's row
    assert all(ratio >= 3 for ratio in ratios), ratios

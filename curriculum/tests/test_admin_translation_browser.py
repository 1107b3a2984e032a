"""The registrar edits a discipline's texts in Kazakh, Russian and English through language tabs in Django admin
(django-modeltranslation's tabs on our small widget, static/js/admin-translation-tabs.js, with no CDN)."""

import pytest

from conftest import browser_sign_in
from curriculum.models import Discipline
from curriculum.tests.factories import DisciplineFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_registrar_edits_a_discipline_in_three_languages_through_tabs(browser_page, live_server, registrar, password):
    from playwright.sync_api import expect

    page = browser_page
    outside = []
    page.on("request", lambda r: not r.url.startswith(live_server.url) and outside.append(r.url))
    discipline = DisciplineFactory(code="CS101", name_kk="Алгоритмдер", name_ru="Алгоритмы", name_en="Algorithms")

    # Given the registrar on the discipline's admin page
    browser_sign_in(page, registrar.email, password)
    page.goto(f"/admin/curriculum/discipline/{discipline.pk}/change/")

    # Then each translated field has one tab per language, the page's language (Kazakh) open
    name_tabs = page.locator("[role=tablist]").first.locator("[role=tab]")
    expect(name_tabs).to_have_count(3)
    expect(name_tabs.nth(0)).to_have_attribute("aria-selected", "true")
    expect(page.locator("#id_name_kk")).to_be_visible()
    expect(page.locator("#id_name_ru")).to_be_hidden()

    # When the registrar opens the Russian tab and edits the Russian name
    name_tabs.nth(1).click()
    expect(page.locator("#id_name_ru")).to_be_visible()
    expect(page.locator("#id_name_kk")).to_be_hidden()
    page.locator("#id_name_ru").fill("Алгоритмы и структуры данных")
    page.locator("input[name=_save]").click()
    page.wait_for_url(lambda url: url.endswith("/admin/curriculum/discipline/"))

    # Then only the Russian name changed, and nothing was fetched from another host
    discipline = Discipline.objects.get(pk=discipline.pk)
    assert (discipline.name_kk, discipline.name_ru, discipline.name_en) == (
        "Алгоритмдер",
        "Алгоритмы и структуры данных",
        "Algorithms",
    )
    assert outside == [] and page.problems == []


def test_the_inlines_of_translated_models_have_tabs_too(browser_page, live_server, password):
    """A curriculum's elective groups (a tabular inline) and a teacher's record (a stacked inline in the user's
    page): their translated fields get the tabs without a JavaScript error."""
    from playwright.sync_api import expect

    from curriculum.tests.factories import ElectiveGroupFactory
    from people.tests.factories import TeacherFactory, UserFactory

    admin = UserFactory(email="admin@example.kz", is_staff=True, is_superuser=True, is_administrator=True)
    group = ElectiveGroupFactory()
    teacher = TeacherFactory()
    page = browser_page
    browser_sign_in(page, admin.email, password)

    for url, field in (
        (f"/admin/curriculum/curriculum/{group.curriculum_id}/change/", "id_elective_groups-0-title_ru"),
        (f"/admin/people/user/{teacher.pk}/change/", "id_teacher_record-0-position_ru"),
    ):
        page.goto(url)
        panel = page.locator(f"#tab_{field}")
        expect(panel).to_be_hidden()
        page.locator(f"[role=tab][aria-controls=tab_{field}]").click()
        expect(panel).to_be_visible()
    assert page.problems == []

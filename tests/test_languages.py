"""Every page of every role renders in Kazakh, Russian and English on the demo university: a translation whose
placeholders do not match its source would fail here, not in front of a student.

And every page shows the demo's content (the fields of every app's translation.py: names, titles, descriptions,
competences, positions) in the page's language only: no line of another language's text appears on it, unless
the page's language has the same text (a code, «Философия» in Kazakh and Russian).
"""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from curriculum.models import Discipline
from people.models import User

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")
PAGES = {
    "student@demo.kz": [
        "cabinet:dashboard", "people:profile", "people:settings", "people:settings_notifications",
        "people:settings_contacts", "people:settings_security", "notifications:list", "messaging:index",
        "study_plan:curriculum", "study_plan:registration", "study_plan:iup", "study_plan:transcript",
        "calendar:index", "schedule:timetable", "schedule:selection", "schedule:streams", "schedule:feed",
    ],
    "teacher@demo.kz": ["cabinet:dashboard", "people:profile", "schedule:timetable", "schedule:teaching"],
    "advisor@demo.kz": ["cabinet:dashboard", "people:profile", "study_plan:iup_queue"],
    "registrar@demo.kz": ["cabinet:dashboard", "study_plan:iup_queue", "admin:index"],
}  # fmt: skip
VIEWS = ("day", "week", "month")
# pages the ones above link to, visited too (up to DETAILS_PER_PAGE_KIND of each, spread over the links)
DETAIL_PAGES = (
    "disciplines:discipline",
    "study_plan:iup_review",
    "schedule:lesson",
    "schedule:exam",
    "schedule:roster",
)
DETAILS_PER_PAGE_KIND = 10
SHOWN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}


class PageText(HTMLParser):
    """What a person reads on a page: its text and the attributes read out or shown on hover; no scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.parts.append(value)
            if tag == "a" and name == "href" and value:
                self.links.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _lines(value) -> set[str]:
    return {_normal(line) for line in (value or "").splitlines() if line.strip()}


def foreign_content(language: str) -> dict[str, str]:
    """Every line of a translated value in a language other than `language` that no value in `language` shares
    (on a page in `language`, it is content in the wrong language), with the field it comes from."""
    own, other = set(), {}
    for model in translator.get_registered_models(abstract=False):
        for field in translator.get_options_for_model(model).fields:
            names = [build_localized_fieldname(field, lang) for lang in LANGUAGES]
            for pk, *values in model._default_manager.values_list("pk", *names):
                by_language = dict(zip(LANGUAGES, values, strict=True))
                mine = _lines(by_language[language])
                own |= mine
                for lang, value in by_language.items():
                    for line in _lines(value) - mine if lang != language else ():
                        other.setdefault(line, f"{model.__name__}.{field}_{lang} (pk {pk})")
    return {line: where for line, where in other.items() if line not in own}


def read(client, url: str, language: str, foreign: dict[str, str]) -> PageText:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    page = PageText()
    page.feed(html)
    if not url.startswith("/admin/"):  # the admin edits every language side by side
        assert f'lang="{language}"' in html, url
        text = _normal(" ".join(page.parts))
        wrong = sorted(f"{line!r} ({where})" for line, where in foreign.items() if line in text)
        assert not wrong, f"{url} in {language} shows content in another language: {wrong}"
    return page


def detail_links(links: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {name: [] for name in DETAIL_PAGES}
    for link in links:
        path = link.split("#")[0].split("?")[0]
        try:
            name = resolve(path).view_name
        except Resolver404:
            continue
        if name in found and path not in found[name]:
            found[name].append(path)
    return found


def spread(paths: list[str], count: int) -> list[str]:
    step = max(len(paths) // count, 1)
    return paths[::step][:count]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_its_language_with_content_in_that_language(client, language):
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    User.objects.filter(email__in=PAGES).update(language=language)
    foreign = foreign_content(language)
    assert len(foreign) > 500  # the demo has content in three languages to compare
    visited = {}
    for email, names in PAGES.items():
        client.force_login(User.objects.get(email=email))
        links = []
        for name in names:
            links += read(client, reverse(name), language, foreign).links
        for view in VIEWS:
            links += read(client, f"{reverse('schedule:timetable')}?view={view}", language, foreign).links
        for name, paths in detail_links(links).items():
            for path in spread(paths, DETAILS_PER_PAGE_KIND):
                read(client, path, language, foreign)
                visited[name] = visited.get(name, 0) + 1
    assert set(visited) == set(DETAIL_PAGES), visited  # every kind of page was reached through a link


def test_the_content_check_sees_a_missing_translation(client):
    """The check above can fail: a discipline without a Russian description shows the Kazakh one on a Russian
    page (modeltranslation's fallback), and the check says so."""
    call_command("seed_demo", students=20, quiet=True, stdout=StringIO())
    discipline = Discipline.objects.filter(curriculum_items__isnull=False).first()
    Discipline.objects.filter(pk=discipline.pk).update(description_ru="")
    User.objects.filter(email="student@demo.kz").update(language="ru")
    client.force_login(User.objects.get(email="student@demo.kz"))

    with pytest.raises(AssertionError, match=r"shows content in another language: \[.*Discipline\.description_kk"):
        read(client, reverse("disciplines:discipline", args=[discipline.code]), "ru", foreign_content("ru"))


KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def written_in_another_script(language: str, line: str) -> bool:
    """English is written in Latin letters, Kazakh and Russian in Cyrillic (Russian without ә, ғ, қ, ...): a
    line mostly in the other alphabet was not translated (a name such as Python inside it is fine)."""
    latin = sum(c.isascii() and c.isalpha() for c in line)
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in line)
    if language == "en":
        return cyrillic >= latin
    return latin >= cyrillic or (language == "ru" and bool(KAZAKH_LETTERS.intersection(line)))


def untranslated_content() -> list[str]:
    """Every translated value of the demo that is missing in a language or written in another one's alphabet."""
    found = []
    for model in translator.get_registered_models(abstract=False):
        for field in translator.get_options_for_model(model).fields:
            names = [build_localized_fieldname(field, lang) for lang in LANGUAGES]
            for pk, *values in model._default_manager.values_list("pk", *names):
                if not any(values):
                    continue  # an optional field left empty in every language (a period's title)
                for lang, value in zip(LANGUAGES, values, strict=True):
                    lines = _lines(value)
                    if not lines or any(written_in_another_script(lang, line) for line in lines):
                        found.append(f"{model.__name__}.{field}_{lang} (pk {pk}): {value!r}")
    return found


def test_the_demo_has_every_content_in_the_three_languages():
    call_command("seed_demo", students=20, quiet=True, stdout=StringIO())
    assert untranslated_content() == []

    # and the check sees an English text left in a Kazakh field (identical in both, the page check lets it be)
    discipline = Discipline.objects.order_by("code").first()
    Discipline.objects.filter(pk=discipline.pk).update(description_kk=discipline.description_en)
    assert untranslated_content() == [f"Discipline.description_kk (pk {discipline.pk}): {discipline.description_en!r}"]


def test_the_admin_edits_every_translated_field_in_the_three_languages(rf, admin_user):
    """Each admin of a translated model (or the inline it is edited in) offers the field in kk, ru and en, with the
    language tabs' classes, and never the untranslated original."""
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = admin_user
    forms = {}
    for model, model_admin in admin.site._registry.items():
        forms[model] = model_admin.get_form(request)
        for inline in model_admin.inlines:
            forms.setdefault(inline.model, inline(model, admin.site).get_formset(request).form)
    for model in translator.get_registered_models(abstract=False):
        assert model in forms, f"{model.__name__} has no admin"
        fields = forms[model].base_fields
        for field in translator.get_options_for_model(model).fields:
            assert field not in fields, (model.__name__, field)
            for lang in LANGUAGES:
                name = build_localized_fieldname(field, lang)
                assert f"mt-field-{field}-{lang}" in fields[name].widget.attrs.get("class", ""), (model.__name__, name)

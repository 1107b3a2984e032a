import pytest
from django.urls import reverse

from cabinet.modules import BY_SLUG, MODULES, STUDENT_TILES, modules_for
from people.tests.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH_TILES = (
    "Analytics", "Schedule", "News", "Handbook", "Online courses", "My disciplines", "Library", "Assignments",
    "My requests",
)  # fmt: skip


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("cabinet:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_student_sees_the_nine_tiles_in_english(client, student):
    client.force_login(english(student))
    response = client.get(reverse("cabinet:dashboard"))
    assert [t.slug for t in response.context["tiles"]] == list(STUDENT_TILES)
    html = response.content.decode()
    for title in ENGLISH_TILES:
        assert f">{title}</span>" in html
    assert 'data-testid="bell"' in html and 'data-testid="envelope"' in html
    assert 'data-testid="avatar-menu"' in html and 'data-testid="language-switch"' in html


def test_student_side_menu_lists_every_module_of_the_manual(client, student):
    client.force_login(english(student))
    html = client.get(reverse("cabinet:dashboard")).content.decode()
    for slug in (
        "analytics", "schedule", "news", "handbook", "courses", "disciplines", "library", "assignments", "requests",
        "study-plan", "calendar", "journal", "testing", "transcript", "practice", "thesis", "research", "advisor",
        "notes", "survey", "finance",
    ):  # fmt: skip
        assert BY_SLUG[slug].url in html, slug
    assert "Profile settings" in html


def test_dashboard_defaults_to_kazakh(client, student):
    client.force_login(student)
    html = client.get(reverse("cabinet:dashboard")).content.decode()
    assert '<html lang="kk">' in html


@pytest.mark.parametrize(
    ("flags", "expected", "absent"),
    [
        ({"is_teacher": True}, "journal", "transcript"),
        ({"is_teacher": True, "is_advisor": True}, "advisees", "transcript"),
        ({"is_registrar": True, "is_staff": True}, "iup-queue", "assignments"),
        ({"is_applicant": True}, "handbook", "iup-queue"),
    ],
)
def test_each_role_gets_its_own_dashboard(client, flags, expected, absent):
    user = english(UserFactory(**flags))
    client.force_login(user)
    response = client.get(reverse("cabinet:dashboard"))
    assert response.status_code == 200
    slugs = [t.slug for t in response.context["tiles"]]
    assert expected in slugs
    assert absent not in [m.slug for m in modules_for(user)]


def test_a_person_with_two_roles_sees_both_menus(client):
    user = UserFactory(is_teacher=True, is_advisor=True)
    slugs = {m.slug for m in modules_for(user)}
    assert {"journal", "advisees"} <= slugs


def test_unbuilt_module_says_so_honestly(client, student):
    client.force_login(english(student))
    unbuilt = next(m for m in MODULES if not m.available)
    response = client.get(reverse("cabinet:module", args=[unbuilt.slug]))
    assert response.status_code == 200
    assert "not available yet" in response.content.decode()
    assert client.get(reverse("cabinet:module", args=["no-such-module"])).status_code == 404


def test_language_switch_is_remembered_for_the_person(client, student):
    client.force_login(student)
    response = client.post(reverse("cabinet:set_language"), {"language": "ru", "next": "/"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.language == "ru"
    # A new session on another device (no cookie) still gets Russian.
    other = client.__class__()
    other.force_login(student)
    assert '<html lang="ru">' in other.get(reverse("cabinet:dashboard")).content.decode()


def test_language_switch_refuses_unknown_language_and_foreign_redirect(client, student):
    client.force_login(student)
    response = client.post(reverse("cabinet:set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    student.refresh_from_db()
    assert student.language == ""


def test_anonymous_language_switch_sets_cookie(client):
    response = client.post(reverse("cabinet:set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.cookies["django_language"].value == "en"


def test_dashboard_query_budget_does_not_grow(client, django_assert_max_num_queries):
    first = StudentFactory()
    client.force_login(first)
    with django_assert_max_num_queries(6):
        client.get(reverse("cabinet:dashboard"))
    StudentFactory.create_batch(5)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("cabinet:dashboard")).status_code == 200


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_kazakh_is_the_default_whatever_the_browser_asks(client):
    response = client.get(reverse("account_login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="kk">' in response.content.decode()
    client.cookies["django_language"] = "ru"
    assert '<html lang="ru">' in client.get(reverse("account_login")).content.decode()


def test_the_admin_speaks_as_the_cabinet_not_as_django(client, registrar):
    client.force_login(registrar)
    registrar.language = "en"
    registrar.save(update_fields=["language"])
    html = client.get("/admin/").content.decode()
    assert "Student cabinet: administration" in html and "Django administration" not in html

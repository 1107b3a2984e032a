"""Every page of every role renders in Kazakh, Russian and English on the demo university: a translation whose
placeholders do not match its source would fail here, not in front of a student."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from people.models import User

pytestmark = pytest.mark.django_db

PAGES = {
    "student@demo.kz": [
        "cabinet:dashboard", "people:profile", "people:settings", "people:settings_notifications",
        "people:settings_contacts", "people:settings_security", "notifications:list", "messaging:index",
        "study_plan:curriculum", "study_plan:registration", "study_plan:iup", "study_plan:transcript",
        "calendar:index", "schedule:timetable", "schedule:selection", "schedule:streams", "schedule:feed",
    ],
    "teacher@demo.kz": ["cabinet:dashboard", "schedule:timetable", "schedule:teaching"],
    "advisor@demo.kz": ["cabinet:dashboard", "study_plan:iup_queue"],
    "registrar@demo.kz": ["cabinet:dashboard", "study_plan:iup_queue", "admin:index"],
}  # fmt: skip


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_page_renders_in_every_language(client, language):
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    User.objects.filter(email__in=PAGES).update(language=language)
    for email, names in PAGES.items():
        client.force_login(User.objects.get(email=email))
        for name in names:
            response = client.get(reverse(name))
            assert response.status_code == 200, (email, name, response.status_code)
            assert name.startswith("admin:") or f'lang="{language}"' in response.content.decode(), name
        for view in ("day", "week", "month"):
            assert client.get(reverse("schedule:timetable"), {"view": view}).status_code == 200

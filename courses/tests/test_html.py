"""The courses pages pass the Nu HTML checker (until the cabinet links the module, the site-wide check in
tests/test_html_valid.py does not reach them): the student's catalogue, course, learning and lesson pages, the
author's moderation queue and lesson preview, the public verification page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from courses.models import Course, Lesson
from tests.test_html_valid import java, nu_check  # noqa: F401 (java is the fixture that skips without Java)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_courses_pages_are_valid_html(java, tmp_path):  # noqa: F811
    call_command("seed_demo", students=20, quiet=True, stdout=StringIO())
    python = Course.objects.get(title_en="Python programming basics")
    excel = Course.objects.get(title_en="Data analysis in Excel")
    lesson = Lesson.objects.filter(section__course=python).order_by("section__position", "position").first()
    pages = {
        "student@demo.kz": [
            "/courses/",
            f"/courses/{python.pk}/",
            f"/courses/{excel.pk}/",
            f"/courses/{python.pk}/learn/",
            "/courses/my/",
            f"/courses/lessons/{lesson.pk}/",
        ],
        "teacher@demo.kz": ["/courses/moderation/", f"/courses/lessons/{lesson.pk}/"],
        None: ["/courses/verify/NOSUCHCODE/"],
    }
    n = 0
    for login, paths in pages.items():
        client = Client()
        if login:
            client.login(email=login, password="demo12345")
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 404), path
            (tmp_path / f"page{n}.html").write_bytes(response.content)
            n += 1
    assert [(m.get("url", "").rsplit("/", 1)[-1], m["message"]) for m in nu_check(tmp_path)] == []

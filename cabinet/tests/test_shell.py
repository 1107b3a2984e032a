import pytest
from django.urls import reverse

from cabinet.modules import STUDENT_TILES

pytestmark = pytest.mark.django_db


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("cabinet:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_student_sees_nine_tiles_in_english(client, student):
    client.force_login(student)
    student.language = "en"
    student.save()
    response = client.get(reverse("cabinet:dashboard"))
    assert response.status_code == 200
    tiles = [t.slug for t in response.context["tiles"]]
    assert tiles == list(STUDENT_TILES)
    html = response.content.decode()
    for title in (
        "Analytics",
        "Schedule",
        "News",
        "Handbook",
        "Online courses",
        "My disciplines",
        "Library",
        "Assignments",
        "My requests",
    ):
        assert title in html


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"

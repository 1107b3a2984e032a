"""Holds: placed and lifted by an office with an audit line and a notification; shown next to what they block."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditRecord
from curriculum.models import Hold
from curriculum.services.holds import hold_lift, hold_place
from notifications.models import Notification

from .factories import HoldFactory, install_grade_scale, registration_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    install_grade_scale()
    return registration_setup(user__language="en")


def place(setup, registrar, **kwargs):
    values = {
        "student": setup.student,
        "kind": Hold.Kind.DEBT,
        "office": Hold.Office.FINANCE,
        "reason": "tuition debt",
        "how_to_lift": "pay the debt at the Finance office, room 101",
        "actor": registrar,
    }
    return hold_place(**(values | kwargs))


def test_place_records_who_audits_and_notifies_the_student(setup, registrar):
    hold = place(setup, registrar)

    assert hold.placed_by == registrar and hold.active
    assert AuditRecord.objects.filter(action="hold.place", target_id=str(hold.pk), actor=registrar).exists()
    note = Notification.objects.get(recipient=setup.user)
    assert note.title == "A hold was placed on your account: Tuition debt"
    assert "tuition debt" in note.body and note.url == reverse("study_plan:curriculum")


def test_place_refuses_a_hold_without_reason_or_without_anything_blocked(setup, registrar):
    with pytest.raises(ValidationError, match="needs a reason"):
        place(setup, registrar, reason="  ")
    with pytest.raises(ValidationError, match="must block at least one"):
        place(setup, registrar, blocks_registration=False)
    assert not Hold.objects.exists()


def test_lift_records_who_and_refuses_twice(setup, registrar):
    hold = place(setup, registrar)

    hold_lift(hold=hold, actor=registrar)

    hold.refresh_from_db()
    assert hold.lifted_by == registrar and hold.lifted_at is not None
    assert AuditRecord.objects.filter(action="hold.lift", actor=registrar).count() == 1
    with pytest.raises(ValidationError, match="already lifted"):
        hold_lift(hold=hold, actor=registrar)


def test_the_registration_page_shows_the_hold_next_to_disabled_buttons(client, setup):
    setup.item()
    HoldFactory(student=setup.student, reason="tuition debt", how_to_lift="pay the debt at room 101")
    client.force_login(setup.user)

    response = client.get(reverse("study_plan:registration"))

    html = response.content.decode()
    assert "Registration is blocked by the Finance office" in html
    assert "tuition debt" in html and "To lift:" in html and "pay the debt at room 101" in html
    assert 'data-testid="register" disabled' in html


def test_a_lifted_hold_is_not_shown(client, setup, registrar):
    hold = place(setup, registrar, reason="old debt")
    hold_lift(hold=hold, actor=registrar)
    client.force_login(setup.user)
    assert "old debt" not in client.get(reverse("study_plan:registration")).content.decode()
    assert "old debt" not in client.get(reverse("study_plan:curriculum")).content.decode()


def test_registrar_places_a_hold_in_admin(client, setup, registrar):
    client.force_login(registrar)

    response = client.post(
        reverse("admin:curriculum_hold_add"),
        {
            "student": setup.student.pk,
            "kind": Hold.Kind.DOCUMENT,
            "office": Hold.Office.REGISTRAR,
            "reason": "no school certificate",
            "how_to_lift": "bring the original to room 5",
            "blocks_registration": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    hold = Hold.objects.get()
    assert hold.placed_by == registrar and hold.reason == "no school certificate"
    assert AuditRecord.objects.filter(action="hold.place").count() == 1


def test_registrar_lifts_a_hold_in_admin_by_form_and_by_action(client, setup, registrar):
    first = place(setup, registrar)
    second = place(setup, registrar, reason="library debt", office=Hold.Office.LIBRARY)
    client.force_login(registrar)

    response = client.post(reverse("admin:curriculum_hold_change", args=[first.pk]), {"lift": "on"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.lifted_by == registrar

    response = client.post(
        reverse("admin:curriculum_hold_changelist"), {"action": "lift_selected", "_selected_action": [second.pk]}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.lifted_by == registrar and second.lifted_at is not None


def test_admin_refuses_a_hold_blocking_nothing(client, setup, registrar):
    client.force_login(registrar)
    response = client.post(
        reverse("admin:curriculum_hold_add"),
        {
            "student": setup.student.pk,
            "kind": Hold.Kind.OTHER,
            "office": Hold.Office.DEAN,
            "reason": "x",
            "how_to_lift": "y",
        },
    )
    assert response.status_code == 200
    assert not Hold.objects.exists()

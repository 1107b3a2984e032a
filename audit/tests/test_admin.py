"""The audit admin: to read and filter, never to add, change or delete (superusers included); bounded queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditRecord
from audit.services import audit_record_create
from people.tests.factories import RegistrarFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:audit_auditrecord_changelist")


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.kz", is_staff=True, is_superuser=True, language="en")


@pytest.fixture
def root(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def lines(registrar):
    """A registrar's hold on one student, a student's own registration, and a line nobody signed in wrote."""
    student, other = StudentFactory(email="ayan@example.kz"), StudentFactory()
    return {
        "hold": audit_record_create(actor=registrar, action=AuditAction.HOLD_PLACE, target=student, summary="fees"),
        "mine": audit_record_create(actor=student, action=AuditAction.REGISTRATION_ADD, target=student.student_record),
        "system": audit_record_create(actor=None, action=AuditAction.HOLD_LIFT, target=other),
    }


def shown(response):
    assert response.status_code == 200, response.get("Location")  # an unknown filter redirects with ?e=1
    return {record.pk for record in response.context["cl"].result_list}


class TestReadOnly:
    def test_the_list_and_a_line_can_be_read(self, root, lines):
        assert shown(root.get(CHANGELIST)) == {line.pk for line in lines.values()}
        page = root.get(reverse("admin:audit_auditrecord_change", args=[lines["hold"].pk]))
        assert page.status_code == 200
        assert not page.context["has_change_permission"]
        assert b'name="_save"' not in page.content  # fields shown as text, no save button
        assert b"fees" in page.content

    def test_nobody_adds_a_line_superusers_included(self, root):
        assert root.get(reverse("admin:audit_auditrecord_add")).status_code == 403
        assert root.post(reverse("admin:audit_auditrecord_add"), {"action": "hold.place"}).status_code == 403
        assert not AuditRecord.objects.exists()

    def test_nobody_changes_a_line(self, root, lines):
        line = lines["hold"]
        url = reverse("admin:audit_auditrecord_change", args=[line.pk])
        root.post(url, {"action": "hold.lift", "target_type": "x", "target_id": "1", "summary": "forged"})
        line.refresh_from_db()
        assert (line.action, line.summary) == ("hold.place", "fees")

    def test_nobody_deletes_a_line(self, root, lines):
        line = lines["hold"]
        assert root.get(reverse("admin:audit_auditrecord_delete", args=[line.pk])).status_code == 403
        assert root.post(reverse("admin:audit_auditrecord_delete", args=[line.pk]), {"post": "yes"}).status_code == 403
        root.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [line.pk], "post": "yes"})
        assert AuditRecord.objects.filter(pk=line.pk).exists()
        assert b"delete_selected" not in root.get(CHANGELIST).content

    def test_staff_without_the_view_permission_sees_nothing(self, client, lines):
        registrar = RegistrarFactory(language="en")
        client.force_login(registrar)
        assert client.get(CHANGELIST).status_code == 403
        registrar.user_permissions.add(Permission.objects.get(codename="view_auditrecord"))
        assert client.get(CHANGELIST).status_code == 200
        assert client.get(reverse("admin:audit_auditrecord_add")).status_code == 403


class TestFilters:
    def test_by_action(self, root, lines):
        assert shown(root.get(CHANGELIST, {"action__exact": "hold.place"})) == {lines["hold"].pk}

    def test_by_actor(self, root, lines, registrar):
        assert shown(root.get(CHANGELIST, {"actor": registrar.pk})) == {lines["hold"].pk}
        assert shown(root.get(CHANGELIST, {"actor": "none"})) == {lines["system"].pk}

    def test_the_actor_filter_names_the_person_it_shows(self, root, lines, registrar):
        html = root.get(CHANGELIST, {"actor": registrar.pk}).content.decode()
        assert "registrar@example.kz" in html.split('id="changelist-filter"')[1]

    def test_a_malformed_actor_is_refused_not_an_error(self, root, lines):
        response = root.get(CHANGELIST, {"actor": "x"})
        assert response.status_code == 302
        assert "e=1" in response["Location"]

    def test_by_target_type_and_one_objects_history(self, root, lines):
        hold = lines["hold"]
        assert shown(root.get(CHANGELIST, {"target_type": "people.user"})) == {hold.pk, lines["system"].pk}
        history = {"target_type": hold.target_type, "target_id": hold.target_id}
        assert shown(root.get(CHANGELIST, history)) == {hold.pk}

    def test_the_target_type_filter_names_models(self, root, lines):
        sidebar = root.get(CHANGELIST).content.decode().split('id="changelist-filter"')[1]
        assert ">Student record</a>" in sidebar

    def test_the_rows_link_to_the_actors_and_the_objects_history(self, root, lines, registrar):
        html = root.get(CHANGELIST).content.decode()
        assert f"{CHANGELIST}?actor={registrar.pk}" in html
        hold = lines["hold"]
        assert f"{CHANGELIST}?target_type=people.user&amp;target_id={hold.target_id}" in html

    def test_by_date(self, root, lines):
        old = lines["system"]
        last_year = timezone.now() - dt.timedelta(days=400)
        AuditRecord.objects.filter(pk=old.pk).update(created_at=last_year)
        assert shown(root.get(CHANGELIST, {"created_at__year": last_year.year})) == {old.pk}
        response = root.get(CHANGELIST)
        (dates,) = [spec for spec in response.context["cl"].filter_specs if spec.title == "when"]
        (today,) = [choice for choice in dates.choices(response.context["cl"]) if choice["display"] == "Today"]
        assert shown(root.get(CHANGELIST + today["query_string"])) == {lines["hold"].pk, lines["mine"].pk}

    def test_search_by_the_actors_email(self, root, lines):
        assert shown(root.get(CHANGELIST, {"q": "ayan@"})) == {lines["mine"].pk}
        assert shown(root.get(CHANGELIST, {"q": "registrar@example.kz"})) == {lines["hold"].pk}


def test_the_changelist_query_count_does_not_grow_with_rows(root, registrar):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert root.get(CHANGELIST).status_code == 200
        return len(captured)

    def write(count):
        for _ in range(count):
            actor = StudentFactory()
            audit_record_create(actor=actor, action=AuditAction.STREAM_CHOOSE, target=actor.student_record)

    write(2)
    few = queries()
    write(20)
    assert queries() == few

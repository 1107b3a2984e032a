"""The audit line: who did what to which object, when, with the values before and after; only known actions."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditRecord
from audit.services import audit_record_create
from people.tests.factories import RegistrarFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_writes_who_when_what_and_before_after():
    registrar, student = RegistrarFactory(), StudentFactory()
    start = timezone.now()
    audit_record_create(
        actor=registrar,
        action=AuditAction.APPLICANT_ADMIT,
        target=student,
        summary="admitted",
        before={"is_student": False},
        after={"is_student": True, "number": "S2600001"},
    )
    record = AuditRecord.objects.get()  # read back from the table, not the returned instance
    assert record.actor == registrar
    assert record.action == "people.applicant_admit"
    assert record.get_action_display() == "Applicant admitted"
    assert (record.target_type, record.target_id) == ("people.user", str(student.pk))
    assert record.summary == "admitted"
    assert record.before == {"is_student": False}
    assert record.after == {"is_student": True, "number": "S2600001"}
    assert start - dt.timedelta(seconds=1) <= record.created_at <= timezone.now()


def test_no_actor_is_the_system_and_a_long_summary_is_cut():
    student = StudentFactory()
    audit_record_create(actor=None, action=AuditAction.HOLD_LIFT, target=student, summary="x" * 300)
    record = AuditRecord.objects.get()
    assert record.actor is None
    assert len(record.summary) == 255
    assert (record.before, record.after) == (None, None)


@pytest.mark.parametrize("action", ["iup.signed", "", None, "iup.sign"])
def test_refuses_an_action_that_is_not_a_member(action):
    """A typo, nothing, or even a known value typed as a plain string: callers name the member."""
    with pytest.raises(ValueError, match="AuditAction"):
        audit_record_create(actor=None, action=action, target=StudentFactory())
    assert not AuditRecord.objects.exists()


def test_every_action_value_the_table_already_holds_is_kept():
    """The values are stored: renaming one would orphan the lines written under the old value (new ones may come)."""
    assert set(AuditAction.values) >= {
        "registration.add",
        "registration.remove",
        "iup.sign",
        "iup.return",
        "iup.restart",
        "hold.place",
        "hold.lift",
        "final_grade.set",
        "final_grade.withdraw",
        "journal.column_add",
        "journal.column_edit",
        "journal.column_delete",
        "schedule.stream_choose",
        "schedule.stream_cancel",
        "schedule.stream_switch",
        "schedule.waitlist_claim",
        "document.issue",
        "document.revoke",
        "people.applicant_admit",
        "people.student_create",
        "assignment.grade",
        "assignment.return",
    }
    assert all(len(value) <= AuditRecord._meta.get_field("action").max_length for value in AuditAction.values)

"""Add/drop by request (docs/domain.md#add-drop-by-request): each action applied on approval changes registrations,
streams and the IUP through the self-service services; a refused rule refuses it with its reason, nothing changed;
the check is a dry run; the form checks the shape."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from academic_calendar.models import Period
from audit.models import AuditRecord
from curriculum.models import CreditLimit, IndividualPlan, Registration
from curriculum.tests.factories import (
    HoldFactory,
    PeriodFactory,
    RegistrationFactory,
    install_grade_scale,
    registration_setup,
)
from requests_app.forms.adddrop import AddDropForm
from requests_app.services.adddrop import adddrop_apply, adddrop_check, adddrop_lines
from schedule.models import Slot, Stream, StreamChoice
from schedule.tests.factories import StreamChoiceFactory, stream_with_slot

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


class Setup:
    def __init__(self):
        install_grade_scale()
        self.base = registration_setup()
        self.student, self.term = self.base.student, self.base.current
        self.period = PeriodFactory(term=self.term, kind=Period.Kind.ADD_DROP)
        self.old = self.item(code="OLD101", credits=5)
        self.new = self.item(code="NEW101", credits=5)
        self.registration = RegistrationFactory(student=self.student, discipline=self.old, term=self.term)
        self.old_lecture = stream_with_slot(term=self.term, discipline=self.old, code="L-01", capacity=5)
        self.old_lecture_2 = stream_with_slot(
            term=self.term, discipline=self.old, code="L-02", capacity=5, weekday=Slot.Weekday.TUESDAY
        )
        self.new_lecture = stream_with_slot(
            term=self.term, discipline=self.new, code="L-01", capacity=1, weekday=Slot.Weekday.WEDNESDAY
        )
        StreamChoiceFactory(student=self.student, stream=self.old_lecture)
        Stream.objects.filter(pk=self.old_lecture.pk).update(taken=1)
        self.plan = IndividualPlan.objects.create(
            student=self.student, term=self.term, status=IndividualPlan.Status.APPROVED
        )

    def item(self, **discipline):
        return self.base.item(semester=self.base.current_semester, **discipline).discipline

    def details(self, action, **ids):
        return (
            {"action": action, "term": self.term.pk, "drop": None, "add": None}
            | {
                "from_stream": None,
                "to_stream": None,
            }
            | ids
        )

    def registered(self) -> set[str]:
        return set(
            Registration.objects.filter(student=self.student, term=self.term).values_list("discipline__code", flat=True)
        )

    def streams(self) -> set[str]:
        return {
            str(c.stream)
            for c in StreamChoice.objects.filter(student=self.student).select_related("stream__discipline")
        }

    def state(self):
        self.plan.refresh_from_db()
        return (
            self.registered(),
            self.streams(),
            self.plan.status,
            list(Stream.objects.order_by("pk").values_list("taken", flat=True)),
            AuditRecord.objects.count(),
        )


@pytest.fixture
def s(db):
    return Setup()


def test_replace_drops_the_old_with_its_streams_and_adds_the_new_with_a_stream(s, registrar):
    details = s.details("replace", drop=s.old.pk, add=s.new.pk, to_stream=s.new_lecture.pk)

    lines = adddrop_apply(student=s.student, details=details, actor=registrar)

    assert s.registered() == {"NEW101"}
    assert s.streams() == {"NEW101 L-01"}
    assert Stream.objects.get(pk=s.old_lecture.pk).taken == 0
    s.plan.refresh_from_db()
    assert s.plan.status == IndividualPlan.Status.DRAFT and s.plan.round == 2
    assert any("Dropped" in line and "OLD101" in line for line in lines)
    assert any("Registered for" in line and "NEW101" in line for line in lines)
    assert any("signatures start over" in line for line in lines)
    assert AuditRecord.objects.filter(action="registration.add", actor=registrar).count() == 1
    assert AuditRecord.objects.filter(action="registration.remove", actor=registrar).count() == 1


def test_drop_and_add(s, registrar):
    adddrop_apply(student=s.student, details=s.details("drop", drop=s.old.pk), actor=registrar)
    assert s.registered() == set() and s.streams() == set()
    lines = adddrop_apply(student=s.student, details=s.details("add", add=s.new.pk), actor=registrar)
    assert s.registered() == {"NEW101"} and s.streams() == set()
    assert lines == [lines[0]] and "NEW101" in lines[0]  # the plan was already reopened by the drop


def test_change_stream_switches_without_touching_the_iup(s, registrar):
    details = s.details("stream", from_stream=s.old_lecture.pk, to_stream=s.old_lecture_2.pk)

    lines = adddrop_apply(student=s.student, details=details, actor=registrar)

    assert s.streams() == {"OLD101 L-02"}
    assert [Stream.objects.get(pk=x.pk).taken for x in (s.old_lecture, s.old_lecture_2)] == [0, 1]
    s.plan.refresh_from_db()
    assert s.plan.status == IndividualPlan.Status.APPROVED
    assert lines == ["Moved from stream OLD101 L-01 to OLD101 L-02."]


def test_outside_the_add_drop_period_refused_and_nothing_changed(s, registrar):
    before = s.state()
    with pytest.raises(ValidationError, match="only during its add/drop period"):
        adddrop_apply(
            student=s.student, details=s.details("add", add=s.new.pk), actor=registrar, today=s.period.start_date - DAY
        )
    assert s.state() == before


def test_a_late_drop_only_after_the_period(s, registrar):
    with pytest.raises(ValidationError, match="request an ordinary drop"):
        adddrop_check(student=s.student, details=s.details("late_drop", drop=s.old.pk))
    today = s.period.end_date + DAY
    adddrop_apply(student=s.student, details=s.details("late_drop", drop=s.old.pk), actor=registrar, today=today)
    assert s.registered() == set() and s.streams() == set()


@pytest.mark.parametrize("rule", ["credits", "full", "hold"])
def test_a_broken_rule_refuses_the_whole_request_with_its_reason(s, registrar, rule):
    details = s.details("replace", drop=s.old.pk, add=s.new.pk, to_stream=s.new_lecture.pk)
    if rule == "credits":
        CreditLimit.objects.create(term=s.term, min_credits=0, max_credits=4)
        expected = "would exceed the maximum of 4 credits"
    elif rule == "full":
        Stream.objects.filter(pk=s.new_lecture.pk).update(taken=1)
        expected = "is full"
    else:
        HoldFactory(student=s.student, reason="library debt")
        expected = "library debt"
    before = s.state()

    for run in (adddrop_check, adddrop_apply):
        kwargs = {"actor": registrar} if run is adddrop_apply else {}
        with pytest.raises(ValidationError) as caught:
            run(student=s.student, details=details, **kwargs)
        assert expected in " ".join(caught.value.messages)
        assert s.state() == before  # the drop that passed before the refusal is undone too


def test_the_check_is_a_dry_run(s):
    before = s.state()
    adddrop_check(student=s.student, details=s.details("replace", drop=s.old.pk, add=s.new.pk))
    assert s.state() == before


def test_malformed_details_are_refused(s, registrar):
    with pytest.raises(ValidationError, match="unknown action"):
        adddrop_check(student=s.student, details={"action": "steal", "term": s.term.pk})
    with pytest.raises(ValidationError, match="the discipline to add is missing"):
        adddrop_check(student=s.student, details=s.details("add"))
    with pytest.raises(ValidationError, match="no longer exists"):
        adddrop_check(student=s.student, details=s.details("drop", drop=999999))
    with pytest.raises(ValidationError, match="is not a stream of"):
        adddrop_check(student=s.student, details=s.details("add", add=s.new.pk, to_stream=s.old_lecture.pk))


def test_lines_describe_the_request(s):
    lines = adddrop_lines(s.details("replace", drop=s.old.pk, add=s.new.pk, to_stream=s.new_lecture.pk))
    assert lines[0] == "Replace a discipline."
    assert "OLD101" in lines[1] and "NEW101" in lines[1]
    assert lines[2] == "Stream of the new discipline: NEW101 L-01."
    assert "no longer exists" in adddrop_lines(s.details("drop", drop=999999))[1]
    assert adddrop_lines({"action": "late_drop", "term": "x", "drop": s.old.pk})[1].startswith("Drop OLD101")


def test_the_form_offers_the_student_s_choices_and_requires_fields_per_action(s):
    form = AddDropForm(student=s.student)
    assert list(form.fields["drop"].queryset) == [s.old]
    assert s.new in form.fields["add"].queryset and s.old not in form.fields["add"].queryset
    assert list(form.fields["from_stream"].queryset) == [s.old_lecture]
    assert s.old_lecture not in form.fields["to_stream"].queryset
    html = render_to_string("requests/_adddrop_fields.html", {"form": form})
    assert f'for="{form["drop"].id_for_label}"' in html and "form-select" in html

    missing = AddDropForm({"action": "replace", "term": s.term.pk, "drop": s.old.pk}, student=s.student)
    assert not missing.is_valid()
    assert missing.errors["add"] == ["Choose the discipline to add."]
    assert "is-invalid" in str(missing["add"])

    foreign = AddDropForm({"action": "drop", "term": s.term.pk, "drop": s.new.pk}, student=s.student)
    assert not foreign.is_valid() and "drop" in foreign.errors

    form = AddDropForm(
        {"action": "replace", "term": s.term.pk, "drop": s.old.pk, "add": s.new.pk, "from_stream": s.old_lecture.pk},
        student=s.student,
    )
    assert form.is_valid(), form.errors
    assert form.details() == {
        "action": "replace",
        "term": s.term.pk,
        "drop": s.old.pk,
        "add": s.new.pk,
        "from_stream": None,
        "to_stream": None,
    }


def test_the_form_without_an_open_term(s):
    Period.objects.all().delete()
    form = AddDropForm(student=s.student, today=timezone.localdate() + 3650 * DAY)
    assert not form.fields["term"].queryset.exists()
    assert "nothing to add or drop" in render_to_string("requests/_adddrop_fields.html", {"form": form})

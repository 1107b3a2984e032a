"""registration_add / _remove: each rule (docs/domain.md#registration-and-holds) refuses with its message, no change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academic_calendar.models import Period
from audit.models import AuditRecord
from curriculum.models import CreditLimit, IndividualPlan, IUPEvent, Registration
from curriculum.selectors.registration import registration_page
from curriculum.services.registration import registration_add, registration_remove
from people.models import StudentRecord

from .factories import (
    ElectiveGroupFactory,
    HoldFactory,
    PeriodFactory,
    RegistrationFactory,
    grade,
    install_grade_scale,
    registration_setup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    install_grade_scale()
    return registration_setup()


def refused(setup, discipline, term=None, *, match):
    before = Registration.objects.count()
    with pytest.raises(ValidationError) as error:
        registration_add(student=setup.student, discipline=discipline, term=term or setup.next, actor=setup.user)
    assert match in " ".join(error.value.messages)
    assert Registration.objects.count() == before
    return " ".join(error.value.messages)


def test_register_adds_audits_and_updates_the_counter(setup):
    item = setup.item(credits=6)
    setup.item(credits=5)
    page = registration_page(student=setup.student, term_id=setup.next.pk)
    assert (page.tab.counter.plan, page.tab.counter.fact, page.tab.counter.remainder) == (11, 0, 11)

    registration = registration_add(
        student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user
    )

    assert registration.semester == item.semester
    assert list(setup.student.registrations.values_list("discipline", "term")) == [(item.discipline.pk, setup.next.pk)]
    record = AuditRecord.objects.get(action="registration.add")
    assert record.actor == setup.user and record.target_id == str(registration.pk)
    page = registration_page(student=setup.student, term_id=setup.next.pk)
    assert (page.tab.counter.plan, page.tab.counter.fact, page.tab.counter.remainder) == (11, 6, 5)


def test_refused_outside_the_registration_window(setup):
    item = setup.item()
    setup.window.start_date = timezone.localdate() + datetime.timedelta(days=1)
    setup.window.end_date = timezone.localdate() + datetime.timedelta(days=8)
    setup.window.save()
    refused(setup, item.discipline, match="is closed")


def test_a_window_of_another_term_does_not_open_this_one(setup):
    item = setup.item(semester=setup.current_semester)
    refused(setup, item.discipline, term=setup.current, match="is closed")


def test_add_drop_period_opens_registration(setup):
    item = setup.item(semester=setup.current_semester)
    PeriodFactory(term=setup.current, kind=Period.Kind.ADD_DROP)
    registration_add(student=setup.student, discipline=item.discipline, term=setup.current, actor=setup.user)
    assert setup.student.registrations.filter(term=setup.current).count() == 1


def test_refused_by_a_hold_naming_office_and_reason(setup):
    item = setup.item()
    HoldFactory(student=setup.student, reason="tuition debt", how_to_lift="pay the debt at room 101")
    message = refused(setup, item.discipline, match="Registration is blocked by the Finance office: tuition debt")
    assert "pay the debt at room 101" in message


def test_a_lifted_hold_or_one_not_blocking_registration_does_not_block(setup):
    item = setup.item()
    HoldFactory(student=setup.student, lifted_at=timezone.now())
    HoldFactory(student=setup.student, blocks_registration=False, blocks_exams=True)
    registration_add(student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user)
    assert setup.student.registrations.count() == 1


def test_refused_for_a_discipline_outside_the_curriculum(setup):
    from .factories import DisciplineFactory

    other = DisciplineFactory(code="ALIEN101")
    refused(setup, other, match="ALIEN101")
    refused(setup, other, match="is not in the curriculum of your programme")


def test_refused_when_already_registered(setup):
    item = setup.item()
    registration_add(student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user)
    refused(setup, item.discipline, match="You are already registered for")


def test_refused_when_in_progress_in_the_current_term(setup):
    item = setup.item(semester=setup.current_semester)
    RegistrationFactory(student=setup.student, discipline=item.discipline, term=setup.current)
    refused(setup, item.discipline, match="You are already registered for")


def test_refused_when_already_passed(setup):
    item = setup.item(semester=setup.current_semester)
    grade(RegistrationFactory(student=setup.student, discipline=item.discipline, term=setup.current), 88)
    refused(setup, item.discipline, match="You have already passed")


def test_a_failed_discipline_may_be_taken_again(setup):
    item = setup.item(semester=setup.current_semester)
    grade(RegistrationFactory(student=setup.student, discipline=item.discipline, term=setup.current), 20)
    registration_add(student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user)
    assert setup.student.registrations.filter(discipline=item.discipline).count() == 2


def test_refused_when_a_prerequisite_is_not_passed_naming_it(setup):
    first = setup.item(semester=setup.current_semester, code="CALC101")
    second = setup.item(semester=setup.current_semester, code="ALG101")
    item = setup.item(code="CALC201", prerequisites=[first.discipline, second.discipline])
    grade(RegistrationFactory(student=setup.student, discipline=second.discipline, term=setup.current), 90)
    message = refused(setup, item.discipline, match="needs its prerequisites passed first")
    assert "CALC101" in message and "(not taken)" in message and "ALG101" not in message.split(":")[-1]

    grade(RegistrationFactory(student=setup.student, discipline=first.discipline, term=setup.current), 70)
    registration_add(student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user)


def test_refused_when_the_elective_group_is_complete(setup):
    group = ElectiveGroupFactory(curriculum=setup.curriculum, title="Profile electives", choose=1)
    first = setup.item(elective_group=group)
    second = setup.item(elective_group=group)
    registration_add(student=setup.student, discipline=first.discipline, term=setup.next, actor=setup.user)
    message = refused(setup, second.discipline, match="“Profile electives”")
    assert "choose 1" in message


def test_refused_over_the_programme_maximum_saying_max_and_current(setup):
    setup.student.programme.max_credits_per_semester = 10
    setup.student.programme.save()
    first, second = setup.item(credits=6), setup.item(credits=5)
    registration_add(student=setup.student, discipline=first.discipline, term=setup.next, actor=setup.user)
    message = refused(setup, second.discipline, match="would exceed the maximum of 10 credits")
    assert "you have 6 credits registered" in message


def test_a_term_limit_overrides_the_programme_and_a_programme_limit_overrides_the_term(setup):
    first, second = setup.item(credits=6), setup.item(credits=5)
    CreditLimit.objects.create(term=setup.next, programme=None, max_credits=8)
    registration_add(student=setup.student, discipline=first.discipline, term=setup.next, actor=setup.user)
    refused(setup, second.discipline, match="maximum of 8 credits")

    CreditLimit.objects.create(term=setup.next, programme=setup.student.programme, max_credits=11)
    registration_add(student=setup.student, discipline=second.discipline, term=setup.next, actor=setup.user)
    assert setup.student.registrations.count() == 2


def test_a_student_not_studying_cannot_register(setup):
    item = setup.item()
    StudentRecord.objects.filter(pk=setup.student.pk).update(status=StudentRecord.Status.ACADEMIC_LEAVE)
    refused(setup, item.discipline, match="Only a studying student can register")


def test_registering_after_signing_restarts_the_iup(setup):
    item = setup.item()
    plan = IndividualPlan.objects.create(
        student=setup.student, term=setup.next, status=IndividualPlan.Status.STUDENT_SIGNED
    )
    registration_add(student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user)
    plan.refresh_from_db()
    assert (plan.status, plan.round) == (IndividualPlan.Status.DRAFT, 2)
    assert plan.events.filter(action=IUPEvent.Action.RESTARTED).count() == 1


def test_drop_inside_the_window(setup):
    item = setup.item()
    registration_add(student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user)
    plan = IndividualPlan.objects.create(student=setup.student, term=setup.next, status="approved")

    registration_remove(student=setup.student, discipline=item.discipline, term=setup.next, actor=setup.user)

    assert not setup.student.registrations.exists()
    assert AuditRecord.objects.filter(action="registration.remove", actor=setup.user).count() == 1
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.DRAFT


def test_drop_refused_outside_the_window_with_a_grade_or_when_not_registered(setup):
    item = setup.item(semester=setup.current_semester)
    registration = RegistrationFactory(student=setup.student, discipline=item.discipline, term=setup.current)
    with pytest.raises(ValidationError, match="is closed"):
        registration_remove(student=setup.student, discipline=item.discipline, term=setup.current, actor=setup.user)

    PeriodFactory(term=setup.current, kind=Period.Kind.ADD_DROP)
    grade(registration, 75)
    with pytest.raises(ValidationError, match="already has a final grade"):
        registration_remove(student=setup.student, discipline=item.discipline, term=setup.current, actor=setup.user)

    other = setup.item()
    with pytest.raises(ValidationError, match="You are not registered for"):
        registration_remove(student=setup.student, discipline=other.discipline, term=setup.next, actor=setup.user)
    assert Registration.objects.filter(pk=registration.pk).exists()

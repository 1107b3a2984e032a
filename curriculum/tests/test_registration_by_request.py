"""registration_add / _remove with `by_request` (docs/domain.md#add-drop-by-request): the add/drop period replaces
the self-service window, a late drop comes after it, every other rule stays."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academic_calendar.models import Period
from curriculum.models import Registration
from curriculum.services.registration import registration_add, registration_remove

from .factories import HoldFactory, PeriodFactory, RegistrationFactory, install_grade_scale, registration_setup

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def setup(db):
    install_grade_scale()
    return registration_setup()


def add(setup, item, **kwargs):
    return registration_add(
        student=setup.student, discipline=item.discipline, term=setup.current, actor=setup.user, **kwargs
    )


def test_by_request_needs_the_add_drop_period_not_the_registration_one(setup):
    item = setup.item(semester=setup.current_semester)
    PeriodFactory(term=setup.current, kind=Period.Kind.REGISTRATION)
    with pytest.raises(ValidationError, match="has no add/drop period"):
        add(setup, item, by_request=True)
    add_drop = PeriodFactory(term=setup.current, kind=Period.Kind.ADD_DROP)
    add(setup, item, by_request=True)
    assert Registration.objects.filter(student=setup.student, term=setup.current).count() == 1
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="only during its add/drop period"):
        add(setup, setup.item(semester=setup.current_semester), by_request=True, today=add_drop.start_date - DAY)
    with pytest.raises(ValidationError, match="only a late drop is possible"):
        add(setup, setup.item(semester=setup.current_semester), by_request=True, today=today + 30 * DAY)


def test_by_request_keeps_the_other_rules(setup):
    PeriodFactory(term=setup.current, kind=Period.Kind.ADD_DROP)
    HoldFactory(student=setup.student, reason="tuition debt")
    with pytest.raises(ValidationError, match="tuition debt"):
        add(setup, setup.item(semester=setup.current_semester), by_request=True)
    assert not Registration.objects.exists()


def test_a_late_drop_only_by_request_after_the_add_drop_period(setup):
    item = setup.item(semester=setup.current_semester)
    today = timezone.localdate()
    PeriodFactory(term=setup.current, kind=Period.Kind.ADD_DROP, start_date=today - 20 * DAY, end_date=today - DAY)
    RegistrationFactory(student=setup.student, discipline=item.discipline, term=setup.current)
    drop = {"student": setup.student, "discipline": item.discipline, "term": setup.current, "actor": setup.user}
    with pytest.raises(ValidationError, match="is closed"):
        registration_remove(**drop)
    with pytest.raises(ValidationError, match="only a late drop"):
        registration_remove(**drop, by_request=True)
    with pytest.raises(ValueError):
        registration_remove(**drop, late=True)
    with pytest.raises(ValidationError, match="is open until"):
        registration_remove(**drop, by_request=True, late=True, today=today - 2 * DAY)
    with pytest.raises(ValidationError, match="nothing can be dropped"):
        registration_remove(**drop, by_request=True, late=True, today=setup.current.end_date + DAY)
    assert Registration.objects.count() == 1
    registration_remove(**drop, by_request=True, late=True)
    assert not Registration.objects.exists()

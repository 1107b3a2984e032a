"""Degree progress per cycle and component, and the hint of what registering would change."""

import pytest
from django.urls import reverse

from curriculum.models import Discipline
from curriculum.selectors.plan import curriculum_items
from curriculum.selectors.progress import degree_progress, progress_hint
from curriculum.selectors.status import discipline_statuses

from .factories import ElectiveGroupFactory, RegistrationFactory, grade, install_grade_scale, registration_setup

pytestmark = pytest.mark.django_db

PROFILE, BASIC = Discipline.Cycle.PROFILE, Discipline.Cycle.BASIC
MANDATORY, ELECTIVE = Discipline.Component.MANDATORY, Discipline.Component.ELECTIVE


@pytest.fixture
def setup(db):
    install_grade_scale()
    return registration_setup(year_of_study=2)


def progress_of(setup):
    items = curriculum_items(curriculum=setup.curriculum)
    return degree_progress(items=items, statuses=discipline_statuses(student=setup.student))


def test_required_earned_in_progress_and_planned(setup):
    past = setup.term_of_semester(1)
    passed = setup.item(semester=1, cycle=PROFILE, credits=6)
    failed = setup.item(semester=1, cycle=PROFILE, credits=4)
    running = setup.item(semester=setup.current_semester, cycle=PROFILE, credits=5)
    setup.item(semester=setup.next_semester, cycle=BASIC, credits=3)
    grade(RegistrationFactory(student=setup.student, discipline=passed.discipline, term=past), 90)
    grade(RegistrationFactory(student=setup.student, discipline=failed.discipline, term=past), 10)
    RegistrationFactory(student=setup.student, discipline=running.discipline, term=setup.current)

    progress = progress_of(setup)

    profile = progress.cycle(PROFILE)
    assert (profile.required, profile.earned, profile.in_progress, profile.planned) == (15, 6, 5, 4)
    basic = progress.cycle(BASIC)
    assert (basic.required, basic.earned, basic.in_progress, basic.planned) == (3, 0, 0, 3)
    assert [line.key for line in progress.components] == [MANDATORY]
    assert (progress.total.required, progress.total.earned, progress.total.in_progress) == (18, 6, 5)


def test_an_elective_group_counts_its_k_cheapest_disciplines(setup):
    group = ElectiveGroupFactory(curriculum=setup.curriculum, choose=2)
    for credits in (5, 3, 4):
        setup.item(cycle=PROFILE, component=ELECTIVE, credits=credits, elective_group=group)

    progress = progress_of(setup)

    assert progress.cycle(PROFILE).required == 7
    assert next(line for line in progress.components if line.key == ELECTIVE).required == 7


def test_planned_never_goes_below_zero(setup):
    group = ElectiveGroupFactory(curriculum=setup.curriculum, choose=1)
    first = setup.item(semester=setup.current_semester, credits=5, elective_group=group)
    second = setup.item(semester=setup.current_semester, credits=5, elective_group=group)
    for item in (first, second):
        RegistrationFactory(student=setup.student, discipline=item.discipline, term=setup.current)

    line = progress_of(setup).cycle(BASIC)

    assert (line.required, line.in_progress, line.planned) == (5, 10, 0)


def test_hint_says_what_registering_changes(setup):
    past = setup.term_of_semester(1)
    for _ in range(12):
        item = setup.item(semester=1, cycle=PROFILE, credits=5)
        grade(RegistrationFactory(student=setup.student, discipline=item.discipline, term=past), 80)
    for _ in range(11):
        setup.item(semester=7, cycle=PROFILE, credits=5)
    target = setup.item(cycle=PROFILE, credits=5)

    hint = progress_hint(progress=progress_of(setup), discipline=target.discipline)

    assert (hint.credits, hint.before, hint.after, hint.required) == (5, 60, 65, 120)
    setup.user.language = "en"
    setup.user.save()
    from django.test import Client

    client = Client()
    client.force_login(setup.user)
    html = client.get(reverse("study_plan:registration")).content.decode()
    assert "+5 credits to Profile disciplines (PD): 60 → 65 of 120" in html


def test_panel_on_the_curriculum_tab_shows_the_numbers(client, setup):
    setup.item(semester=1, cycle=PROFILE, credits=6)
    client.force_login(setup.user)

    response = client.get(reverse("study_plan:curriculum"))

    html = response.content.decode()
    assert 'data-testid="degree-progress"' in html
    assert response.context["page"].progress.cycle(PROFILE).required == 6

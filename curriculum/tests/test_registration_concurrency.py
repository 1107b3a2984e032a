"""Two registration requests of one student at the same moment (PostgreSQL: real row locks, real threads).

The services lock the student's record first, so the second request waits for the first to commit and then sees
its registration: the credit maximum holds and a discipline is never registered twice.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from curriculum.models import Registration
from curriculum.services.registration import registration_add

from .factories import install_grade_scale, registration_setup

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(setup, disciplines):
    """Run registration_add for each discipline in its own thread, all released at once by a barrier."""
    barrier = threading.Barrier(len(disciplines))
    outcomes: list[str] = []

    def register(discipline):
        try:
            barrier.wait(timeout=10)
            with translation.override("en"):
                registration_add(student=setup.student, discipline=discipline, term=setup.next, actor=setup.user)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(d,)) for d in disciplines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def setup():
    install_grade_scale()
    setup = registration_setup()
    setup.student.programme.max_credits_per_semester = 10
    setup.student.programme.save()
    return setup


@pytest.mark.parametrize("attempt", range(3))
def test_two_disciplines_at_once_never_exceed_the_maximum(setup, attempt):
    first, second = setup.item(credits=6), setup.item(credits=6)

    outcomes = race(setup, [first.discipline, second.discipline])

    assert outcomes.count("ok") == 1, outcomes
    assert any("would exceed the maximum of 10 credits" in o for o in outcomes if o != "ok"), outcomes
    assert Registration.objects.filter(student=setup.student, term=setup.next).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_discipline_twice_at_once_is_registered_once(setup, attempt):
    item = setup.item(credits=5)

    outcomes = race(setup, [item.discipline, item.discipline])

    assert outcomes.count("ok") == 1, outcomes
    assert Registration.objects.filter(student=setup.student, discipline=item.discipline).count() == 1

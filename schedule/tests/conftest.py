"""Fixtures the schedule's tests share: a term whose stream selection is open, and a discipline in it."""

import pytest

from curriculum.tests.factories import DisciplineFactory
from schedule.tests.factories import selection_period
from university.tests.factories import TermFactory


@pytest.fixture
def term():
    term = TermFactory()
    selection_period(term)
    return term


@pytest.fixture
def discipline():
    return DisciplineFactory(code="CS101", name_en="Algorithms")

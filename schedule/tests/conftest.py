"""Fixtures the schedule's tests share: a term whose stream selection is open, a discipline in it, and the root
conftest's student as a record, reading English."""

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


@pytest.fixture
def record(student):
    student.language = "en"
    student.save(update_fields=["language"])
    return student.student_record

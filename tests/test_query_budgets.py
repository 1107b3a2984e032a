"""Pages whose own tests do not already count queries: each renders in a bounded number of queries that does not
grow when the university gets more people, disciplines and documents (docs/architecture.md#tests)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curriculum.tests.factories import CurriculumItemFactory, DisciplineFactory
from documents.services import document_issue
from people.tests.factories import StudentFactory, TeacherRecordFactory

pytestmark = pytest.mark.django_db
BUDGET = 20


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(student, discipline):
    """More of everything the pages could be tempted to list row by row."""
    StudentFactory.create_batch(4)
    for _ in range(4):
        TeacherRecordFactory(department=discipline.department)
        prerequisite = DisciplineFactory(department=discipline.department)
        discipline.prerequisites.add(prerequisite)
        CurriculumItemFactory(discipline=prerequisite)


@pytest.fixture
def setting(student):
    discipline = DisciplineFactory(department=TeacherRecordFactory().department)
    CurriculumItemFactory(discipline=discipline)
    document = document_issue(
        kind="transcript", holder=student, title="Transcript", content={"student": {"name": "X"}}, actor=None
    )
    return discipline, document


@pytest.mark.parametrize(
    "name",
    [
        "people:settings",
        "people:settings_contacts",
        "people:settings_security",
        "schedule:feed",
        "module",
        "discipline",
        "verify",
    ],
)
def test_page_queries_stay_bounded_as_the_data_grows(client, student, setting, name):
    discipline, document = setting
    urls = {
        "module": reverse("cabinet:module", args=["library"]),
        "discipline": reverse("disciplines:discipline", args=[discipline.code]),
        "verify": reverse("documents:verify", args=[document.code]),
    }
    url = urls.get(name) or reverse(name)
    client.force_login(student)
    count(client, url)  # the first visit may create what the page keeps (the calendar feed's token)
    before = count(client, url)
    grow(student, discipline)
    after = count(client, url)
    assert before == after <= BUDGET, (name, before, after)

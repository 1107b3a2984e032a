"""The office looks at banks, questions and tests in Django admin, and changes nothing there."""

import pytest
from django.urls import reverse

from people.tests.factories import RegistrarFactory

from .authoring_helpers import bank_of, question_in, quiz_of, teaching

pytestmark = pytest.mark.django_db


def test_the_office_reads_banks_questions_and_tests(client):
    stream = teaching()
    bank = bank_of(stream)
    question = question_in(bank)
    quiz = quiz_of(stream)
    client.force_login(RegistrarFactory(is_staff=True))
    for name, obj in (("questionbank", bank), ("question", question), ("quiz", quiz)):
        assert client.get(reverse(f"admin:testing_{name}_changelist")).status_code == 200
        page = client.get(reverse(f"admin:testing_{name}_change", args=[obj.pk]))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.get(reverse(f"admin:testing_{name}_add")).status_code == 403

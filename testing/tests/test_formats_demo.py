"""The demo's bank imported from Moodle XML: every type, its categories and its image, for a discipline the demo
teacher teaches, made once."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.testing_bank import TITLE, seed_testing_bank
from people.models import User
from testing.models import Question, QuestionBank, QuestionFile, QuestionType
from testing.permissions import can_manage_bank

pytestmark = pytest.mark.django_db


def test_the_demo_teacher_has_a_bank_imported_from_moodle():
    call_command("seed_demo", students=40, quiet=True, stdout=io.StringIO())
    teacher = User.objects.get(email="teacher@demo.kz")
    bank = QuestionBank.objects.get(owner=teacher, title=TITLE)
    assert can_manage_bank(teacher, bank) and teacher.streams.filter(discipline=bank.discipline).exists()
    questions = Question.objects.filter(bank=bank)
    assert questions.count() == 14
    assert set(questions.values_list("type", flat=True)) == set(QuestionType.values)
    assert set(questions.values_list("category", flat=True)) == {
        "Default for AKOS2316/Processes",
        "Default for AKOS2316/Memory",
        "Default for AKOS2316/Number systems",
        "Default for AKOS2316/Essays",
    }
    image = QuestionFile.objects.get(question__bank=bank)
    assert image.content_type == "image/png" and f"@@PLUGINFILE@@/{image.name}" in image.question.text

    seed_testing_bank(today=timezone.localdate())
    assert QuestionBank.objects.filter(owner=teacher, title=TITLE).count() == 1 and questions.count() == 14

    client = Client()
    client.force_login(teacher)
    assert client.get(reverse("testing:bank_import", kwargs={"pk": bank.pk})).status_code == 200
    exported = client.get(reverse("testing:bank_export", kwargs={"pk": bank.pk, "fmt": "gift"})).content.decode()
    assert "// Ordering question “Stages of a system call” left out" in exported

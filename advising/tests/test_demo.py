import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advising.models import AdvisorMaterial
from advising.selectors import student_materials
from demo.advising import seed_advising
from people.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_student_reads_their_advisors_materials_in_three_languages():
    call_command("seed_demo", students=40, quiet=True, stdout=io.StringIO())
    student = User.objects.get(email="student@demo.kz")
    advisor = User.objects.get(email="advisor@demo.kz")
    materials = list(student_materials(student=student))
    assert len(materials) == 3
    assert all(m.advisor == advisor and m.title_kk and m.title_ru and m.title_en for m in materials)
    assert any(m.file and m.group == student.student_record.group for m in materials)
    assert AdvisorMaterial.objects.filter(advisor=advisor, is_published=False).count() == 1

    count = AdvisorMaterial.objects.count()
    seed_advising(today=timezone.localdate())
    assert AdvisorMaterial.objects.count() == count

    client = Client()
    client.force_login(student)
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("advising:index")).content.decode()
    assert "Подготовка к регистрации: чек-лист" in html and advisor.get_full_name() in html

import pytest
from django.db.models import Q
from django.utils import translation

from curriculum.models import ElectiveGroup
from curriculum.tests.factories import CurriculumFactory

pytestmark = pytest.mark.django_db


def test_an_elective_group_reads_in_the_active_language_and_falls_back_to_kazakh():
    group = ElectiveGroup.objects.create(
        curriculum=CurriculumFactory(), title_kk="Цифрлық бизнес", title_en="Digital business", choose=1
    )
    group.refresh_from_db()
    with translation.override("kk"):
        assert str(group) == "Цифрлық бизнес"
    with translation.override("ru"):
        assert group.title == "Цифрлық бизнес"  # no Russian title: the Kazakh one
    with translation.override("en"):
        assert group.title == "Digital business"


def test_the_demo_elective_groups_have_all_three_languages(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", students=30, quiet=True, stdout=StringIO())
    groups = ElectiveGroup.objects.all()
    assert groups.exists()
    for language in ("kk", "ru", "en"):
        empty = Q(**{f"title_{language}": ""}) | Q(**{f"title_{language}__isnull": True})
        assert not groups.filter(empty).exists(), language


def test_the_demo_gives_the_advisor_and_the_registrar_plans_to_sign(db):
    from io import StringIO

    from django.core.management import call_command

    from curriculum.models import IndividualPlan
    from people.models import User

    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    advisor = User.objects.get(email="advisor@demo.kz")
    waiting = IndividualPlan.objects.filter(status=IndividualPlan.Status.STUDENT_SIGNED, student__advisor=advisor)
    assert waiting.exists()
    assert IndividualPlan.objects.filter(status=IndividualPlan.Status.ADVISOR_SIGNED).exists()
    assert not IndividualPlan.objects.filter(student__user__email="student@demo.kz").exists()
    for plan in IndividualPlan.objects.prefetch_related("signatures"):
        steps = [s.step for s in plan.signatures.all()]
        assert steps == ["student", "advisor", "registrar"][: len(steps)] and steps
    count = IndividualPlan.objects.count()
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    assert IndividualPlan.objects.count() == count

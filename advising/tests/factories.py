import factory

from people.tests.factories import AdvisorFactory, StudentRecordFactory
from university.tests.factories import StudyGroupFactory

from ..models import AdvisorMaterial

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class AdvisorMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvisorMaterial

    advisor = factory.SubFactory(AdvisorFactory)
    title_kk = factory.Sequence(lambda n: f"Материал {n}")
    title_ru = factory.Sequence(lambda n: f"Материал {n} (ru)")
    title_en = factory.Sequence(lambda n: f"Material {n}")
    body_kk = "Мәтін"
    is_published = True


def advisees(advisor, count=1, *, group=None, **kwargs):
    """`count` students of `advisor`, in `group` (a new one when None)."""
    group = group or StudyGroupFactory()
    return [
        StudentRecordFactory(advisor=advisor, group=group, programme=group.programme, **kwargs) for _ in range(count)
    ]

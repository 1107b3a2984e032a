import io

import factory
from django.core.files.base import ContentFile
from PIL import Image

from documents.models import DocumentTemplate, Signatory


def png(size=(120, 60), color=(20, 40, 160)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGBA", size, color + (255,)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="image.png")


class DocumentTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentTemplate
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"study-{n}")
    kind = DocumentTemplate.Kind.STUDY
    title_kk = "Анықтама"
    title_ru = "Справка"
    title_en = "Certificate of study"
    addressee_kk = "Талап етілген жерге"
    addressee_ru = "По месту требования"
    addressee_en = "To whom it may concern"
    body_kk = "Бұл анықтама {full_name_dative} {university} {course}-курс студенті екенін растау үшін берілді."
    body_ru = (
        "Настоящая справка выдана {full_name_dative} в том, что он(а) является студентом {course} курса {university}."
    )
    body_en = "This is to certify that {full_name} is a {course} year student of {university}, {programme}."


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    name_kk = "Серікбаев Асқар"
    name_ru = "Серикбаев Аскар"
    name_en = "Askar Serikbayev"
    position_kk = "Ректор"
    position_ru = "Ректор"
    position_en = "Rector"
    signature = factory.LazyFunction(lambda: png())
    seal = factory.LazyFunction(lambda: png((100, 100), (30, 60, 200)))

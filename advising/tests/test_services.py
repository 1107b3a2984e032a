import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditAction, AuditRecord
from notifications.models import Notification
from people.tests.factories import AdvisorFactory, StudentFactory
from university.tests.factories import StudyGroupFactory

from ..models import AdvisorMaterial
from ..services import material_create, material_delete, material_update
from .factories import PDF_BYTES, AdvisorMaterialFactory, advisees

pytestmark = pytest.mark.django_db


def pdf(name="guide.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, "application/pdf")


def test_publishing_tells_every_advisee_and_is_audited():
    advisor = AdvisorFactory()
    mine = advisees(advisor, 2)
    stranger = StudentFactory()

    material = material_create(actor=advisor, title_kk="Тіркелу", title_en="Registration", is_published=True)

    assert material.published_at is not None
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {r.user_id for r in mine}
    assert stranger.pk not in told
    note = Notification.objects.first()
    assert note.url == "/advisor/"
    assert note.params["title"]["i18n"]["en"] == "Registration"
    assert note.params["title"]["i18n"]["ru"] == "Тіркелу"  # no Russian title: the Kazakh one
    record = AuditRecord.objects.get(action=AuditAction.ADVISOR_MATERIAL)
    assert record.actor == advisor and record.target_id == str(material.pk)
    assert record.after["published"] is True


def test_a_draft_tells_nobody_until_published_and_then_only_once():
    advisor = AdvisorFactory()
    advisees(advisor, 2)
    material = material_create(actor=advisor, title_kk="Жоба")
    assert Notification.objects.count() == 0

    material_update(actor=advisor, material=material, title_kk="Жоба", is_published=True)
    assert Notification.objects.count() == 2
    material_update(actor=advisor, material=material, title_kk="Жоба 2", is_published=True)
    assert Notification.objects.count() == 2
    updated = AuditRecord.objects.filter(action=AuditAction.ADVISOR_MATERIAL).order_by("pk").last()
    assert updated.before["title"] == "Жоба" and updated.after["title"] == "Жоба 2"


def test_a_group_material_tells_that_group_only():
    advisor = AdvisorFactory()
    first, second = advisees(advisor, 2), advisees(advisor, 1)
    group = first[0].group
    material_create(
        actor=advisor, title_kk="Топқа", audience=AdvisorMaterial.Audience.GROUP, group=group, is_published=True
    )
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {r.user_id for r in first}
    assert second[0].user_id not in set(Notification.objects.values_list("recipient_id", flat=True))


def test_a_group_the_advisor_does_not_advise_is_refused_and_nothing_is_saved():
    advisor = AdvisorFactory()
    advisees(advisor, 1)
    with pytest.raises(ValidationError) as error:
        material_create(
            actor=advisor, title_kk="Бөтен", audience=AdvisorMaterial.Audience.GROUP, group=StudyGroupFactory()
        )
    assert "group" in error.value.message_dict
    assert not AdvisorMaterial.objects.exists() and not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title_kk": "  "}, "title_kk"),
        ({"title_kk": "A", "audience": "group"}, "group"),
        ({"title_kk": "A", "url": "javascript:alert(1)"}, "url"),
    ],
)
def test_bad_input_is_refused(values, field):
    with pytest.raises(ValidationError) as error:
        material_create(actor=AdvisorFactory(), **values)
    assert field in error.value.message_dict


def test_only_an_advisor_writes_materials_and_only_their_own():
    with pytest.raises(PermissionDenied):
        material_create(actor=StudentFactory(), title_kk="Жоқ")
    material = AdvisorMaterialFactory()
    other = AdvisorFactory()
    with pytest.raises(PermissionDenied):
        material_update(actor=other, material=material, title_kk="Менікі")
    with pytest.raises(PermissionDenied):
        material_delete(actor=other, material=material)
    material.refresh_from_db()
    assert material.title_kk.startswith("Материал")


def test_the_file_is_checked_by_its_content():
    advisor = AdvisorFactory()
    with pytest.raises(ValidationError):
        material_create(
            actor=advisor, title_kk="Жалған", file=SimpleUploadedFile("evil.pdf", b"<html><script>", "application/pdf")
        )
    with pytest.raises(ValidationError):
        material_create(actor=advisor, title_kk="Бос", file=SimpleUploadedFile("empty.pdf", b""))
    assert not AdvisorMaterial.objects.exists()
    material = material_create(actor=advisor, title_kk="Нұсқаулық", file=pdf())
    assert material.file_type == "application/pdf" and material.file_name == "guide.pdf"
    assert material.file.name.endswith(".pdf")


def test_replacing_removing_and_deleting_files(django_capture_on_commit_callbacks):
    advisor = AdvisorFactory()
    material = material_create(actor=advisor, title_kk="Файл", file=pdf("one.pdf"))
    storage, first = material.file.storage, material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        material = material_update(actor=advisor, material=material, title_kk="Файл", file=pdf("two.pdf"))
    assert not storage.exists(first) and material.file_name == "two.pdf"
    second = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        material = material_update(actor=advisor, material=material, title_kk="Файл", remove_file=True)
    assert not storage.exists(second) and not material.file and material.file_name == ""

    material = material_update(actor=advisor, material=material, title_kk="Файл", file=pdf("three.pdf"))
    third = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        material_delete(actor=advisor, material=material)
    assert not storage.exists(third)
    assert not AdvisorMaterial.objects.exists()
    deleted = AuditRecord.objects.filter(action=AuditAction.ADVISOR_MATERIAL).order_by("pk").last()
    assert deleted.summary.startswith("deleted") and deleted.before["file"] == "three.pdf"

"""Writes of "My advisor" (docs/modules.md#my-advisor): an advisor's materials created, changed and deleted,
each audited (AuditAction.ADVISOR_MATERIAL); the students it is addressed to are told the first time it is
published."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction
from audit.services import audit_record_create
from notifications.models import Kind
from notifications.services import notify
from people.models import StudentRecord, User
from university.models import StudyGroup

from .files import EXTENSIONS, material_file_check
from .models import AdvisorMaterial
from .selectors import READING, advisee_groups

TEXT_FIELDS = ("title_kk", "title_ru", "title_en", "body_kk", "body_ru", "body_en")


def material_recipients(material: AdvisorMaterial) -> list[User]:
    """The students a material is addressed to: the advisor's advisees, or those of its group."""
    records = StudentRecord.objects.filter(advisor_id=material.advisor_id, status__in=READING)
    if material.audience == AdvisorMaterial.Audience.GROUP:
        records = records.filter(group_id=material.group_id)
    return list(User.objects.filter(pk__in=records.values("user_id"), is_active=True).order_by("pk"))


def _snapshot(material: AdvisorMaterial) -> dict:
    return {
        "title": material.title_kk,
        "audience": material.audience,
        "group": material.group_id,
        "published": material.is_published,
        "file": material.file_name,
        "url": material.url,
    }


def _check(*, actor, title_kk: str, audience: str, group, url: str) -> None:
    if not (actor.is_active and actor.is_advisor):
        raise PermissionDenied(_("Only an advisor writes materials for their students."))
    if not (title_kk or "").strip():
        raise ValidationError({"title_kk": _("Give the material a title in Kazakh.")})
    if audience not in AdvisorMaterial.Audience.values:
        raise ValidationError({"audience": _("Choose for whom the material is.")})
    if audience == AdvisorMaterial.Audience.GROUP:
        if group is None:
            raise ValidationError({"group": _("Choose the group the material is for.")})
        if not advisee_groups(advisor=actor).filter(pk=group.pk).exists():
            raise ValidationError({"group": _("You advise no student of this group.")})
    if url and not url.startswith(("https://", "http://")):
        raise ValidationError({"url": _("A link starts with https:// or http://.")})


def _attach(material: AdvisorMaterial, upload) -> None:
    content_type = material_file_check(upload)
    material.file_type = content_type
    material.file_name = (upload.name or "file").rsplit("/", 1)[-1][-255:]
    material.file.save(f"material.{EXTENSIONS[content_type]}", upload, save=False)


def _delete_file_after_commit(field_file) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _announce(material: AdvisorMaterial) -> None:
    """Tell the students once, the first time the material is published."""
    if not material.is_published or material.published_at is not None:
        return
    material.published_at = timezone.now()
    url = reverse("advising:index")
    for student in material_recipients(material):
        notify(
            recipient=student,
            kind=Kind.STUDY_PLAN,
            title=_("Your advisor published “{title}”"),
            body=_("{advisor} shared a new material with you on the “My advisor” page."),
            params={"title": lambda: material.title, "advisor": material.advisor.get_full_name()},
            url=url,
        )


@transaction.atomic
def material_create(
    *,
    actor,
    title_kk: str,
    title_ru: str = "",
    title_en: str = "",
    body_kk: str = "",
    body_ru: str = "",
    body_en: str = "",
    file=None,
    url: str = "",
    audience: str = AdvisorMaterial.Audience.ALL,
    group: StudyGroup | None = None,
    is_published: bool = False,
) -> AdvisorMaterial:
    """A new material of the advisor `actor`; published at once when `is_published` (the students are told)."""
    _check(actor=actor, title_kk=title_kk, audience=audience, group=group, url=url)
    material = AdvisorMaterial(
        advisor=actor,
        url=url or "",
        audience=audience,
        group=group if audience == AdvisorMaterial.Audience.GROUP else None,
        is_published=is_published,
    )
    texts = {"title_kk": title_kk, "title_ru": title_ru, "title_en": title_en}
    texts |= {"body_kk": body_kk, "body_ru": body_ru, "body_en": body_en}
    for name, value in texts.items():
        setattr(material, name, (value or "").strip())
    if file:
        _attach(material, file)
    _announce(material)
    material.save()
    audit_record_create(
        actor=actor,
        action=AuditAction.ADVISOR_MATERIAL,
        target=material,
        summary=f"created: {material.title_kk}",
        after=_snapshot(material),
    )
    return material


@transaction.atomic
def material_update(
    *,
    actor,
    material: AdvisorMaterial,
    title_kk: str,
    title_ru: str = "",
    title_en: str = "",
    body_kk: str = "",
    body_ru: str = "",
    body_en: str = "",
    file=None,
    remove_file: bool = False,
    url: str = "",
    audience: str = AdvisorMaterial.Audience.ALL,
    group: StudyGroup | None = None,
    is_published: bool = False,
) -> AdvisorMaterial:
    """Change one of the advisor's own materials: texts, file (replaced or removed), link, audience, publication.
    Publishing it for the first time tells the students; unpublishing hides it from them."""
    if material.advisor_id != actor.pk:
        raise PermissionDenied(_("This material is another advisor's."))
    _check(actor=actor, title_kk=title_kk, audience=audience, group=group, url=url)
    material = AdvisorMaterial.objects.select_for_update().get(pk=material.pk)
    before = _snapshot(material)
    texts = {"title_kk": title_kk, "title_ru": title_ru, "title_en": title_en}
    texts |= {"body_kk": body_kk, "body_ru": body_ru, "body_en": body_en}
    for name, value in texts.items():
        setattr(material, name, (value or "").strip())
    material.url = url or ""
    material.audience = audience
    material.group = group if audience == AdvisorMaterial.Audience.GROUP else None
    material.is_published = is_published
    fields = [*TEXT_FIELDS, "url", "audience", "group", "is_published", "published_at", "updated_at"]
    if file or remove_file:
        _delete_file_after_commit(material.file)
        material.file, material.file_name, material.file_type = None, "", ""
        if file:
            _attach(material, file)
        fields += ["file", "file_name", "file_type"]
    _announce(material)
    material.save(update_fields=fields)
    audit_record_create(
        actor=actor,
        action=AuditAction.ADVISOR_MATERIAL,
        target=material,
        summary=f"updated: {material.title_kk}",
        before=before,
        after=_snapshot(material),
    )
    return material


@transaction.atomic
def material_delete(*, actor, material: AdvisorMaterial) -> None:
    """Delete one of the advisor's own materials and its file (after the transaction commits)."""
    if material.advisor_id != actor.pk:
        raise PermissionDenied(_("This material is another advisor's."))
    material = AdvisorMaterial.objects.select_for_update().get(pk=material.pk)
    before = _snapshot(material)
    _delete_file_after_commit(material.file)
    audit_record_create(
        actor=actor,
        action=AuditAction.ADVISOR_MATERIAL,
        target=material,
        summary=f"deleted: {material.title_kk}",
        before=before,
    )
    material.delete()

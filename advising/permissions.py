"""Who sees and manages an advisor's materials (docs/modules.md#my-advisor): the advisor writes their own; a
student reads the published ones of their own advisor addressed to all advisees or to the student's group.
Everyone else gets 404, as for a material that does not exist."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.ids import parse_id
from people.models import StudentRecord

from .models import AdvisorMaterial


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_materials(user) -> bool:
    """An advisor writes materials for their advisees (and sees their advisees' overview)."""
    return _active(user) and user.is_advisor


def student_record_or_404(user) -> StudentRecord:
    """The student's own record with their advisor's card (user, teacher record, department); 404 for anyone
    who is not a student."""
    if not _active(user) or not user.is_student:
        raise Http404
    record = (
        StudentRecord.objects.filter(user=user).select_related("group", "advisor__teacher_record__department").first()
    )
    if record is None:
        raise Http404
    return record


def materials_visible_to(user) -> QuerySet[AdvisorMaterial]:
    """The advisor's own materials (drafts too); a student's advisor's published ones addressed to them."""
    qs = AdvisorMaterial.objects.all()
    if not _active(user):
        return qs.none()
    condition = Q(pk__in=[])
    if user.is_advisor:
        condition |= Q(advisor=user)
    if user.is_student:
        records = StudentRecord.objects.filter(user=user, advisor__isnull=False)
        condition |= Q(
            Q(audience=AdvisorMaterial.Audience.ALL) | Q(group__in=records.values("group_id")),
            is_published=True,
            advisor__in=records.values("advisor_id"),
        )
    return qs.filter(condition)


def material_get_for_advisor_or_404(user, pk) -> AdvisorMaterial:
    """One of the advisor's own materials, to edit or delete; 404 for anyone else's."""
    if not can_manage_materials(user):
        raise Http404
    return get_object_or_404(AdvisorMaterial.objects.select_related("group"), pk=parse_id(pk), advisor=user)


def material_file_get_for_user_or_404(user, pk) -> AdvisorMaterial:
    """A material with a file, for its advisor and the students it is addressed to; 404 for anyone else."""
    return get_object_or_404(materials_visible_to(user).exclude(file=""), pk=parse_id(pk))

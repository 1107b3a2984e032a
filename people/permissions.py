"""Who may do what with people and the registrar's reference data."""

from django.http import Http404

from .models import StudentRecord

# what the student pages print of a student: programme, faculty and university, group, advisor
STUDENT_PAGE_RELATED = ("advisor", "group", "programme__department__faculty__university")


def student_record_for_user_or_404(user, *, related: tuple[str, ...] = STUDENT_PAGE_RELATED) -> StudentRecord:
    """The signed-in student's own record, its `user` the signed-in user; anyone else (staff, applicants,
    anonymous) gets 404 on a student's page. `related`: what the page prints of the record, joined in the same
    query (the default is what the study plan and the transcript print)."""
    if not (user.is_authenticated and user.is_student):
        raise Http404
    records = StudentRecord.objects.select_related(*related) if related else StudentRecord.objects.all()
    try:
        record = records.get(user_id=user.pk)
    except StudentRecord.DoesNotExist:
        raise Http404 from None
    record.user = user
    return record


def is_registrar_staff(user) -> bool:
    """Staff with the registrar role (or superusers): the office that keeps the study plan's reference data."""
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.is_registrar))


class RegistrarAdminMixin:
    """Registrars manage the study plan's and the timetable's reference data in Django admin without per-model
    permissions; everyone else keeps Django's permissions. Works on ModelAdmin and on inlines."""

    def has_module_permission(self, request):
        return is_registrar_staff(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_registrar_staff(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_registrar_staff(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_registrar_staff(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_registrar_staff(request.user) or super().has_delete_permission(request, obj)


class ReadOnlyAdminMixin:
    """An admin page to look at, never to edit: the records change through their services (and are audited).
    Put it first among the bases, so that it wins over RegistrarAdminMixin."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

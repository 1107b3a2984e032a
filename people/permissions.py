"""Who may do what with people and the registrar's reference data."""

from collections.abc import Callable

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


def is_office(user) -> bool:
    """Registrars and administrators with staff status: the people who keep the registry."""
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and (user.is_registrar or user.is_administrator)
    )


def can_change_account(user, account) -> bool:
    """A staff or superuser account (password, e-mail, flags, groups) is changed by a superuser only, whatever
    model permissions the person holds: otherwise a registrar could set the superuser's password and sign in as
    them."""
    return bool(user.is_superuser or not (account.is_staff or account.is_superuser))


class OfficeAdminMixin:
    """The people `office_role` names use an admin page without being given Django permissions one by one: view,
    add and change, and delete when `office_may_delete`; everyone else keeps Django's permissions. Works on
    ModelAdmin and on inlines."""

    office_role = staticmethod(is_office)
    office_may_delete = False

    def has_module_permission(self, request):
        return self.office_role(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.office_role(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.office_role(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.office_role(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.office_may_delete and self.office_role(request.user):
            return True
        return super().has_delete_permission(request, obj)


class RegistrarAdminMixin(OfficeAdminMixin):
    """Registrars manage the study plan's and the timetable's reference data in Django admin, deleting included."""

    office_role = staticmethod(is_registrar_staff)
    office_may_delete = True


class ReadOnlyAdminMixin:
    """An admin page to look at, never to edit: the records change through their services (and are audited).
    Put it first among the bases, so that it wins over RegistrarAdminMixin."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Photos -------------------------------------------------------------------------------------------------------

# Who teaches whom lives in the module apps (schedule: the teacher of a stream the student chose), which people must
# not import (docs/architecture.md#layers); each registers its check here from its AppConfig.ready().
TeachesStudent = Callable[[int, int], bool]  # (teacher's user id, student's user id) -> bool
_teaching_checks: list[TeachesStudent] = []


def teaching_check_register(check: TeachesStudent) -> TeachesStudent:
    if check not in _teaching_checks:
        _teaching_checks.append(check)
    return check


UNIVERSITY_STAFF_ROLES = ("teacher", "advisor", "registrar", "administrator")
OFFICE_ROLES = ("registrar", "administrator")


def can_view_photo(viewer, person) -> bool:
    """A photo is seen by the person, the office (registrars, administrators, superusers), and those who work with
    them: a teacher's or an officer's face by the university's students and staff (it is shown beside what they
    teach), a student's by their advisor and the teachers of their streams. Not by an applicant or a classmate."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.pk == person.pk or viewer.is_superuser or viewer.has_role(*OFFICE_ROLES):
        return True
    if person.has_role(*UNIVERSITY_STAFF_ROLES):
        return viewer.is_student or viewer.has_role(*UNIVERSITY_STAFF_ROLES)
    if not person.is_student or not viewer.has_role("teacher", "advisor"):
        return False
    if StudentRecord.objects.filter(user_id=person.pk, advisor_id=viewer.pk).exists():
        return True
    return any(check(viewer.pk, person.pk) for check in _teaching_checks)

"""Who may do what with people and the registrar's reference data."""


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

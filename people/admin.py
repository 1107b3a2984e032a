"""The registrar's office in Django admin: people, students, teachers (issue 2 points 4, 5).

A registrar or an administrator with staff status runs the registry here without being given Django permissions
one by one; deleting stays with superusers (or with whoever is given Django's delete permission), and only a
superuser touches staff accounts and privileges.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from core.collation import collated, name_order
from people.forms import AdmitApplicantsForm, StudentAddForm, UserAddForm, UserEditForm
from people.models import StudentRecord, TeacherRecord, User
from people.permissions import OfficeAdminMixin, can_change_account
from people.services.access import applicant_admit, first_access_links_send, student_create


class StaffAccountGuardMixin:
    """Whatever the person's model permissions, a staff or superuser account and its records stay read-only to
    anyone but a superuser (people.permissions.can_change_account); `account` finds the account of an object."""

    @staticmethod
    def account(obj):
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_change_account(request.user, self.account(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_change_account(request.user, self.account(obj)):
            return False
        return super().has_delete_permission(request, obj)


class _FirstAccessActionMixin:
    def _first_access_send(self, request, users):
        sent, skipped = first_access_links_send(users=users, base_url=request.build_absolute_uri("/"))
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d first-access link sent.", "%(count)d first-access links sent.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person skipped: they already have a password or the account is closed.",
                    "%(count)d people skipped: they already have a password or the account is closed.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


# ---------------------------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------------------------


class StudentRecordInline(StaffAccountGuardMixin, OfficeAdminMixin, admin.StackedInline):
    """The student record of a person; a new one comes through enrolment or the "admit applicants" action."""

    model = StudentRecord
    fk_name = "user"
    extra = 0
    max_num = 1
    can_delete = False
    autocomplete_fields = ("programme", "group", "advisor")
    fields = ("student_number", "programme", "group", "year_of_study", "status", "funding", "enrolled_on", "advisor")

    def has_add_permission(self, request, obj=None):
        return False


class TeacherRecordInline(StaffAccountGuardMixin, OfficeAdminMixin, TranslationStackedInline):
    model = TeacherRecord
    Media = TabbedTranslationAdmin.Media  # the language tabs, in a user's page that is no translation admin
    fk_name = "user"
    extra = 0
    max_num = 1
    can_delete = False
    autocomplete_fields = ("department",)
    fields = (
        "department",
        "position",
        "academic_degree",
        "competences",
        "achievements",
        "experience",
        "phone",
        "office",
    )


@admin.register(User)
class UserAdmin(StaffAccountGuardMixin, OfficeAdminMixin, _FirstAccessActionMixin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    ordering = (*name_order(), "email")  # by the reader's alphabet, not by character code
    list_display = (
        "email",
        "last_name_display",
        "first_name_display",
        "roles_display",
        "student_number",
        "has_password",
        "is_active",
    )
    list_display_links = ("email",)
    list_filter = (
        "is_student",
        "is_applicant",
        "is_teacher",
        "is_advisor",
        "is_registrar",
        "is_administrator",
        "is_staff",
        "is_active",
        "student_record__programme",
        "student_record__year_of_study",
        "student_record__status",
    )
    list_select_related = ("student_record",)
    search_fields = ("email", "last_name", "first_name", "middle_name", "student_record__student_number")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("last_name", "first_name", "middle_name", "language", "phone", "photo")}),
        (
            _("Roles"),
            {
                "fields": (
                    "is_applicant",
                    "is_student",
                    "is_teacher",
                    "is_advisor",
                    "is_registrar",
                    "is_administrator",
                )
            },
        ),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "last_name", "first_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    actions = ["send_first_access_link", "admit_applicants"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # fields only a superuser may change: they grant power in the admin itself
    privileged_fields = ("is_registrar", "is_administrator", "is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += self.privileged_fields
        return fields

    def get_inlines(self, request, obj):
        return [StudentRecordInline, TeacherRecordInline] if obj is not None else []

    @admin.display(description=_("last name"), ordering=collated("last_name"))
    def last_name_display(self, obj):
        return obj.last_name

    @admin.display(description=_("first name"), ordering=collated("first_name"))
    def first_name_display(self, obj):
        return obj.first_name

    @admin.display(description=_("roles"))
    def roles_display(self, obj):
        return ", ".join(str(label) for label in obj.role_labels())

    @admin.display(description=_("student ID"), ordering="student_record__student_number")
    def student_number(self, obj):
        try:
            return obj.student_record.student_number
        except ObjectDoesNotExist:
            return "—"

    @admin.display(description=_("has a password"), boolean=True)
    def has_password(self, obj):
        return obj.has_usable_password()

    @admin.action(description=_("Send first-access link"), permissions=["change"])
    def send_first_access_link(self, request, queryset):
        self._first_access_send(request, queryset)

    @admin.action(description=_("Admit selected applicants as students"), permissions=["change"])
    def admit_applicants(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.filter(is_staff=False, is_superuser=False)  # can_change_account
        applicants = list(queryset.filter(is_applicant=True, is_student=False).order_by("last_name", "first_name"))
        skipped = queryset.count() - len(applicants)
        if not applicants:
            self.message_user(request, _("None of the selected people is an applicant."), messages.WARNING)
            return None
        applying = "apply" in request.POST
        form = AdmitApplicantsForm(request.POST if applying else None, applicants=applicants)
        if applying and form.is_valid() and self._admit(request, form):
            self.message_user(
                request,
                ngettext(
                    "%(count)d applicant admitted as a student.",
                    "%(count)d applicants admitted as students.",
                    len(applicants),
                )
                % {"count": len(applicants)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Admit applicants as students"),
            "opts": self.opts,
            "form": form,
            "applicants": applicants,
            "skipped": skipped,
            "selected": list(queryset.values_list("pk", flat=True)),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "people/access/admin/admit_applicants.html", context)

    def _admit(self, request, form) -> bool:
        """All or nothing: any refusal puts its message on the form and no one is admitted."""

        class Refused(Exception):
            pass

        data = form.cleaned_data
        try:
            with transaction.atomic():
                for person, number in form.admissions():
                    try:
                        applicant_admit(
                            user=person,
                            programme=data["programme"],
                            group=data["group"],
                            student_number=number,
                            actor=request.user,
                        )
                    except ValidationError as error:
                        _errors_to_form(form, error, number_field=form.number_field(person))
                if form.errors:
                    raise Refused
        except Refused:
            return False
        return True


def _errors_to_form(form, error: ValidationError, *, number_field: str) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(number_field, error.messages)
        return
    for key, texts in error.message_dict.items():
        target = number_field if key == "student_number" else key if key in form.fields else None
        form.add_error(target, texts)


# ---------------------------------------------------------------------------------------------------------------
# Student and teacher records
# ---------------------------------------------------------------------------------------------------------------


@admin.register(StudentRecord)
class StudentRecordAdmin(OfficeAdminMixin, _FirstAccessActionMixin, admin.ModelAdmin):
    list_display = (
        "student_number",
        "full_name",
        "email",
        "programme",
        "group",
        "year_of_study",
        "status",
        "funding",
        "advisor",
    )
    list_display_links = ("student_number", "full_name")
    list_select_related = ("user", "programme", "group", "advisor")
    ordering = (*name_order("user__"), "student_number")
    list_filter = (
        "programme",
        "year_of_study",
        ("group", admin.RelatedOnlyFieldListFilter),
        "status",
        "funding",
        ("advisor", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("student_number", "user__email", "user__last_name", "user__first_name", "user__middle_name")
    autocomplete_fields = ("user", "programme", "group", "advisor")
    fieldsets = (
        (None, {"fields": ("user", "student_number")}),
        (
            _("Study"),
            {"fields": ("programme", "group", "year_of_study", "status", "funding", "enrolled_on", "advisor")},
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )
    add_fieldsets = (
        (_("Person"), {"fields": ("email", "last_name", "first_name")}),
        (_("Study"), {"fields": ("student_number", "programme", "group")}),
        (_("First access"), {"fields": ("send_link",)}),
    )
    actions = ["send_first_access_link"]

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return ("user", "created_at", "updated_at") if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StudentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_form(self, request, form, change):
        """Adding means enrolling a new person (people.services.access.student_create)."""
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        record = student_create(
            email=data["email"],
            last_name=data["last_name"],
            first_name=data["first_name"],
            programme=data["programme"],
            group=data["group"],
            student_number=data["student_number"],
            actor=request.user,
        )
        if data.get("send_link"):
            self._first_access_send(request, [record.user])
        return record

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.display(description=_("name"), ordering=collated("user__last_name"))
    def full_name(self, obj):
        return obj.user.get_full_name()

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.action(description=_("Send first-access link"), permissions=["change"])
    def send_first_access_link(self, request, queryset):
        self._first_access_send(request, [record.user for record in queryset.select_related("user")])


@admin.register(TeacherRecord)
class TeacherRecordAdmin(OfficeAdminMixin, TabbedTranslationAdmin):
    list_display = ("full_name", "email", "department", "position", "academic_degree")
    list_select_related = ("user", "department")
    ordering = name_order("user__")
    list_filter = ("department__faculty", "department")
    search_fields = ("user__email", "user__last_name", "user__first_name", "position", "competences")
    autocomplete_fields = ("user", "department")

    @admin.display(description=_("name"), ordering=collated("user__last_name"))
    def full_name(self, obj):
        return obj.user.get_full_name()

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

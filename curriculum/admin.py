"""Django admin of the study plan for the registrar's office: curricula, disciplines (with spreadsheet import and a
dry-run report), credit limits, the grading scale, and holds placed and lifted through their services."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm
from import_export.tmp_storages import MediaStorage
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from people.permissions import ReadOnlyAdminMixin, RegistrarAdminMixin

from .forms import DisciplineAdminForm
from .imports import (
    FILE_ENCODING,
    IMPORT_FORMATS,
    CurriculumItemResource,
    DisciplineResource,
    import_file_check,
    import_job_get,
    import_job_save,
    import_job_start,
)
from .models import CreditLimit, Curriculum, CurriculumItem, Discipline, ElectiveGroup, GradeBand, Hold, Registration
from .services.holds import hold_lift, hold_place


class CappedImportForm(ImportForm):
    """The import form, refusing a file too large or too long before it is read (curriculum.imports)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats
        self.rows = 0

    def clean(self):
        data = super().clean()
        upload, index = data.get("import_file"), data.get("format")
        if upload is not None and index not in (None, ""):
            try:
                self.rows = import_file_check(upload=upload, format_title=self.import_formats[int(index)]().get_title())
            except ValidationError as error:
                self.add_error("import_file", error)
        return data


class SafeImportMixin:
    """CSV or XLSX within the caps; a long file is checked and imported by background jobs with a progress page; the
    confirmed import rolls back on any row's validation error too (the data may change after the dry run)."""

    import_formats = list(IMPORT_FORMATS.values())
    import_form_class = CappedImportForm

    def get_import_data_kwargs(self, **kwargs):
        values = super().get_import_data_kwargs(**kwargs)
        values["rollback_on_validation_errors"] = True
        return values

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_job"
        job = path("import/jobs/<str:job_id>/", self.admin_site.admin_view(self.import_job_view), name=name)
        return [job, *super().get_urls()]

    def create_import_form(self, request):
        if not hasattr(request, "_import_form"):  # import_action asks twice; the file is counted once
            request._import_form = super().create_import_form(request)
        return request._import_form

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid() and form.rows - 1 > settings.IMPORT_INLINE_ROWS:
                upload = form.cleaned_data["import_file"]
                storage = MediaStorage(encoding=FILE_ENCODING)
                storage.save(b"".join(upload.chunks()))
                job = import_job_start(
                    model=self.opts.model_name,
                    owner=request.user,
                    stored_name=storage.name,
                    original_name=upload.name,
                    format_title=form.import_formats[int(form.cleaned_data["format"])]().get_title(),
                    rows=form.rows,
                    dry_run=True,
                )
                return redirect(self._job_url(job))
        return super().import_action(request, **kwargs)

    def import_job_view(self, request, job_id):
        """The progress page of a long import: polls while the job runs, then its report; a clean check offers the
        import itself (another job, from the same stored file)."""
        job = import_job_get(job_id)
        if not self.has_import_permission(request) or job is None or job["owner_id"] != request.user.pk:
            raise Http404
        can_confirm = job["state"] == "checked" and not job["has_errors"]
        if request.method == "POST":
            if not can_confirm or "confirm" not in request.POST:
                return redirect(self._job_url(job))
            job["state"] = "confirmed"  # a second click finds nothing left to confirm
            import_job_save(job)
            following = import_job_start(
                **{key: job[key] for key in ("model", "stored_name", "original_name")},
                owner=request.user,
                format_title=job["format"],
                rows=job["total"] + 1,
                dry_run=False,
            )
            return redirect(self._job_url(following))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.opts,
            "job": job,
            "running": job["state"] in ("queued", "running"),
            "confirm_form": forms.Form() if can_confirm else None,
        }
        return TemplateResponse(request, "admin/curriculum/import_job.html", context)

    def _job_url(self, job) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job", args=[job["id"]])


@admin.register(Discipline)
class DisciplineAdmin(SafeImportMixin, RegistrarAdminMixin, ImportExportModelAdmin, TabbedTranslationAdmin):
    form = DisciplineAdminForm
    resource_classes = [DisciplineResource]
    list_display = ["code", "name_kk", "name_ru", "credits", "cycle", "component", "department"]
    list_filter = ["cycle", "component", "department", "counts_in_gpa"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    filter_horizontal = ["prerequisites"]
    list_select_related = ["department"]
    fieldsets = [
        (None, {"fields": ["code", "name", "credits", ("cycle", "component")]}),
        (_("Details"), {"fields": ["languages", "department", "counts_in_gpa", "description", "competences"]}),
        (_("Prerequisites"), {"fields": ["prerequisites"]}),
    ]


class ElectiveGroupInline(TranslationTabularInline):
    model = ElectiveGroup
    Media = TabbedTranslationAdmin.Media  # the language tabs, in a curriculum's page that is no translation admin
    extra = 0


class CurriculumItemInline(admin.TabularInline):
    model = CurriculumItem
    extra = 0
    autocomplete_fields = ["discipline"]
    fields = ["semester", "discipline", "elective_group"]
    ordering = ["semester", "discipline__code"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this curriculum's elective groups can be chosen.
        field = formset.form.base_fields.get("elective_group")
        if field is not None:
            field.queryset = ElectiveGroup.objects.filter(curriculum=obj) if obj else ElectiveGroup.objects.none()
        return formset


@admin.register(Curriculum)
class CurriculumAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ["programme", "admission_year", "entries", "updated_at"]
    list_filter = ["admission_year", "programme"]
    search_fields = ["programme__code", "programme__name_kk", "programme__name_ru"]
    list_select_related = ["programme"]
    inlines = [ElectiveGroupInline, CurriculumItemInline]

    @admin.display(description=_("entries"))
    def entries(self, obj):
        return obj.items.count()


@admin.register(CurriculumItem)
class CurriculumItemAdmin(SafeImportMixin, RegistrarAdminMixin, ImportExportModelAdmin):
    """Curriculum entries one by one, and the spreadsheet import of whole curricula."""

    resource_classes = [CurriculumItemResource]
    list_display = ["curriculum", "semester", "discipline", "elective_group"]
    list_filter = ["curriculum__programme", "curriculum__admission_year", "semester"]
    search_fields = ["discipline__code", "discipline__name_kk", "discipline__name_ru"]
    list_select_related = ["curriculum__programme", "discipline", "elective_group"]
    autocomplete_fields = ["discipline"]


@admin.register(CreditLimit)
class CreditLimitAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ["term", "programme", "min_credits", "max_credits"]
    list_filter = ["term__academic_year", "programme"]
    list_select_related = ["term__academic_year", "programme"]


@admin.register(GradeBand)
class GradeBandAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ["letter", "min_percent", "max_percent", "points", "traditional", "passing", "university"]
    list_filter = ["university", "passing"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, RegistrarAdminMixin, admin.ModelAdmin):
    """Read only: registrations change through the student's registration (rules, audit, IUP restart)."""

    list_display = ["student", "discipline", "term", "semester", "created_at"]
    list_filter = ["term", "semester"]
    search_fields = ["student__student_number", "student__user__last_name", "discipline__code"]
    list_select_related = ["student__user", "discipline", "term__academic_year"]


class HoldAdminForm(forms.ModelForm):
    lift = forms.BooleanField(label=_("Lift this hold"), required=False)

    class Meta:
        model = Hold
        fields = [
            "student",
            "kind",
            "office",
            "reason",
            "how_to_lift",
            "blocks_registration",
            "blocks_exams",
            "blocks_documents",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not any(
            cleaned.get(f) for f in ("blocks_registration", "blocks_exams", "blocks_documents")
        ):
            raise ValidationError(_("A hold must block at least one of registration, exams or documents."))
        return cleaned


@admin.register(Hold)
class HoldAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    """Holds are placed and lifted through their services (audit, the student is notified); a placed hold's text
    is kept as the student saw it, so a correction is a lift and a new hold."""

    form = HoldAdminForm
    list_display = ["student", "kind", "office", "blocks_registration", "placed_at", "placed_by", "lifted_at"]
    list_filter = ["kind", "office", ("lifted_at", admin.EmptyFieldListFilter), "blocks_registration"]
    search_fields = ["student__student_number", "student__user__last_name", "student__user__email", "reason"]
    list_select_related = ["student__user", "placed_by"]
    raw_id_fields = ["student"]
    actions = ["lift_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return HoldAdminForm.Meta.fields
        return [*HoldAdminForm.Meta.fields, "placed_by", "placed_at", "lifted_by", "lifted_at", "lift"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*HoldAdminForm.Meta.fields, "placed_by", "placed_at", "lifted_by", "lifted_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # lifted, never deleted: the history stays

    def save_model(self, request, obj, form, change):
        if not change:
            hold = hold_place(
                student=form.cleaned_data["student"],
                kind=form.cleaned_data["kind"],
                office=form.cleaned_data["office"],
                reason=form.cleaned_data["reason"],
                how_to_lift=form.cleaned_data["how_to_lift"],
                blocks_registration=form.cleaned_data["blocks_registration"],
                blocks_exams=form.cleaned_data["blocks_exams"],
                blocks_documents=form.cleaned_data["blocks_documents"],
                actor=request.user,
            )
            obj.pk = hold.pk
            obj.refresh_from_db()
        elif form.cleaned_data.get("lift") and obj.lifted_at is None:
            lifted = hold_lift(hold=obj, actor=request.user)
            obj.lifted_at, obj.lifted_by = lifted.lifted_at, lifted.lifted_by

    def save_related(self, request, form, formsets, change):
        """Nothing related to save; the services wrote everything."""

    @admin.action(description=_("Lift the selected holds"))
    def lift_selected(self, request, queryset):
        lifted = 0
        for hold in queryset.filter(lifted_at__isnull=True):
            try:
                hold_lift(hold=hold, actor=request.user)
                lifted += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(request, _("Holds lifted: %(count)s.") % {"count": lifted}, messages.SUCCESS)

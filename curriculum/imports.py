"""Spreadsheet import of disciplines and curricula (CSV/XLSX through django-import-export in Django admin).

The admin's first step is a dry run: every row is checked inside a transaction that is rolled back, and the
report lists each row's errors; only a file without errors can be confirmed. Rows are read in order, so a
prerequisite must exist already or come in an earlier row.

Disciplines: code, name_kk, name_ru, name_en, credits, cycle, component, languages, description_kk,
description_ru, description_en, competences_kk, competences_ru, competences_en, department (its code),
counts_in_gpa, prerequisites (codes separated by commas). Cycle and component take the stored values
(general/basic/profile, mandatory/university/elective) or the usual abbreviations (ООД/БД/ПД, ОК/ВК/КВ, GED/BD/PD).
Only name_kk is required; an empty translation shows the Kazakh text.

Curriculum entries: programme (its code), admission_year, semester, discipline (its code), elective_group_kk,
elective_group_ru, elective_group_en (the group's title in each language; all empty for a compulsory entry),
choose (how many of the group to choose; 1 if empty). The group is found by any of its titles; a new one takes
the Kazakh title, else the first one given, as its Kazakh title. A file of the earlier layout, with a single
elective_group column, still imports: that title is looked up in every language.
"""

import copy
import csv
import io
import itertools
import uuid
import zipfile

import openpyxl
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.tmp_storages import MediaStorage
from modeltranslation.settings import AVAILABLE_LANGUAGES

from core.jobs import enqueue_after_commit
from people.models import User
from university.models import Department, Programme

from .forms import DISCIPLINE_FIELDS, prerequisite_cycle_error
from .models import Curriculum, CurriculumItem, Discipline, ElectiveGroup

CYCLE_ALIASES = {"ООД": "general", "GED": "general", "БД": "basic", "BD": "basic", "ПД": "profile", "PD": "profile"}
COMPONENT_ALIASES = {
    "ОК": "mandatory",
    "ОБЯЗАТЕЛЬНЫЙ": "mandatory",
    "ВК": "university",
    "КВ": "elective",
    "ЭЛЕКТИВ": "elective",
}


class AliasChoiceWidget(widgets.CharWidget):
    """A choice written as its stored value or a common abbreviation."""

    def __init__(self, aliases: dict[str, str], **kwargs):
        self.aliases = aliases
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        value = (super().clean(value, row, **kwargs) or "").strip()
        return self.aliases.get(value.upper(), value.lower())


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number, with a clear message for anything else (the stock widget fails with a decimal error)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        number = _whole_number(value)
        if number is None:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return number


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row by its code, with a clear message when the code is unknown or ambiguous."""

    def __init__(self, model, message: str, **kwargs):
        self.message = message
        super().__init__(model, field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = str(value).strip() if value not in (None, "") else ""
        if not code:
            return None
        found = list(self.model.objects.filter(code=code)[:2])
        if len(found) != 1:
            raise ValueError(str(self.message) % {"code": code})
        return found[0]


class PrerequisiteCodesWidget(widgets.ManyToManyWidget):
    """Prerequisites as discipline codes separated by commas; an unknown code is an error, not silently dropped."""

    def __init__(self, **kwargs):
        super().__init__(Discipline, separator=",", field="code", **kwargs)

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip() for c in str(value or "").replace(";", ",").split(",") if c.strip()]
        if not codes:
            return Discipline.objects.none()
        found = Discipline.objects.filter(code__in=codes)
        missing = sorted(set(codes) - set(found.values_list("code", flat=True)))
        if missing:
            raise ValueError(
                _("Unknown prerequisite code(s): %(codes)s (a prerequisite must exist or come in an earlier row).")
                % {"codes": ", ".join(missing)}
            )
        return found


class ProgressMixin:
    """Tells `progress(rows done)` every PROGRESS_EVERY rows; given by a background job, which needs no HTML diffs."""

    def __init__(self, *, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.progress = progress
        if progress is not None:
            self._meta = copy.copy(type(self)._meta)
            self._meta.skip_html_diff = True

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        number = kwargs.get("row_number")
        if self.progress is not None and number and number % PROGRESS_EVERY == 0:
            self.progress(number)


class DisciplineResource(ProgressMixin, resources.ModelResource):
    credits = fields.Field(attribute="credits", column_name="credits", widget=WholeNumberWidget())
    cycle = fields.Field(attribute="cycle", column_name="cycle", widget=AliasChoiceWidget(CYCLE_ALIASES))
    component = fields.Field(
        attribute="component", column_name="component", widget=AliasChoiceWidget(COMPONENT_ALIASES)
    )
    department = fields.Field(
        attribute="department",
        column_name="department",
        widget=CodeForeignKeyWidget(Department, gettext_lazy("Unknown department code: %(code)s")),
    )
    prerequisites = fields.Field(
        attribute="prerequisites", column_name="prerequisites", widget=PrerequisiteCodesWidget()
    )

    class Meta:
        model = Discipline
        import_id_fields = ("code",)
        fields = DISCIPLINE_FIELDS
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def import_instance(self, instance, row, **kwargs):
        """Check the prerequisites before the row is saved: unknown codes and cycles are the row's errors."""
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        field = self.fields["prerequisites"]
        if field.column_name in row:
            try:
                prerequisites = list(field.clean(row))
            except ValueError as error:
                errors["prerequisites"] = [str(error)]
            else:
                cycle_error = prerequisite_cycle_error(discipline=instance, prerequisites=prerequisites)
                if cycle_error:
                    errors["prerequisites"] = [cycle_error]
        if errors:
            raise ValidationError(errors)


class CurriculumItemResource(ProgressMixin, resources.ModelResource):
    """One row per discipline of a curriculum; the curriculum and elective group are found or created."""

    programme = fields.Field(column_name="programme", readonly=True)
    admission_year = fields.Field(column_name="admission_year", readonly=True)
    semester = fields.Field(attribute="semester", column_name="semester", widget=WholeNumberWidget())
    discipline = fields.Field(
        attribute="discipline",
        column_name="discipline",
        widget=CodeForeignKeyWidget(Discipline, gettext_lazy("Unknown discipline code: %(code)s")),
    )
    elective_group_kk = fields.Field(column_name="elective_group_kk", readonly=True)
    elective_group_ru = fields.Field(column_name="elective_group_ru", readonly=True)
    elective_group_en = fields.Field(column_name="elective_group_en", readonly=True)
    choose = fields.Field(column_name="choose", readonly=True)

    class Meta:
        model = CurriculumItem
        import_id_fields = ("discipline",)
        fields = (
            "programme",
            "admission_year",
            "semester",
            "discipline",
            "elective_group_kk",
            "elective_group_ru",
            "elective_group_en",
            "choose",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        """Find (or create) the row's curriculum and elective group; a bad programme or year is the row's error."""
        errors = {}
        code = str(row.get("programme") or "").strip()
        programme = Programme.objects.filter(code=code).first() if code else None
        if programme is None:
            errors["programme"] = _("Unknown programme code: %(code)s") % {"code": code or "—"}
        year = _whole_number(row.get("admission_year"))
        if year is None or not 1990 <= year <= 2100:
            errors["admission_year"] = _("The year of admission must be a year, e.g. 2025.")
        titles = _group_titles(row)
        choose = _whole_number(row.get("choose")) if row.get("choose") not in (None, "") else 1
        if titles and (choose is None or choose < 1):
            errors["choose"] = _("How many to choose must be a whole number of at least 1.")
        if errors:
            raise ValidationError(errors)
        curriculum, _created = Curriculum.objects.get_or_create(programme=programme, admission_year=year)
        group = _elective_group_put(curriculum=curriculum, titles=titles, choose=choose) if titles else None
        row["_curriculum"], row["_group"] = curriculum, group

    def get_instance(self, instance_loader, row):
        code = str(row.get("discipline") or "").strip()
        return (
            CurriculumItem.objects.filter(curriculum=row["_curriculum"], discipline__code=code)
            .select_related("discipline")
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
        instance.curriculum = row["_curriculum"]
        instance.elective_group = row["_group"]
        super().import_instance(instance, row, **kwargs)

    def dehydrate_programme(self, item):
        return item.curriculum.programme.code

    def dehydrate_admission_year(self, item):
        return item.curriculum.admission_year

    def dehydrate_elective_group_kk(self, item):
        return (item.elective_group.title_kk or "") if item.elective_group else ""

    def dehydrate_elective_group_ru(self, item):
        return (item.elective_group.title_ru or "") if item.elective_group else ""

    def dehydrate_elective_group_en(self, item):
        return (item.elective_group.title_en or "") if item.elective_group else ""

    def dehydrate_choose(self, item):
        return item.elective_group.choose if item.elective_group else ""

    def get_queryset(self):
        return CurriculumItem.objects.select_related("curriculum__programme", "discipline", "elective_group")


def _group_titles(row) -> dict[str, str]:
    """The row's elective group titles by language ("" for the earlier layout's single column, language unknown)."""
    found = {lang: str(row.get(f"elective_group_{lang}") or "").strip() for lang in AVAILABLE_LANGUAGES}
    found[""] = str(row.get("elective_group") or "").strip()
    return {lang: title for lang, title in found.items() if title}


def _elective_group_put(*, curriculum: Curriculum, titles: dict[str, str], choose: int) -> ElectiveGroup:
    """The curriculum's group with one of these titles (in any language), created or brought up to the row."""
    match = Q()
    for title in titles.values():
        for lang in AVAILABLE_LANGUAGES:
            match |= Q(**{f"title_{lang}": title})
    group = ElectiveGroup.objects.filter(curriculum=curriculum).filter(match).order_by("pk").first()
    wanted = {f"title_{lang}": title for lang, title in titles.items() if lang} | {"choose": choose}
    if group is None:
        wanted.setdefault("title_kk", next(iter(titles.values())))
        return ElectiveGroup.objects.create(curriculum=curriculum, **wanted)
    changed = [name for name, value in wanted.items() if getattr(group, name) != value]
    for name in changed:
        setattr(group, name, wanted[name])
    if changed:
        group.save(update_fields=[*changed, "title"])
    return group


def _whole_number(value) -> int | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


# ---------------------------------------------------------------------------------------------------------------
# Caps and long imports (issue 9, part 7.7)
# ---------------------------------------------------------------------------------------------------------------
# django-import-export reads the whole file into memory and checks it row by row in the request: a 40 MB CSV or a
# 200,000-row XLSX ran for minutes at gigabytes of memory. A file is refused above IMPORT_MAX_BYTES or
# IMPORT_MAX_ROWS (rows are counted by streaming, before the sheet is loaded); above IMPORT_INLINE_ROWS the dry run
# and the import run as Celery jobs whose state the admin's progress page polls.

IMPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}
FILE_ENCODING = "utf-8-sig"  # the admin's from_encoding: a BOM from Excel is no part of the first header
UNPACKED_PER_PACKED = 20  # an XLSX unpacking to more than this many times the size cap is refused unread
JOB_SECONDS = 24 * 60 * 60
PROGRESS_EVERY = 100  # rows between two progress updates


def import_file_check(*, upload, format_title: str) -> int:
    """The number of rows (the header included) of an uploaded file, or ValidationError when it is too large.

    Nothing but the size and the rows is checked here: anything unreadable is left to the import's own report.
    """
    max_bytes, max_rows = settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes)}, code="too_large"
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        rows = _count_rows(data, format_title=format_title, stop_after=max_rows + 1, max_bytes=max_bytes)
    except _Unpacked as error:
        raise ValidationError(
            _("The spreadsheet unpacks to more than %(size)s. Split it into smaller files.")
            % {"size": filesizeformat(error.limit)},
            code="too_large",
        ) from error
    if rows - 1 > max_rows:
        raise ValidationError(
            _("The file has more than %(count)s rows. Split it into files of at most %(count)s rows.")
            % {"count": max_rows},
            code="too_many_rows",
        )
    return rows


class _Unpacked(Exception):
    def __init__(self, limit):
        self.limit = limit


def _count_rows(data: bytes, *, format_title: str, stop_after: int, max_bytes: int) -> int:
    if format_title == "xlsx":
        return _count_xlsx_rows(data, stop_after=stop_after, max_unpacked=max_bytes * UNPACKED_PER_PACKED)
    text = data.decode(FILE_ENCODING, errors="replace")
    return sum(1 for _row in itertools.islice(csv.reader(io.StringIO(text)), stop_after + 1))


def _count_xlsx_rows(data: bytes, *, stop_after: int, max_unpacked: int) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > max_unpacked:
                raise _Unpacked(max_unpacked)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return 0  # not a spreadsheet: the import says so in its own words
    try:
        return sum(1 for _row in itertools.islice(book.active.iter_rows(values_only=True), stop_after + 1))
    finally:
        book.close()


RESOURCES = {"discipline": DisciplineResource, "curriculumitem": CurriculumItemResource}


def _job_key(job_id: str) -> str:
    return f"curriculum-import:{job_id}"


def import_job_get(job_id: str) -> dict | None:
    return cache.get(_job_key(job_id)) if job_id and job_id.isalnum() else None


def import_job_save(job: dict) -> None:
    cache.set(_job_key(job["id"]), job, JOB_SECONDS)


def import_job_start(
    *, model: str, owner, stored_name: str, original_name: str, format_title: str, rows: int, dry_run: bool
) -> dict:
    """Queue the check (dry run) or the import of a stored file; the job's state lives in the cache for a day."""
    from .tasks import run_curriculum_import_task  # the task module imports this one

    job = {
        "id": uuid.uuid4().hex,
        "model": model,
        "owner_id": owner.pk,
        "stored_name": stored_name,
        "original_name": original_name,
        "format": format_title,
        "dry_run": dry_run,
        "state": "queued",
        "done": 0,
        "total": max(rows - 1, 0),
        "totals": {},
        "errors": [],
        "more_errors": 0,
    }
    import_job_save(job)
    enqueue_after_commit(run_curriculum_import_task, job["id"])
    return job


def import_job_run(*, job_id: str) -> dict | None:
    """Run a queued job: the file through the resource, with progress, and its report in the job's state.

    Safe to run twice: a job that is not queued is left as it is. A real import runs in one transaction and
    rolls back on any row's error (the data may have changed since the dry run).
    """
    job = import_job_get(job_id)
    if job is None or job["state"] != "queued":
        return job
    job["state"] = "running"
    import_job_save(job)

    def progress(done: int) -> None:
        job["done"] = done
        import_job_save(job)

    try:
        storage = MediaStorage(name=job["stored_name"], encoding=FILE_ENCODING)
        input_format = IMPORT_FORMATS[job["format"]](encoding=FILE_ENCODING)
        dataset = input_format.create_dataset(storage.read())
        user = User.objects.filter(pk=job["owner_id"]).first()
        result = RESOURCES[job["model"]](progress=progress).import_data(
            dataset,
            dry_run=job["dry_run"],
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=job["original_name"],
            user=user,
        )
    except Exception as error:  # noqa: BLE001 - the person reads what went wrong on the progress page
        job.update(state="failed", errors=[{"row": None, "field": None, "messages": [str(error)]}])
        import_job_save(job)
        raise
    job.update(_report(result), done=job["total"], state="checked" if job["dry_run"] else "done")
    if not job["dry_run"] or job["has_errors"]:
        storage.remove()
    import_job_save(job)
    return job


def _report(result, *, limit: int = 200) -> dict:
    errors = [{"row": None, "field": None, "messages": [str(e.error)]} for e in result.base_errors]
    for number, row_errors in result.row_errors():
        errors.append({"row": number, "field": None, "messages": [str(e.error) for e in row_errors]})
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            errors.append({"row": row.number, "field": None if field == "__all__" else field, "messages": messages})
    totals = {key: result.totals.get(key, 0) for key in ("new", "update", "skip", "delete", "error", "invalid")}
    return {
        "totals": totals,
        "has_errors": bool(errors),
        "errors": [{**e, "messages": [str(m) for m in e["messages"]]} for e in errors[:limit]],
        "more_errors": max(len(errors) - limit, 0),
    }

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

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from modeltranslation.settings import AVAILABLE_LANGUAGES

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


class DisciplineResource(resources.ModelResource):
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


class CurriculumItemResource(resources.ModelResource):
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

"""Forms of the study plan: registration, the discipline admin form and its import columns, the IUP screens."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from university.models import Programme, StudyGroup, Term

from .models import Discipline, IndividualPlan
from .selectors.iup import QUEUE_DEFAULT_SORT, iup_queue_for, iup_queue_order
from .selectors.plan import prerequisite_cycle

# What the registrar edits of a discipline: the admin form's fields and the import file's columns (the content a
# person reads comes in Kazakh, Russian and English, curriculum/translation.py).
DISCIPLINE_FIELDS = (
    "code",
    "name_kk",
    "name_ru",
    "name_en",
    "credits",
    "cycle",
    "component",
    "languages",
    "description_kk",
    "description_ru",
    "description_en",
    "competences_kk",
    "competences_ru",
    "competences_en",
    "department",
    "counts_in_gpa",
    "prerequisites",
)


class RegistrationForm(forms.Form):
    """Register or drop one discipline in one term. The student is never a field: it is the signed-in one."""

    discipline = forms.ModelChoiceField(
        queryset=Discipline.objects.all(),
        error_messages={
            "required": _("Choose a discipline."),
            "invalid_choice": _("This discipline does not exist."),
        },
    )
    term = forms.ModelChoiceField(
        queryset=Term.objects.select_related("academic_year"),
        error_messages={"required": _("Choose a semester."), "invalid_choice": _("This semester does not exist.")},
    )

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class DisciplineAdminForm(forms.ModelForm):
    """Refuses a prerequisite that would close a cycle (A needs B needs A), naming the cycle."""

    class Meta:
        model = Discipline
        fields = DISCIPLINE_FIELDS

    def clean(self):
        cleaned = super().clean()
        prerequisites = cleaned.get("prerequisites")
        if prerequisites is not None and self.instance.pk:
            error = prerequisite_cycle_error(discipline=self.instance, prerequisites=prerequisites)
            if error:
                self.add_error("prerequisites", error)
        return cleaned


def prerequisite_cycle_error(*, discipline: Discipline, prerequisites) -> ValidationError | None:
    """The error naming the cycle these prerequisites would close for `discipline` (admin form, import), else None."""
    cycle = prerequisite_cycle(discipline=discipline, prerequisites=list(prerequisites))
    if not cycle:
        return None
    return ValidationError(
        _("These prerequisites would make a cycle: %(cycle)s. A discipline cannot require itself."),
        code="prerequisite_cycle",
        params={"cycle": " → ".join(cycle)},
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the student"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Write a comment: the student needs to know what to change.")},
    )


def _queue_ids(request, field: str):
    return iup_queue_for(request.user).values(field) if request is not None else []


def _groups(request):
    return StudyGroup.objects.filter(pk__in=_queue_ids(request, "student__group_id")).order_by("name")


def _programmes(request):
    return Programme.objects.filter(pk__in=_queue_ids(request, "student__programme_id")).order_by("code")


def _terms(request):
    return Term.objects.filter(pk__in=_queue_ids(request, "term_id")).select_related("academic_year")


def _queue_choice(field_name: str, queryset, label, empty_label) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=queryset,
        label=label,
        empty_label=empty_label,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class IUPQueueFilter(django_filters.FilterSet):
    """Filters of the advisor's and registrar's queue; the choices are only those present in the queue."""

    group = _queue_choice("student__group", _groups, _("Group"), _("All groups"))
    programme = _queue_choice("student__programme", _programmes, _("Educational programme"), _("All programmes"))
    term = _queue_choice("term", _terms, _("Term"), _("All terms"))
    # The same orders as the sortable column headers, for a screen too narrow to show every column.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("submitted", _("Submitted: oldest first")),
            ("-submitted", _("Submitted: newest first")),
            ("name", _("Student: A–Z")),
            ("-name", _("Student: Z–A")),
            ("group", _("Group: A–Z")),
            ("-group", _("Group: Z–A")),
            ("programme", _("Programme: A–Z")),
            ("-programme", _("Programme: Z–A")),
        ],
        empty_label=None,
        method="sort_queue",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = IndividualPlan
        fields = ["group", "programme", "term", "sort"]

    def sort_queue(self, queryset, name, value):
        return iup_queue_order(queryset, value)

    @property
    def sort_value(self) -> str:
        """The order the queue is shown in: the one asked for when it is valid, else the default."""
        if self.is_bound:
            self.form.is_valid()  # a wrong group or term leaves a valid sort in cleaned_data
            return self.form.cleaned_data.get("sort") or QUEUE_DEFAULT_SORT
        return QUEUE_DEFAULT_SORT

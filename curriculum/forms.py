from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from university.models import Term

from .models import Discipline
from .selectors.plan import prerequisite_cycle

# What the registrar edits of a discipline: the admin form's fields and the import file's columns.
DISCIPLINE_FIELDS = (
    "code",
    "name_kk",
    "name_ru",
    "name_en",
    "credits",
    "cycle",
    "component",
    "languages",
    "description",
    "competences",
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

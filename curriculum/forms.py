from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from university.models import Term

from .models import Discipline
from .selectors.plan import prerequisite_cycle


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
        fields = [
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
        ]

    def clean(self):
        cleaned = super().clean()
        prerequisites = cleaned.get("prerequisites")
        if prerequisites is not None and self.instance.pk:
            cycle = prerequisite_cycle(discipline=self.instance, prerequisites=list(prerequisites))
            if cycle:
                self.add_error("prerequisites", cycle_error(cycle))
        return cleaned


def cycle_error(cycle: list[str]) -> ValidationError:
    return ValidationError(
        _("These prerequisites would make a cycle: %(cycle)s. A discipline cannot require itself."),
        code="prerequisite_cycle",
        params={"cycle": " → ".join(cycle)},
    )

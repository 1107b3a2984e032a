import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Period


class CalendarQueryForm(forms.Form):
    """What the calendar page shows: by semester or by month, which term or month, one period kind or all."""

    VIEW_CHOICES = [("semester", _("By semester")), ("month", _("By month"))]

    view = forms.ChoiceField(label=_("View"), choices=VIEW_CHOICES, required=False)
    term = forms.IntegerField(label=_("Semester"), required=False, min_value=1)
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": _("A month looks like 2026-09.")},
    )
    kind = forms.ChoiceField(label=_("Period"), choices=[("", _("All periods")), *Period.Kind.choices], required=False)

    def clean_month(self):
        value = self.cleaned_data.get("month")
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        if not 1900 <= year <= 2200:
            raise forms.ValidationError(_("A month looks like 2026-09."))
        return datetime.date(year, month, 1)

    def values(self) -> dict:
        """The valid parts of the query; a part that is not understood falls back to its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "view": data.get("view") or "semester",
            "term": data.get("term"),
            "month": data.get("month"),
            "kind": data.get("kind") or "",
        }

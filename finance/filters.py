"""Filters of the finance pages: a student's transactions (kind, dates) and the office's student search."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Transaction


class TransactionFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The period ends before it starts."))
        return cleaned


class TransactionFilter(django_filters.FilterSet):
    """The transactions shown on a finance page and printed on its statement."""

    kind = django_filters.ChoiceFilter(
        label=_("Operation"),
        choices=Transaction.Kind.choices,
        empty_label=_("All operations"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = django_filters.DateFilter(
        field_name="posted_at",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        field_name="posted_at",
        lookup_expr="date__lte",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Transaction
        fields = ["kind", "date_from", "date_to"]
        form = TransactionFilterForm


class StudentSearchForm(forms.Form):
    """The office's search of students by name, student ID or group."""

    q = forms.CharField(
        label=_("Name, student ID or group"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autocomplete": "off"}),
    )
    with_debt = forms.BooleanField(
        label=_("Only with a tuition debt"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

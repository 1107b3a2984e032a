"""The office's forms on a student's finance page and the term's tuition charges."""

from django import forms
from django.utils.translation import gettext_lazy as _

from university.models import Term

from ..models import Discount

REASON_WIDGET = forms.Textarea(attrs={"class": "form-control", "rows": 2})
AMOUNT_WIDGET = forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal", "autocomplete": "off"})


class DiscountForm(forms.Form):
    prefix = "discount"

    term = forms.ModelChoiceField(
        label=_("Term"), queryset=Term.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    mode = forms.ChoiceField(
        label=_("Kind"), choices=Discount.Mode.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    value = forms.CharField(label=_("Percent or amount"), max_length=30, widget=AMOUNT_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=REASON_WIDGET)

    def __init__(self, *args, terms, **kwargs):
        """`terms`: the terms the student was charged tuition for (a discount is against a term's charge)."""
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms


class ReverseForm(forms.Form):
    prefix = "reverse"

    number = forms.IntegerField(
        label=_("Transaction no."), min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=REASON_WIDGET)


class RefundForm(forms.Form):
    prefix = "refund"

    amount = forms.CharField(label=_("Amount, ₸"), max_length=30, widget=AMOUNT_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=255, widget=REASON_WIDGET)


class TuitionTermForm(forms.Form):
    term = forms.ModelChoiceField(
        label=_("Term"), queryset=Term.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms

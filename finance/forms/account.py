"""The student's form on the finance page: paying the tuition debt from the balance."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TuitionPayForm(forms.Form):
    # text, not a number field: people type "150 000,50"; finance.money.money_parse (in the service) reads it
    amount = forms.CharField(
        label=_("Amount, ₸"),
        required=False,
        max_length=30,
        help_text=_("Leave empty to pay as much of the debt as the balance covers."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal", "autocomplete": "off"}),
    )

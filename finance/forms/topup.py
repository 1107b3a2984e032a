"""The student's top-up forms and the office's rejection form. Amounts are parsed by finance.money.money_parse."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..money import CURRENCIES, KZT, money_parse
from ..providers.registry import provider_choices


class TopUpForm(forms.Form):
    provider = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)
    amount = forms.CharField(label=_("Amount"), max_length=40, help_text=_("In tenge, e.g. 15000 or 15000.50."))
    currency = forms.CharField(
        label=_("Currency"),
        initial=KZT,
        widget=forms.Select(choices=[(c, c) for c in CURRENCIES], attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = provider_choices()
        if len(self.fields["provider"].choices) == 1:
            self.fields["provider"].initial = self.fields["provider"].choices[0][0]

    def clean(self):
        data = super().clean()
        if "amount" in data:
            try:
                data["amount"] = money_parse(data["amount"], currency=data.get("currency") or "")
            except ValidationError as error:
                self.add_error("currency" if error.code == "currency" else "amount", error)
        return data


class ReceiptForm(forms.Form):
    receipt = forms.FileField(label=_("Receipt (PDF, JPEG or PNG, up to 5 MB)"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the student sees it)"), widget=forms.Textarea(attrs={"rows": 3}))

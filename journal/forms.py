import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UnlockForm(forms.Form):
    week = forms.DateField(label=_("A day of the week to open"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateTimeField(
        label=_("Open until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream
        if not self.is_bound:
            self.initial["until"] = (timezone.localtime() + dt.timedelta(days=3)).replace(second=0, microsecond=0)

    def clean_week(self):
        week = self.cleaned_data["week"]
        term = self.stream.term
        if not (term.start_date <= week <= term.end_date + dt.timedelta(days=30)):
            raise forms.ValidationError(_("The week must fall within the stream's term."))
        return week


class CertificateForm(forms.Form):
    start_date = forms.DateField(label=_("Ill from"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Ill until"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("Certificate (PDF, JPEG or PNG, up to 5 MB)"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file exported from this journal"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        return upload


class SelfStudyColumnForm(forms.Form):
    """A self-study column's title and date; the service checks the date against the stream's term."""

    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: Essay 1, Lab report 3."))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

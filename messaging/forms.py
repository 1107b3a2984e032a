from django import forms
from django.utils.translation import gettext_lazy as _

from .attachments import ACCEPT, attachment_check
from .services import MAX_LENGTH


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"max_length": _("The message is too long: at most 5000 characters.")},
    )
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("PDF, image, Word, Excel, PowerPoint or text, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            attachment_check(upload)
        return upload or None

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("attachment"):
            raise forms.ValidationError(_("Write a message or attach a file."), code="empty")
        return data


class NewMessageForm(MessageForm):
    """A message to a person; the list offers one's contacts, and any other id is refused by the service."""

    recipient = forms.IntegerField(
        label=_("To"),
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": _("Choose whom to write to."),
            "invalid": _("Choose whom to write to."),
            "min_value": _("Choose whom to write to."),
            "max_value": _("Choose whom to write to."),
        },
    )
    field_order = ["recipient", "text", "attachment"]

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].widget.choices = [("", _("Choose a person"))] + [
            (person.pk, person.get_full_name() or person.email) for person in contacts
        ]

"""Forms of Profile settings (SPEC §3). None of them names a person: the view always passes request.user
to the service, so a forged field cannot point a form at someone else."""

import re
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind
from people.photos import ACCEPTED_FORMATS

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")
TELEGRAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
INSTAGRAM_NAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")


class BootstrapForm(forms.Form):
    """Gives inputs Bootstrap's classes and marks the ones with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-control"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not isinstance(self.fields[name].widget, forms.CheckboxInput):
                self.fields[name].widget.attrs["class"] = "form-control is-invalid"


class PhotoForm(BootstrapForm):
    """The upload only; its content is checked by profile_photo_set (people/photos.py)."""

    photo = forms.FileField(
        label=_("New photo"),
        help_text=_("JPEG, PNG or WebP. It is cropped to fit 512×512 pixels."),
        widget=forms.FileInput(attrs={"accept": ",".join(f"image/{f.lower()}" for f in sorted(ACCEPTED_FORMATS))}),
        error_messages={"required": _("Choose a photo to upload.")},
    )


class ContactsForm(BootstrapForm):
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        help_text=_("With the country code, e.g. +7 701 234 56 78."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    telegram = forms.CharField(
        label=_("Telegram"),
        max_length=64,
        required=False,
        help_text=_("Your username, e.g. @username."),
    )
    instagram = forms.CharField(
        label=_("Instagram"),
        max_length=64,
        required=False,
        help_text=_("Your username, e.g. @username."),
    )
    linkedin = forms.URLField(
        label=_("LinkedIn"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("The address of your LinkedIn profile, e.g. https://www.linkedin.com/in/username."),
    )

    def clean_phone(self) -> str:
        """Store one form, E.164 (+77012345678); a Kazakh number may be typed with the trunk prefix 8."""
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        message = _("Enter a valid phone number with the country code.")
        if not PHONE_CHARACTERS.match(raw):
            raise forms.ValidationError(message, code="phone")
        digits = re.sub(r"\D", "", raw)
        if raw.startswith("+"):
            number = digits
        elif len(digits) == 11 and digits[0] == "8":
            number = "7" + digits[1:]
        elif len(digits) == 10 and digits[0] == "7":
            number = "7" + digits
        else:
            raise forms.ValidationError(message, code="phone")
        valid_length = len(number) == 11 if number.startswith("7") else 8 <= len(number) <= 15
        if not valid_length or number.startswith("0"):
            raise forms.ValidationError(message, code="phone")
        return f"+{number}"

    def clean_telegram(self) -> str:
        name = _username(self.cleaned_data["telegram"], hosts=("t.me", "telegram.me"))
        if name and not TELEGRAM_NAME.match(name):
            raise forms.ValidationError(
                _("A Telegram username has 5 to 32 letters, digits or underscores and starts with a letter."),
                code="telegram",
            )
        return name

    def clean_instagram(self) -> str:
        name = _username(self.cleaned_data["instagram"], hosts=("instagram.com", "www.instagram.com"))
        if name and not INSTAGRAM_NAME.match(name):
            raise forms.ValidationError(
                _("An Instagram username has up to 30 letters, digits, dots or underscores."), code="instagram"
            )
        return name

    def clean_linkedin(self) -> str:
        url = self.cleaned_data["linkedin"]
        if not url:
            return ""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" or not (host == "linkedin.com" or host.endswith(".linkedin.com")):
            raise forms.ValidationError(_("Enter the https:// address of a LinkedIn profile."), code="linkedin")
        return url


def _username(value: str, *, hosts: tuple[str, ...]) -> str:
    """Accept `name`, `@name` or a profile link, and keep only the name."""
    value = value.strip()
    link = re.match(r"^(?:https?://)?([^/]+)/([^/?#]+)/?(?:[?#].*)?$", value)
    if link and link.group(1).lower() in hosts:
        value = link.group(2)
    return value.removeprefix("@")


class NotificationPreferencesForm(forms.Form):
    """Two switches per kind of notification: in the cabinet and by e-mail."""

    def __init__(self, *args, current: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            in_app, email = current.get(kind, (True, True))
            self.fields[f"{kind}-in_app"] = _switch(gettext("%(kind)s: in the cabinet") % {"kind": label}, in_app)
            self.fields[f"{kind}-email"] = _switch(gettext("%(kind)s: by e-mail") % {"kind": label}, email)

    def rows(self):
        """(kind label, in-app field, e-mail field) for each kind, for the table."""
        return [(label, self[f"{kind}-in_app"], self[f"{kind}-email"]) for kind, label in Kind.choices]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"{kind}-in_app"], data[f"{kind}-email"]) for kind in Kind.values}


def _switch(label: str, initial: bool) -> forms.BooleanField:
    attrs = {"class": "form-check-input", "role": "switch", "aria-label": label}
    return forms.BooleanField(label=label, required=False, initial=initial, widget=forms.CheckboxInput(attrs=attrs))

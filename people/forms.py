"""Forms of profile settings (§3), of sign-in and first access (§1), and of the registrar's enrolment screens.

None of the profile forms names a person: the view always passes request.user to the service, so a forged field
cannot point a form at someone else."""

import re

from allauth.account import app_settings as allauth_settings
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.forms import AddEmailForm, SignupForm
from allauth.account.internal import flows
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress, Login
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.validators import SafeLinkValidator
from notifications.models import Kind
from people.models import StudentRecord, User
from people.photos import ACCEPTED_FORMATS
from university.models import Programme, StudyGroup

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")
TELEGRAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
INSTAGRAM_NAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")
MANDATORY = EmailVerificationMethod.MANDATORY
# read as a browser reads it: `https://evil.example\@www.linkedin.com/...` opens evil.example (core/validators.py)
LINKEDIN_LINK = SafeLinkValidator(
    hosts=("linkedin.com",), message=_("Enter the https:// address of a LinkedIn profile.")
)


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
        if url:
            LINKEDIN_LINK(url)
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
    # A checkbox drawn as a switch (.form-switch), without role="switch": that role needs an aria-checked kept in
    # step by a script, and these choices are saved with the form's button, as checkboxes are.
    attrs = {"class": "form-check-input", "aria-label": label}
    return forms.BooleanField(label=label, required=False, initial=initial, widget=forms.CheckboxInput(attrs=attrs))


class ApplicantSignupForm(SignupForm):
    """Applicant self-registration: last and first name, e-mail, the password twice.

    Named in ACCOUNT_FORMS["signup"]; the adapter saves the names and makes the account an applicant's
    (people/adapters.py).
    """

    field_order = ["last_name", "first_name", "email", "password1", "password2"]

    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )

    def validate_unique_email(self, value) -> str:
        """A taken address is no error on the form: sign-up must answer the same for every address, or it tells
        anyone who has an account. Its owner is told by e-mail instead (account/email/account_already_exists)."""
        self.account_already_exists = bool(filter_users_by_email(value))
        return value

    def try_save(self, request):
        """Both answers are "check your e-mail": a new applicant confirms the address before the first sign-in
        (the link signs them in), the owner of a taken address gets a message that they already have an account.

        allauth does this itself only with mandatory verification for everyone; the people the registrar enrolls
        and the demo logins sign in with optional verification, so here it is mandatory for sign-up alone.
        """
        if self.account_already_exists:
            login = Login(user=None, email=self.cleaned_data["email"], signup=True, email_verification=MANDATORY)
            return None, flows.login.perform_login(request, login)
        user = self.save(request)
        return user, flows.signup.complete_signup(request, user=user, email_verification=MANDATORY)


class ChangeEmailForm(AddEmailForm):
    """allauth's e-mail change, without losing the login of someone whose address was never confirmed.

    With ACCOUNT_CHANGE_EMAIL allauth treats the latest unconfirmed address as the pending change and replaces
    it. For a person the registrar created, or an applicant who never confirmed, that address is their login:
    replacing it would leave the account without an e-mail. Here it stays until the new address is confirmed
    (allauth then makes the new one the login and removes the old). Named in ACCOUNT_FORMS["add_email"].
    """

    def save(self, request):
        pending = EmailAddress.objects.get_new(self.user)
        own_unconfirmed = pending is not None and pending.email.lower() == (self.user.email or "").lower()
        if (
            not own_unconfirmed
            or not allauth_settings.CHANGE_EMAIL
            or allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED
        ):
            return super().save(request)
        address = EmailAddress.objects.create(user=self.user, email=self.cleaned_data["email"].lower())
        flows.email_verification.send_verification_email_to_address(request, address)
        return address


class FirstAccessRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


# ---------------------------------------------------------------------------------------------------------------
# Django admin (registrar)
# ---------------------------------------------------------------------------------------------------------------


class UserAddForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "last_name", "first_name")
        field_classes: dict = {}


class UserEditForm(UserChangeForm):
    linkedin = User._meta.get_field("linkedin").formfield(assume_scheme="https", validators=[LINKEDIN_LINK])

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        field_classes: dict = {}


class StudentAddForm(forms.ModelForm):
    """Enrol a student who has no account yet (people.services.access.student_create)."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    send_link = forms.BooleanField(
        label=_("Send the first-access link now"),
        required=False,
        initial=True,
        help_text=_("The student gets an e-mail with a one-time link to set a password."),
    )

    class Meta:
        model = StudentRecord
        fields = ["student_number", "programme", "group"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A person with this e-mail already exists."))
        return email

    def clean_student_number(self):
        number = self.cleaned_data["student_number"].strip()
        if StudentRecord.objects.filter(student_number__iexact=number).exists():
            raise forms.ValidationError(_("Student ID %(number)s is already taken.") % {"number": number})
        return number

    def clean(self):
        data = super().clean()
        programme, group = data.get("programme"), data.get("group")
        if programme and group and group.programme_id != programme.pk:
            self.add_error("group", _("Group %(group)s belongs to another programme.") % {"group": group.name})
        return data


class AdmitApplicantsForm(forms.Form):
    """The intermediate page of the "admit applicants" action: one programme and group, a student ID each."""

    programme = forms.ModelChoiceField(label=_("Educational programme"), queryset=Programme.objects.order_by("code"))
    group = forms.ModelChoiceField(
        label=_("Study group"), queryset=StudyGroup.objects.select_related("programme").order_by("name")
    )

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].label_from_instance = lambda group: f"{group.name} ({group.programme.code})"
        self.applicants = list(applicants)
        for person in self.applicants:
            self.fields[self.number_field(person)] = forms.CharField(
                label=_("Student ID of %(person)s") % {"person": f"{person.get_full_name()} <{person.email}>"},
                max_length=20,
            )

    @staticmethod
    def number_field(person) -> str:
        return f"student_number_{person.pk}"

    def number_fields(self):
        return [self[self.number_field(person)] for person in self.applicants]

    def clean(self):
        data = super().clean()
        programme, group = data.get("programme"), data.get("group")
        if programme and group and group.programme_id != programme.pk:
            self.add_error("group", _("Group %(group)s belongs to another programme.") % {"group": group.name})
        seen: dict[str, str] = {}
        for person in self.applicants:
            name = self.number_field(person)
            number = (data.get(name) or "").strip()
            if not number:
                continue
            if number.lower() in seen:
                self.add_error(name, _("This student ID is entered twice."))
            seen[number.lower()] = name
            data[name] = number
        return data

    def admissions(self):
        """(applicant, student ID) pairs, once the form is valid."""
        return [(person, self.cleaned_data[self.number_field(person)]) for person in self.applicants]

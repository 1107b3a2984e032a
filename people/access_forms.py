"""Forms of sign-in, first access and the registrar's enrolment screens."""

from allauth.account import app_settings as allauth_settings
from allauth.account.forms import AddEmailForm, SignupForm
from allauth.account.internal import flows
from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from people.models import StudentRecord, User
from university.models import Programme, StudyGroup


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
    linkedin = User._meta.get_field("linkedin").formfield(assume_scheme="https")

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

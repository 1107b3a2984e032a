from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up is for applicants: a new account starts as an applicant and nothing more.

    The messages a person can meet while signing in are ours, so they are translated with the rest of the cabinet;
    the same message answers a wrong password and an unknown e-mail (no leak of who has an account).
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is closed. Please contact the registrar's office."),
        "cannot_remove_primary_email": _("You cannot remove your main e-mail address."),
        "duplicate_email": _("This e-mail address is already in your account."),
        "email_password_mismatch": _("The e-mail or the password is not correct."),
        "email_taken": _("This e-mail address is already in use."),
        "enter_current_password": _("Please type your current password."),
        "incorrect_password": _("The password is not correct."),
        "invalid_login": _("The e-mail or the password is not correct."),
        "invalid_password_reset": _("This password reset link is invalid or has expired."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "rate_limited": _("Too many requests. Please wait a few minutes and try again."),
        "same_as_current": _("The new value must be different from the current one."),
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Sign-in for this e-mail is paused for a few minutes; "
            "try again later or reset your password."
        ),
        "unknown_email": _("The e-mail or the password is not correct."),
        "unverified_primary_email": _("Your main e-mail address must be confirmed first."),
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.is_applicant = True
        if not user.language:
            # the language they signed up in is the language they read: e-mails and pages follow it
            user.language = getattr(request, "LANGUAGE_CODE", "") or ""
        if commit:
            user.save()
        return user

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up is for applicants: a new account starts as an applicant and nothing more."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.is_applicant = True
        if commit:
            user.save()
        return user

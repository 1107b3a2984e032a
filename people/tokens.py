"""One-time links that let a person in without a password."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class FirstAccessTokenGenerator(PasswordResetTokenGenerator):
    """The first-access link of a person the registrar created without a password (docs/modules.md#accounts).

    Its own salt, so a password-reset token is not a first-access token nor the reverse. The hash covers the
    password, so the link dies as soon as a password is set; it also dies after PASSWORD_RESET_TIMEOUT.
    """

    key_salt = "people.tokens.FirstAccessTokenGenerator"


first_access_token_generator = FirstAccessTokenGenerator()

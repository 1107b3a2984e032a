"""The authentication backends: Django's (any admin sign-in, tests' force_login) and allauth's (e-mail sign-in),
each loading the signed-in user of every request with one plain SQL statement instead of an ORM query.

The user is read on every request; the ORM compiling that query cost more CPU than the rest of a cached page's
middleware (bench/README.md). Same row, same rule: an inactive user is not signed in."""

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model

from core.sql import get_by_pk


class RawGetUserMixin:
    def get_user(self, user_id):
        try:
            user = get_by_pk(get_user_model(), int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RawGetUserMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(RawGetUserMixin, auth_backends.AuthenticationBackend):
    pass

"""Sessions and the signed-in user go through Django's and allauth's own backends: their rules, checked through
real requests (an expired session, a closed account, a changed password sign the person out)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from people.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def signed_in(client) -> bool:
    return client.get(reverse("cabinet:dashboard")).status_code == 200


def test_a_live_session_signs_the_person_in(client):
    client.force_login(StudentFactory())
    assert signed_in(client)


def test_an_expired_session_is_not_read(client):
    client.force_login(StudentFactory())
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    # with Redis the sessions are cached_db: the cached copy expires at the same moment as the row
    caches[settings.SESSION_CACHE_ALIAS].clear()
    assert not signed_in(client)


def test_a_closed_account_is_signed_out(client):
    user = StudentFactory()
    client.force_login(user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert not signed_in(client)


def test_a_changed_password_signs_other_sessions_out(client):
    user = StudentFactory()
    client.force_login(user)
    user.set_password("another-password-42")
    user.save()
    assert not signed_in(client)

"""The session and the signed-in user are read in plain SQL (people/sessions.py, people/backends.py): the same
rules as Django's own, checked through real requests."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.sql import get_by_pk
from people.backends import ModelBackend
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


def test_the_user_read_in_sql_is_the_orm_user():
    user = StudentFactory()
    loaded = ModelBackend().get_user(user.pk)
    expected = get_user_model().objects.get(pk=user.pk)
    fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    assert [getattr(loaded, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert ModelBackend().get_user(10**9) is None
    assert ModelBackend().get_user("not a number") is None
    assert get_by_pk(get_user_model(), 10**9) is None

"""core/sql.py builds model instances from plain SQL rows: they must be what the ORM would give."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import signals

from audit.models import AuditRecord
from core.sql import get_by_pk, insert, instance
from people.tests.factories import StudentFactory
from university.models import Faculty
from university.tests.factories import FacultyFactory

pytestmark = pytest.mark.django_db


def test_a_row_becomes_the_orm_instance():
    user = StudentFactory()
    loaded, expected = get_by_pk(get_user_model(), user.pk), get_user_model().objects.get(pk=user.pk)
    fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    assert [getattr(loaded, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert loaded == expected and not loaded._state.adding and loaded._state.db == "default"
    assert loaded.get_deferred_fields() == set()


def test_a_partial_instance_reads_the_rest_when_asked():
    user = StudentFactory()
    partial = instance(get_user_model(), {"id": user.pk, "email": user.email})
    assert "last_name" in partial.get_deferred_fields()
    assert partial.last_name == user.last_name  # one query, as with .only()


def test_models_with_init_listeners_are_built_by_django():
    faculty = FacultyFactory()
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance.pk)

    signals.post_init.connect(listener, sender=Faculty)
    try:
        assert get_by_pk(Faculty, faculty.pk).pk == faculty.pk
    finally:
        signals.post_init.disconnect(listener, sender=Faculty)
    assert seen == [faculty.pk]


def test_insert_fills_defaults_and_timestamps_like_create():
    faculty = FacultyFactory()
    made = insert(Faculty, university_id=faculty.university_id, name_kk="Жаңа", code="NEW")
    stored = Faculty.objects.get(pk=made.pk)
    assert (stored.name_kk, stored.name_ru, stored.code) == ("Жаңа", None, "NEW")  # as create() leaves it
    assert not made._state.adding

    line = insert(AuditRecord, action="test", target_type="x", target_id="1", after={"a": [1, 2]})
    stored = AuditRecord.objects.get(pk=line.pk)
    assert stored.after == {"a": [1, 2]} and stored.before is None and stored.summary == ""
    assert stored.created_at == line.created_at and stored.created_at.tzinfo is not None

"""Plain SQL for the few reads and writes that every request or every click of a registration rush runs.

Measured on the project's machines, compiling a simple ORM query costs 3-4 times the CPU of sending it and
reading its row (bench/README.md): on the session, the signed-in user and the stream-selection clicks that is
most of a request. These helpers keep such statements short and still hand back model instances: `instance()`
builds one from some of its columns (the others are deferred and read on access, as with `.only()`).
Only quoted table and column names are ever formatted into the SQL; values always go as parameters.
"""

import datetime
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import DateTimeField, Model, signals
from django.db.models.base import ModelState
from django.utils import timezone


@cache
def qn(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def columns(model: type[Model], alias: str) -> str:
    """Every concrete column of the model, as `alias.column`, in field order (what `instance_from_row` reads)."""
    return ", ".join(f"{alias}.{qn(f.column)}" for f in model._meta.concrete_fields)


def select_list(alias: str, names) -> str:
    """Some columns (by attname) as `alias.column`, in the order given (what `instance(model, dict(zip(names,
    row)))` reads back)."""
    return ", ".join(f"{alias}.{qn(name)}" for name in names)


def fetch_all(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_one(sql: str, params=()) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def execute(sql: str, params=()) -> int:
    """Run a write; returns the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@cache
def attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


@cache
def datetime_attnames(model: type[Model]) -> frozenset[str]:
    return frozenset(f.attname for f in model._meta.concrete_fields if isinstance(f, DateTimeField))


@cache
def _naive_datetimes() -> bool:
    return connection.vendor == "sqlite"


def _aware(model: type[Model], names, values: list) -> list:
    """SQLite hands back naive UTC datetimes, which the ORM makes aware (USE_TZ): so do we."""
    if _naive_datetimes():
        moments = datetime_attnames(model)
        for i, name in enumerate(names):
            if name in moments and values[i] is not None and values[i].tzinfo is None:
                values[i] = values[i].replace(tzinfo=datetime.UTC)
    return values


def _from_db(model: type[Model], names, values: list) -> Model:
    """`Model.from_db`, the state Django's own `__init__` leaves: the loaded columns as attributes (a missing one
    is deferred, read on access), `_state` not adding, on the default database. Without running `__init__`'s
    per-field loop, which cost more than the rest of building a panel, unless something listens to
    pre_init/post_init for the model (then Django's way, signals and all)."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model.from_db(DEFAULT_DB_ALIAS, names, values)
    new = model.__new__(model)
    state = new._state = ModelState()
    state.adding, state.db = False, DEFAULT_DB_ALIAS
    new.__dict__.update(zip(names, values, strict=True))
    return new


def instance(model: type[Model], values: dict) -> Model:
    """A model instance from some of its columns (by attname), the others deferred."""
    names = [name for name in attnames(model) if name in values]
    return _from_db(model, names, _aware(model, names, [values[name] for name in names]))


def instance_from_row(model: type[Model], row) -> Model:
    """A model instance from the first len(concrete fields) values of a row selected with `columns()`."""
    names = attnames(model)
    return _from_db(model, names, _aware(model, names, list(row[: len(names)])))


def get_by_pk(model: type[Model], pk) -> Model | None:
    """The row with this primary key as an instance, or None."""
    row = fetch_one(_by_pk_sql(model), [pk])
    return None if row is None else instance_from_row(model, row)


@cache
def _by_pk_sql(model: type[Model]) -> str:
    table, key = qn(model._meta.db_table), qn(model._meta.pk.column)
    return f"SELECT {columns(model, 't')} FROM {table} t WHERE t.{key} = %s"  # noqa: S608


def instances_from_row(row, *models: type[Model]) -> list[Model]:
    """One instance per model from a row that selected `columns()` of each model in turn."""
    found, start = [], 0
    for model in models:
        n = len(model._meta.concrete_fields)
        found.append(instance_from_row(model, row[start : start + n]))
        start += n
    return found


def insert(model: type[Model], **values):
    """INSERT one row and return the instance, as `Model.objects.create(**values)` does for a model with no
    save() of its own and no signals: defaults and auto_now(_add) filled, values prepared by their fields.
    In plain SQL because the ORM's compiling of an INSERT cost more than sending it (bench/README.md)."""
    fields = _insert_fields(model)
    now = None
    params = []
    for f in fields:
        if f.attname in values:
            value = values[f.attname]
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            now = now or timezone.now()
            value = values[f.attname] = now
        else:
            value = values[f.attname] = f.get_default()
        params.append(f.get_db_prep_save(value, connection))
    row = fetch_one(_insert_sql(model), params)
    created = model(**values)
    created.pk = row[0]
    created._state.adding = False
    created._state.db = DEFAULT_DB_ALIAS
    return created


@cache
def _insert_fields(model: type[Model]) -> tuple:
    return tuple(f for f in model._meta.concrete_fields if not f.primary_key)


@cache
def _insert_sql(model: type[Model]) -> str:
    fields = _insert_fields(model)
    names, marks = ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {qn(model._meta.db_table)} ({names}) VALUES ({marks}) RETURNING {qn(model._meta.pk.column)}"  # noqa: S608

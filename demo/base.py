"""What every seeding step shares: the context handed from step to step and the idempotent row writer."""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models

from university.models import academic_year_start

SEED = 20240901  # the one seed every random choice of the demo grows from
DOMAIN = "demo.kz"
PASSWORD = "demo12345"

M = TypeVar("M", bound=models.Model)


def rng_for(name: str) -> random.Random:
    """A generator of its own for each named thing, so adding a step or a person moves no one else."""
    return random.Random(f"{SEED}:{name}")


@dataclass
class DemoContext:
    """Passed to each step in turn; a step reads what earlier steps left here and adds its own."""

    today: datetime.date
    student_count: int = 320
    log: Callable[[str], None] = lambda message: None

    university: Any = None
    faculties: dict[str, Any] = field(default_factory=dict)  # code -> Faculty
    departments: dict[str, Any] = field(default_factory=dict)  # code -> Department
    programmes: dict[str, Any] = field(default_factory=dict)  # code -> Programme
    academic_years: dict[int, Any] = field(default_factory=dict)  # start year -> AcademicYear
    terms: dict[tuple[int, str], Any] = field(default_factory=dict)  # (start year, kind) -> Term
    disciplines: dict[str, Any] = field(default_factory=dict)  # code -> Discipline
    curricula: dict[tuple[str, int], Any] = field(default_factory=dict)  # (programme code, admission) -> Curriculum
    groups: dict[str, Any] = field(default_factory=dict)  # name -> StudyGroup
    logins: dict[str, Any] = field(default_factory=dict)  # "student", "teacher", ... -> User
    teachers: list[Any] = field(default_factory=list)  # users
    students: list[Any] = field(default_factory=list)  # users
    extra: dict[str, Any] = field(default_factory=dict)  # for later steps

    @property
    def year(self) -> int:
        """Start year of the current academic year."""
        return academic_year_start(self.today)

    @property
    def admission_years(self) -> list[int]:
        """Admission years of the students now in years 1..4, newest first."""
        return [self.year - n for n in range(4)]

    def rng(self, name: str) -> random.Random:
        return rng_for(name)

    @cached_property
    def password_hash(self) -> str:
        """Hashed once: every demo account shares it, so 300 users cost one hash, not 300."""
        return make_password(PASSWORD)


def upsert(
    model: type[M], rows: Iterable[dict[str, Any]], *, key: tuple[str, ...], scope: models.Q | None = None
) -> dict[tuple, M]:
    """Create the rows that are missing and update the fields that differ; return every row by its key.

    `rows` use attribute names (`faculty_id`, not `faculty`) so comparing costs no queries. `scope`
    narrows the rows read back to the ones this call can touch. Nothing is deleted.
    """
    rows = list(rows)
    queryset = model._default_manager.filter(scope or models.Q())
    existing = {tuple(getattr(obj, k) for k in key): obj for obj in queryset}
    to_create: list[M] = []
    to_update: list[M] = []
    changed_fields: set[str] = set()
    seen: set[tuple] = set()
    for row in rows:
        row_key = tuple(row[k] for k in key)
        if row_key in seen:
            raise ValueError(f"{model.__name__}: the key {row_key} appears twice")
        seen.add(row_key)
        obj = existing.get(row_key)
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, row[name])
        if changed:
            to_update.append(obj)
            changed_fields.update(changed)
    if to_create:
        model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
    if any(obj.pk is None for obj in to_create):  # a backend that does not return ids from bulk inserts
        return {tuple(getattr(obj, k) for k in key): obj for obj in queryset.all()}
    for obj in to_create:
        existing[tuple(getattr(obj, k) for k in key)] = obj
    return existing

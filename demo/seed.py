"""The demo university that `manage.py seed_demo` builds (issue 2, point 10).

Each step is a function taking the shared `DemoContext`; the command runs them in this order, in one
transaction. A later module appends its own step (grades, streams, ...) to STEPS, reading what the
earlier steps left in the context (terms, curricula, groups, students, teachers) and keeping the
same rules: a fixed random seed (`ctx.rng("my-step:...")`), natural keys, and no duplicates on a re-run.
"""

from collections.abc import Callable

from .base import DOMAIN, PASSWORD, DemoContext, academic_year_start
from .curriculum import seed_curricula
from .people import LOGINS, seed_people
from .university import seed_university

Step = Callable[[DemoContext], None]


def seed_calendar_step(ctx: DemoContext) -> None:
    from .calendar import seed_calendar

    seed_calendar(today=ctx.today)


def seed_study_history_step(ctx: DemoContext) -> None:
    from .study import seed_study_history

    seed_study_history(today=ctx.today)


def seed_iup_queues_step(ctx: DemoContext) -> None:
    from .study import seed_iup_queues

    seed_iup_queues(today=ctx.today)


def seed_streams_step(ctx: DemoContext) -> None:
    from .streams import seed_streams

    seed_streams(today=ctx.today)


def seed_syllabi_step(ctx: DemoContext) -> None:
    from .disciplines import seed_syllabi

    seed_syllabi(today=ctx.today)


def seed_journal_step(ctx: DemoContext) -> None:
    from .journal import seed_journal

    seed_journal(today=ctx.today)


def seed_assignments_step(ctx: DemoContext) -> None:
    from .assignments import seed_assignments

    seed_assignments(today=ctx.today)


def seed_messaging_step(ctx: DemoContext) -> None:
    from .messaging import seed_messaging

    seed_messaging(today=ctx.today)


def seed_past_journal_step(ctx: DemoContext) -> None:
    from .journal import seed_past_journal

    seed_past_journal(today=ctx.today)


def seed_finance_step(ctx: DemoContext) -> None:
    from .finance import seed_finance

    seed_finance(today=ctx.today)


def seed_documents_step(ctx: DemoContext) -> None:
    from .documents import seed_documents

    seed_documents(today=ctx.today)


def seed_courses_step(ctx: DemoContext) -> None:
    from .courses import seed_courses

    seed_courses(today=ctx.today)


def seed_requests_step(ctx: DemoContext) -> None:
    from .requests import seed_requests

    seed_requests(today=ctx.today)


def seed_advising_step(ctx: DemoContext) -> None:
    from .advising import seed_advising

    seed_advising(today=ctx.today)


def seed_testing_bank_step(ctx: DemoContext) -> None:
    from .testing_bank import seed_testing_bank

    seed_testing_bank(today=ctx.today)


def seed_testing_step(ctx: DemoContext) -> None:
    from .testing import seed_testing

    seed_testing(today=ctx.today)


STEPS: list[Step] = [
    seed_university,
    seed_curricula,
    seed_people,
    seed_calendar_step,
    seed_study_history_step,
    seed_iup_queues_step,
    seed_streams_step,
    seed_syllabi_step,
    seed_journal_step,
    seed_assignments_step,
    seed_messaging_step,
    seed_finance_step,
    seed_documents_step,  # before requests: a certificate request issues from the university's templates
    seed_requests_step,  # after finance: the demo student pays a request from the balance it tops up
    seed_advising_step,
    seed_courses_step,  # after finance and requests: the demo student's paid course fits the balance they leave
    seed_past_journal_step,  # last: demo.assignments and demo.messaging pick streams of the current term
    seed_testing_bank_step,  # teacher@demo.kz's bank imported from demo/data/moodle-bank.xml (issue 12)
    seed_testing_step,  # after the journals: the admission ratings exist
]


def run_steps(ctx: DemoContext, steps: list[Step] | None = None) -> None:
    for step in STEPS if steps is None else steps:
        step(ctx)


__all__ = ["DOMAIN", "LOGINS", "PASSWORD", "STEPS", "DemoContext", "Step", "academic_year_start", "run_steps"]

"""Grade point average and credits earned (docs/domain.md#gpa), as plain functions over attempts.

The rule, as the transcript prints it:
- GPA = Σ(credits × points) / Σ credits over graded disciplines that count in GPA (a discipline marked
  "not in GPA", e.g. physical education, is left out). Failed grades count with their points (FX 0.50, F 0).
- Term GPA: every graded discipline of that term.
- Cumulative GPA: every graded discipline, but a discipline taken more than once counts only with its latest
  attempt (the later term; within a term, the later grade). Earlier attempts stay on the transcript, marked.
- Credits earned: credits of passing grades; cumulative over latest attempts only, so a discipline counts once.
- Rounded half up to two decimals.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Attempt:
    discipline: Hashable
    credits: int
    points: Decimal
    passing: bool
    counts_in_gpa: bool = True
    order: tuple = ()  # sorts attempts of one discipline in time: the greatest is the latest


def gpa(attempts: Iterable[Attempt]) -> Decimal | None:
    """Credit-weighted mean of points, or None when nothing counts (no GPA yet)."""
    weighted = Decimal(0)
    credits = 0
    for attempt in attempts:
        if not attempt.counts_in_gpa:
            continue
        weighted += Decimal(attempt.credits) * Decimal(attempt.points)
        credits += attempt.credits
    if credits == 0:
        return None
    return (weighted / credits).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def credits_earned(attempts: Iterable[Attempt]) -> int:
    return sum(a.credits for a in attempts if a.passing)


def latest_attempts(attempts: Iterable[Attempt]) -> list[Attempt]:
    """One attempt per discipline: the latest."""
    latest: dict[Hashable, Attempt] = {}
    for attempt in attempts:
        kept = latest.get(attempt.discipline)
        if kept is None or attempt.order > kept.order:
            latest[attempt.discipline] = attempt
    return list(latest.values())


def cumulative_gpa(attempts: Iterable[Attempt]) -> Decimal | None:
    return gpa(latest_attempts(attempts))


def cumulative_credits_earned(attempts: Iterable[Attempt]) -> int:
    return credits_earned(latest_attempts(attempts))

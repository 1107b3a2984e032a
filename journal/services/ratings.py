"""The one computation of R1, R2, the admission rating, exam admission and the final grade
(docs/domain.md#ratings-and-the-final-grade), from a student's cells and the university's settings.

Rules, every number a setting of the university (JournalSettings):
- current control of a half = the average of the graded lesson and self-study cells dated in it (weeks 1..r1_week
  for R1, after it for R2); no grade yet counts as 0;
- R = current_weight × current + midterm_weight × РК, only once the РК is graded;
- RD = (R1 + R2) / 2; admitted when RD ≥ admission_min (and each R ≥ it when `each_rating_min`);
- final = rating_weight × RD + exam_weight × exam, rounded half up to a whole percent, when admitted and the exam
  (or, after a failing exam whose band allows a retake, the retake) reaches exam_pass_min; a failing exam or retake
  gives min(that formula, exam_pass_min − 1) on the scale (FX or F);
- the letter, points and traditional grade come from the university's GradeBand scale.
Nothing here is typed in: the grid shows it, and `final_grade_sync` writes it to curriculum.FinalGrade.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..models import ColumnKind

TWO = Decimal("0.01")
WHOLE = Decimal(1)


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CellValue:
    """What the computation needs of a cell: the column's type and date, the grade, and the hours missed."""

    kind: str
    date: dt.date
    grade: Decimal | None
    attendance: str = ""
    absence_hours: int = 0


@dataclass
class Result:
    current1: Decimal | None = None
    current2: Decimal | None = None
    midterm1: Decimal | None = None
    midterm2: Decimal | None = None
    r1: Decimal | None = None
    r2: Decimal | None = None
    rd: Decimal | None = None
    admitted: bool = False
    exam: Decimal | None = None
    retake: Decimal | None = None
    exam_used: Decimal | None = None
    final: Decimal | None = None
    band: object | None = None
    absence_hours: int = 0
    unexcused_hours: int = 0
    needed: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def letter(self) -> str:
        return self.band.letter if self.band is not None else ""

    @property
    def points(self) -> Decimal | None:
        return self.band.points if self.band is not None else None


def _average(grades: list[Decimal]) -> Decimal:
    return _q(sum(grades, Decimal(0)) / len(grades)) if grades else Decimal(0)


def _band(bands, percent: Decimal):
    whole = percent.quantize(WHOLE, rounding=ROUND_HALF_UP)
    for band in bands:
        if band.min_percent <= whole <= band.max_percent:
            return band
    return None


def final_from(*, rd: Decimal, exam: Decimal, rules) -> Decimal:
    raw = Decimal(rules.rating_weight) * rd + Decimal(rules.exam_weight) * exam
    return raw.quantize(WHOLE, rounding=ROUND_HALF_UP)


def exam_needed(*, rd: Decimal, percent: Decimal, rules) -> int | None:
    """The lowest whole exam score giving a final of at least `percent` (and passing the exam); None if over 100."""
    weight = Decimal(rules.exam_weight)
    if weight <= 0:
        return None
    # the final is rounded half up, so a raw value of percent − 0.5 is enough
    need = (Decimal(percent) - Decimal("0.5") - Decimal(rules.rating_weight) * rd) / weight
    score = max(math.ceil(need), math.ceil(Decimal(rules.exam_pass_min)), 0)
    return score if score <= 100 else None


def compute(*, cells: Iterable[CellValue], term_start: dt.date, rules, bands) -> Result:
    """Ratings, admission and the final of one student in one discipline (see the module doc)."""
    split = term_start - dt.timedelta(days=term_start.weekday()) + dt.timedelta(weeks=rules.r1_week)
    first: list[Decimal] = []
    second: list[Decimal] = []
    out = Result()
    for cell in cells:
        if cell.kind == ColumnKind.LESSON:
            out.absence_hours += cell.absence_hours
            if cell.attendance in ("absent", "late"):
                out.unexcused_hours += cell.absence_hours
        if cell.grade is None:
            continue
        grade = Decimal(cell.grade)
        if cell.kind in (ColumnKind.LESSON, ColumnKind.SELF_STUDY):
            (first if cell.date < split else second).append(grade)
        elif cell.kind == ColumnKind.MIDTERM1:
            out.midterm1 = grade
        elif cell.kind == ColumnKind.MIDTERM2:
            out.midterm2 = grade
        elif cell.kind == ColumnKind.EXAM:
            out.exam = grade
        elif cell.kind == ColumnKind.RETAKE:
            out.retake = grade
    out.current1, out.current2 = _average(first), _average(second)
    cw, mw = Decimal(rules.current_weight), Decimal(rules.midterm_weight)
    if out.midterm1 is not None:
        out.r1 = _q(cw * out.current1 + mw * out.midterm1)
    if out.midterm2 is not None:
        out.r2 = _q(cw * out.current2 + mw * out.midterm2)
    if out.r1 is None or out.r2 is None:
        return out
    out.rd = _q((out.r1 + out.r2) / 2)
    minimum = Decimal(rules.admission_min)
    out.admitted = out.rd >= minimum and (not rules.each_rating_min or (out.r1 >= minimum and out.r2 >= minimum))
    if not out.admitted:
        return out
    out.needed = [
        (band.letter, exam_needed(rd=out.rd, percent=band.min_percent, rules=rules)) for band in bands if band.passing
    ]
    if out.exam is None:
        return out
    pass_min = Decimal(rules.exam_pass_min)
    score = out.exam
    if out.exam < pass_min and out.retake is not None:
        first_band = _band(bands, min(final_from(rd=out.rd, exam=out.exam, rules=rules), pass_min - 1))
        if first_band is not None and first_band.retake_allowed:
            score = out.retake
    final = final_from(rd=out.rd, exam=score, rules=rules)
    if score < pass_min:
        final = min(final, pass_min - 1)
    out.exam_used = score
    out.final = final
    out.band = _band(bands, final)
    return out

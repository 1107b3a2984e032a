"""ratings.compute with exact numbers (docs/domain.md#ratings-and-the-final-grade), on the default scale."""

import datetime as dt
from decimal import Decimal as D

from curriculum.models import GradeBand
from curriculum.services.grading import DEFAULT_SCALE
from journal.models import ColumnKind, JournalSettings
from journal.services.ratings import CellValue, compute, exam_needed

START = dt.date(2026, 9, 1)  # a Tuesday: week 1 is 31 Aug – 6 Sep; R1 covers weeks 1–8 (until 25 Oct)
BANDS = [
    GradeBand(
        letter=letter, min_percent=D(lo), max_percent=D(hi), points=D(p), traditional=t, passing=ok, retake_allowed=r
    )
    for letter, lo, hi, p, t, ok, r in DEFAULT_SCALE
]
FIRST, SECOND = dt.date(2026, 9, 10), dt.date(2026, 11, 10)


def lesson(day, grade=None, attendance="present", hours=0):
    return CellValue(ColumnKind.LESSON, day, None if grade is None else D(grade), attendance, hours)


def control(kind, grade):
    return CellValue(kind, dt.date(2026, 10, 23), D(grade))


def run(cells, **rules):
    return compute(cells=cells, term_start=START, rules=JournalSettings(**rules), bands=BANDS)


def test_r1_r2_rd_and_final_exact():
    cells = [
        lesson(FIRST, 80),
        lesson(FIRST + dt.timedelta(days=7), 91),
        lesson(FIRST + dt.timedelta(days=14), None, "absent", 2),
        lesson(SECOND, 70),
        CellValue(ColumnKind.SELF_STUDY, SECOND, D(60)),
        control(ColumnKind.MIDTERM1, 75),
        control(ColumnKind.MIDTERM2, 88),
        control(ColumnKind.EXAM, 72),
    ]
    r = run(cells)
    assert r.current1 == D("85.50")  # (80 + 91) / 2: the absence has no grade
    assert r.current2 == D("65.00")  # (70 + 60) / 2
    assert r.r1 == D("80.25")  # 0.5·85.5 + 0.5·75
    assert r.r2 == D("76.50")  # 0.5·65 + 0.5·88
    assert r.rd == D("78.38")  # (80.25 + 76.5) / 2 = 78.375, half up
    assert r.admitted
    assert r.final == D("76")  # 0.6·78.38 + 0.4·72 = 75.828 → 76
    assert (r.letter, r.points) == ("B-", D("2.67"))
    assert (r.absence_hours, r.unexcused_hours) == (2, 2)


def test_no_midterm_no_rating_and_no_final():
    r = run([lesson(FIRST, 90), control(ColumnKind.EXAM, 90)])
    assert r.r1 is None and r.rd is None and r.final is None and not r.admitted


def test_rd_below_50_not_admitted_exam_ignored():
    r = run(
        [
            lesson(FIRST, 40),
            lesson(SECOND, 40),
            control(ColumnKind.MIDTERM1, 50),
            control(ColumnKind.MIDTERM2, 55),
            control(ColumnKind.EXAM, 90),
        ]
    )
    assert r.rd == D("46.25") and not r.admitted and r.final is None


def test_each_rating_rule():
    cells = [lesson(FIRST, 40), lesson(SECOND, 90), control(ColumnKind.MIDTERM1, 50), control(ColumnKind.MIDTERM2, 90)]
    assert run(cells).admitted  # RD = (45 + 90) / 2 = 67.5
    assert not run(cells, each_rating_min=True).admitted  # R1 = 45 < 50


def test_failed_exam_is_fx_then_retake_counts():
    base = [lesson(FIRST, 70), lesson(SECOND, 70), control(ColumnKind.MIDTERM1, 70), control(ColumnKind.MIDTERM2, 70)]
    failed = run([*base, control(ColumnKind.EXAM, 30)])
    assert failed.rd == D("70.00")
    assert failed.final == D("49")  # 0.6·70 + 0.4·30 = 54, capped below the pass mark
    assert failed.letter == "FX"
    retaken = run([*base, control(ColumnKind.EXAM, 30), control(ColumnKind.RETAKE, 65)])
    assert retaken.final == D("68") and retaken.letter == "C" and retaken.exam_used == D("65")  # 42 + 26
    very_low = run(
        [
            lesson(FIRST, 50),
            lesson(SECOND, 50),
            control(ColumnKind.MIDTERM1, 50),
            control(ColumnKind.MIDTERM2, 50),
            control(ColumnKind.EXAM, 0),
        ]
    )
    assert very_low.final == D("30") and very_low.letter == "FX"  # 0.6·50 = 30


def test_weights_are_settings():
    cells = [
        lesson(FIRST, 100),
        lesson(SECOND, 100),
        control(ColumnKind.MIDTERM1, 60),
        control(ColumnKind.MIDTERM2, 60),
        control(ColumnKind.EXAM, 50),
    ]
    r = run(cells, current_weight=D("0.40"), midterm_weight=D("0.60"), rating_weight=D("0.50"), exam_weight=D("0.50"))
    assert r.r1 == D("76.00") and r.rd == D("76.00") and r.final == D("63") and r.letter == "C-"


def test_exam_needed_for_each_letter():
    rules = JournalSettings()
    # A needs 94.5 − 47.028 = 47.472 / 0.4 = 118.68: out of reach
    assert exam_needed(rd=D("78.38"), percent=D(95), rules=rules) is None
    # B: 79.5 − 47.028 = 32.472 / 0.4 = 81.18 → 82
    assert exam_needed(rd=D("78.38"), percent=D(80), rules=rules) == 82
    # D: never below the exam's own pass mark
    assert exam_needed(rd=D("78.38"), percent=D(50), rules=rules) == 50
    r = run([lesson(FIRST, 80), lesson(SECOND, 80), control(ColumnKind.MIDTERM1, 80), control(ColumnKind.MIDTERM2, 80)])
    needed = dict(r.needed)
    # RD 80: A (94.5 − 48) / 0.4 = 116.25 and A- 103.75 out of reach; B+ 91.25 → 92; B 78.75 → 79; D 3.75 → 50
    assert (needed["A"], needed["A-"], needed["B+"], needed["B"], needed["D"]) == (None, None, 92, 79, 50)
    assert "FX" not in needed


def test_absences_excused_not_counted():
    r = run([lesson(FIRST, None, "absent", 2), lesson(SECOND, None, "excused", 2), lesson(SECOND, 80, "late", 0)])
    assert (r.absence_hours, r.unexcused_hours) == (4, 2)

"""The transcript (docs/domain.md#transcript): built from registrations and final grades, by term, with GPA and credits.

`transcript_for` reads (three queries whatever the length of the studies); `transcript_content` turns it into
the plain dictionary that every rendering prints — preview page, unofficial PDF, official PDF and the public
verification page — so an issued document keeps exactly what it showed.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import get_language

from ..gpa import Attempt, credits_earned, cumulative_credits_earned, cumulative_gpa, gpa, latest_attempts
from ..models import FinalGrade, GradeBand, Registration

TRADITIONAL = dict(GradeBand.Traditional.choices)


@dataclass
class TranscriptRow:
    registration: Registration
    grade: FinalGrade
    retaken: bool = False  # a later attempt of the same discipline exists; only the latest counts cumulatively

    @property
    def discipline(self):
        return self.registration.discipline

    @cached_property
    def attempt(self) -> Attempt:
        return Attempt(
            discipline=self.registration.discipline_id,
            credits=self.discipline.credits,
            points=self.grade.points,
            passing=self.grade.passing,
            counts_in_gpa=self.discipline.counts_in_gpa,
            order=(self.registration.term.start_date, self.grade.graded_at, self.registration.pk),
        )


@dataclass
class TranscriptTerm:
    term: object
    rows: list[TranscriptRow] = field(default_factory=list)

    @property
    def credits(self) -> int:
        return sum(r.discipline.credits for r in self.rows)

    @property
    def credits_earned(self) -> int:
        return credits_earned(r.attempt for r in self.rows)

    @property
    def gpa(self) -> Decimal | None:
        return gpa(r.attempt for r in self.rows)


@dataclass
class Transcript:
    student: object
    terms: list[TranscriptTerm]
    in_progress: list[Registration]
    scale: list[GradeBand]

    @property
    def attempts(self) -> list[Attempt]:
        return [row.attempt for term in self.terms for row in term.rows]

    @property
    def gpa(self) -> Decimal | None:
        return cumulative_gpa(self.attempts)

    @property
    def credits_earned(self) -> int:
        return cumulative_credits_earned(self.attempts)

    @property
    def credits_attempted(self) -> int:
        return sum(term.credits for term in self.terms)

    @property
    def is_empty(self) -> bool:
        return not self.terms


def transcript_for(*, student) -> Transcript:
    """`student` is a StudentRecord with programme → department → faculty → university loaded."""
    registrations = (
        Registration.objects.filter(student=student)
        .select_related("discipline", "term__academic_year", "final_grade")
        .order_by("term__start_date", "semester", "discipline__code")
    )
    terms: dict[int, TranscriptTerm] = {}
    in_progress: list[Registration] = []
    rows: list[TranscriptRow] = []
    for registration in registrations:
        grade = getattr(registration, "final_grade", None)
        if grade is None:
            in_progress.append(registration)
            continue
        row = TranscriptRow(registration, grade)
        rows.append(row)
        terms.setdefault(registration.term_id, TranscriptTerm(registration.term)).rows.append(row)
    latest = set(latest_attempts(row.attempt for row in rows))  # an attempt's order names its registration
    for row in rows:
        row.retaken = row.attempt not in latest
    university_id = student.programme.department.faculty.university_id
    scale = list(GradeBand.objects.filter(university_id=university_id).order_by("-min_percent"))
    return Transcript(student=student, terms=list(terms.values()), in_progress=in_progress, scale=scale)


def _number(value: Decimal | None) -> str:
    """87.00 → "87", 87.50 → "87.5": as a person writes it."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _points(value: Decimal | None) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


def _traditional(value: int) -> str:
    label = TRADITIONAL.get(value)
    return f"{label} ({value})" if label else str(value)


def transcript_content(transcript: Transcript) -> dict:
    """The transcript as printed, in the active language, JSON-ready (numbers as text, as they appear)."""
    student = transcript.student
    programme = student.programme
    return {
        "language": (get_language() or "kk")[:2],
        "university": programme.department.faculty.university.name,
        "student": {
            "name": student.user.get_full_name(),
            "student_number": student.student_number,
            "programme": f"{programme.code} {programme.name}",
            "degree": str(programme.get_degree_display()),
            "enrolled_on": student.enrolled_on.isoformat() if student.enrolled_on else "",
        },
        "terms": [
            {
                "title": str(term.term),
                "rows": [
                    {
                        "code": row.discipline.code,
                        "name": row.discipline.name,
                        "credits": row.discipline.credits,
                        "percent": _number(row.grade.percent),
                        "letter": row.grade.letter,
                        "points": _points(row.grade.points),
                        "traditional": _traditional(row.grade.traditional),
                        "passing": row.grade.passing,
                        "in_gpa": row.discipline.counts_in_gpa,
                        "retaken": row.retaken,
                    }
                    for row in term.rows
                ],
                "credits": term.credits,
                "credits_earned": term.credits_earned,
                "gpa": _points(term.gpa),
            }
            for term in transcript.terms
        ],
        "totals": {
            "credits": transcript.credits_attempted,
            "credits_earned": transcript.credits_earned,
            "gpa": _points(transcript.gpa),
        },
        "scale": [
            {
                "letter": band.letter,
                "range": f"{_number(band.min_percent)}–{_number(band.max_percent)}",
                "points": _points(band.points),
                "traditional": _traditional(band.traditional),
            }
            for band in transcript.scale
        ],
    }

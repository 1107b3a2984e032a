from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record_create

from ..models import FinalGrade, GradeBand, Registration

HUNDRED = Decimal(100)


def final_percent(*, admission_rating: Decimal, exam: Decimal) -> Decimal:
    """docs/domain.md#admission-rating: final = 0.6·RD + 0.4·exam, rounded half up to a whole percent."""
    value = Decimal("0.6") * Decimal(admission_rating) + Decimal("0.4") * Decimal(exam)
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def band_for(*, university_id: int | None, percent: Decimal, bands: list[GradeBand] | None = None) -> GradeBand:
    """The band of the university's scale that holds `percent` (bands may be passed in to save a query)."""
    rows = bands if bands is not None else list(GradeBand.objects.filter(university_id=university_id))
    whole = Decimal(percent).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    for band in rows:
        if band.min_percent <= whole <= band.max_percent:
            return band
    raise ValidationError(_("No grade on the university's scale covers %(percent)s%%.") % {"percent": percent})


def final_grade_set(
    *,
    registration: Registration,
    percent: Decimal,
    actor,
    admission_rating: Decimal | None = None,
    exam: Decimal | None = None,
    graded_at=None,
    bands: list[GradeBand] | None = None,
) -> FinalGrade:
    """Record (or correct) the final grade of a registration, mapped on the scale, with an audit line when the
    percent or the letter changes (an admission rating that moves under the same final is not a new grade).

    `bands` (the university's scale) and `registration.final_grade`, when the caller loaded them (the journal's
    save does, under the registration's lock), are read instead of queried; nothing is written on a bad percent."""
    percent = Decimal(percent)
    if not (0 <= percent <= HUNDRED):
        raise ValidationError(_("A grade must be between 0 and 100."))
    university_id = None if bands is not None else registration.student.programme.department.faculty.university_id
    band = band_for(university_id=university_id, percent=percent, bands=bands)
    values = {
        "admission_rating": admission_rating,
        "exam": exam,
        "percent": percent,
        "letter": band.letter,
        "points": band.points,
        "traditional": band.traditional,
        "passing": band.passing,
        "graded_at": graded_at or timezone.now(),
        "graded_by": actor if getattr(actor, "pk", None) else None,
    }
    with transaction.atomic(savepoint=False):
        if Registration.final_grade.is_cached(registration):
            grade = getattr(registration, "final_grade", None)
        else:
            grade = FinalGrade.objects.select_for_update().filter(registration=registration).first()
        before = None if grade is None else {"percent": str(grade.percent), "letter": grade.letter}
        changed = grade is None or (grade.percent, grade.letter) != (percent, band.letter)
        if grade is None:
            grade = FinalGrade.objects.create(registration=registration, **values)
            registration.final_grade = grade
        else:
            for name, value in values.items():
                setattr(grade, name, value)
            grade.save(update_fields=list(values))
        if changed:
            audit_record_create(
                actor=actor,
                action=AuditAction.FINAL_GRADE_SET,
                target=grade,
                summary=f"{registration.discipline_id}: {percent} {band.letter}",
                before=before,
                after={"percent": str(percent), "letter": band.letter},
            )
    return grade


@transaction.atomic(savepoint=False)
def final_grade_withdraw(*, registration: Registration, actor) -> None:
    """Remove the final grade of a registration that no longer has one (the journal's marks no longer give a
    final: an exam cleared, an admission rating fallen below the minimum), with an audit line."""
    grade = getattr(registration, "final_grade", None)
    if grade is None:
        return
    audit_record_create(
        actor=actor,
        action=AuditAction.FINAL_GRADE_WITHDRAW,
        target=grade,
        summary=f"{registration.discipline_id}: {grade.percent} {grade.letter}",
        before={"percent": str(grade.percent), "letter": grade.letter},
        after=None,
    )
    grade.delete()
    registration.final_grade = None


# The default scale (docs/domain.md#grading-scale), used to seed a university's GradeBand rows.
DEFAULT_SCALE = (
    ("A", 95, 100, "4.00", 5, True, False),
    ("A-", 90, 94, "3.67", 5, True, False),
    ("B+", 85, 89, "3.33", 4, True, False),
    ("B", 80, 84, "3.00", 4, True, False),
    ("B-", 75, 79, "2.67", 4, True, False),
    ("C+", 70, 74, "2.33", 4, True, False),
    ("C", 65, 69, "2.00", 3, True, False),
    ("C-", 60, 64, "1.67", 3, True, False),
    ("D+", 55, 59, "1.33", 3, True, False),
    ("D", 50, 54, "1.00", 3, True, False),
    ("FX", 25, 49, "0.50", 2, False, True),
    ("F", 0, 24, "0.00", 2, False, False),
)


def grade_scale_install_default(*, university) -> int:
    """Create the default scale (docs/domain.md#grading-scale) for a university without one; returns how many bands."""
    created = 0
    for letter, low, high, points, traditional, passing, retake in DEFAULT_SCALE:
        _band, was_created = GradeBand.objects.get_or_create(
            university=university,
            letter=letter,
            defaults={
                "min_percent": low,
                "max_percent": high,
                "points": Decimal(points),
                "traditional": traditional,
                "passing": passing,
                "retake_allowed": retake,
            },
        )
        created += was_created
    return created

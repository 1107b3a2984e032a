"""Demo study histories for active students, on the curricula and terms the demo university already has.

`seed_study_history(today=...)` gives every active student without registrations the grading scale of their
university, registrations with final grades for all past semesters (deterministic per student: mostly passing, a
few FX/F, some failures retaken), registrations without grades in the current term (IN PROGRESS), and nothing for
the next term, so the student can register there. Bulk inserts: hundreds of students in seconds. The curricula
and terms come from the earlier steps of `seed_demo` (demo); this module creates neither.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from curriculum.models import (
    Curriculum,
    CurriculumItem,
    FinalGrade,
    GradeBand,
    IndividualPlan,
    IUPEvent,
    IUPSignature,
    Registration,
)
from curriculum.selectors.plan import semester_for_term, student_admission_year
from curriculum.services.grading import band_for, final_percent, grade_scale_install_default
from people.models import StudentRecord, User
from university.models import Term, University


def _draw_grade(rng: random.Random) -> tuple[Decimal | None, Decimal | None, Decimal]:
    """(admission rating, exam, final %): mostly passing; about 4% F and 6% FX (a failed exam is the final)."""
    roll = rng.random()
    rating = Decimal(rng.randint(50, 95))
    if roll < 0.04:
        exam = Decimal(rng.randint(5, 24))
        return rating, exam, exam
    if roll < 0.10:
        exam = Decimal(rng.randint(25, 49))
        return rating, exam, exam
    rating = Decimal(round(rng.triangular(55, 100, 85)))
    exam = Decimal(round(rng.triangular(50, 100, 80)))
    return rating, exam, final_percent(admission_rating=rating, exam=exam)


def _graded_at(term: Term) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(term.end_date, datetime.time(12, 0)))


@transaction.atomic
def seed_study_history(*, today: datetime.date) -> dict:
    """Histories for active students who have no registrations yet (see the module docstring).

    Only existing curricula and terms are used: a student whose programme has no curriculum for their admission
    year (nor an earlier one), or whose university has no term started by `today`, is skipped (counted in
    "students", given nothing).
    """
    bands: dict[int, list[GradeBand]] = {}
    for university in University.objects.all():
        grade_scale_install_default(university=university)
        bands[university.pk] = list(GradeBand.objects.filter(university=university))

    students = list(
        StudentRecord.objects.filter(status=StudentRecord.Status.ACTIVE)
        .filter(~Exists(Registration.objects.filter(student=OuterRef("pk"))))
        .select_related("group", "programme__department__faculty")
        .order_by("pk")
    )
    if not students:
        return {"students": 0, "registrations": 0, "grades": 0}

    curricula: dict[tuple[int, int], list[CurriculumItem]] = {}
    for curriculum in Curriculum.objects.all():
        curricula[(curriculum.programme_id, curriculum.admission_year)] = []
    items = CurriculumItem.objects.select_related("curriculum", "discipline", "elective_group").prefetch_related(
        "discipline__prerequisites"
    )
    for item in items:
        curricula[(item.curriculum.programme_id, item.curriculum.admission_year)].append(item)

    terms_by_university: dict[int, list[Term]] = {}
    current_by_university: dict[int, Term | None] = {}
    university_ids = {s.programme.department.faculty.university_id for s in students}
    for university in University.objects.filter(pk__in=university_ids):
        terms = list(
            Term.objects.filter(academic_year__university=university)
            .exclude(kind=Term.Kind.SUMMER)
            .select_related("academic_year")
            .order_by("start_date")
        )
        terms_by_university[university.pk] = terms
        current_by_university[university.pk] = Term.objects.filter(academic_year__university=university).current(
            on=today
        )

    registrations: list[Registration] = []
    grades: list[tuple[int, tuple]] = []  # (index in registrations, grade values)
    for student in students:
        university_id = student.programme.department.faculty.university_id
        year = student_admission_year(student, today=today)
        plan = _curriculum_items(curricula, student.programme_id, year)
        current = current_by_university[university_id]
        if not plan or current is None:
            continue
        rng = random.Random(f"history:{student.student_number}")
        passed: set[int] = set()
        retakes: list[CurriculumItem] = []
        for term in terms_by_university[university_id]:
            if term.start_date > current.start_date:
                break
            number = semester_for_term(admission_year=year, term=term)
            if number < 1 or number > student.programme.semesters:
                continue
            chosen = _choose_for_semester(plan, number, rng)
            todo, retakes = retakes + chosen, []
            for item in todo:
                if any(p.pk not in passed for p in item.discipline.prerequisites.all()):
                    continue
                registrations.append(
                    Registration(student=student, discipline=item.discipline, term=term, semester=item.semester)
                )
                if term.pk == current.pk:
                    continue
                rating, exam, percent = _draw_grade(rng)
                band = band_for(university_id=university_id, percent=percent, bands=bands[university_id])
                grades.append((len(registrations) - 1, (rating, exam, percent, band, _graded_at(term))))
                if band.passing:
                    passed.add(item.discipline_id)
                elif rng.random() < 0.5:
                    retakes.append(item)  # taken again next semester; the others stay FAILED

    Registration.objects.bulk_create(registrations, batch_size=1000)
    FinalGrade.objects.bulk_create(
        [
            FinalGrade(
                registration=registrations[index],
                admission_rating=rating,
                exam=exam,
                percent=percent,
                letter=band.letter,
                points=band.points,
                traditional=band.traditional,
                passing=band.passing,
                graded_at=graded_at,
            )
            for index, (rating, exam, percent, band, graded_at) in grades
        ],
        batch_size=1000,
    )
    return {"students": len(students), "registrations": len(registrations), "grades": len(grades)}


def _curriculum_items(curricula, programme_id: int, year: int) -> list[CurriculumItem]:
    """The curriculum of the admission year, else the latest earlier one (as `student_curriculum` chooses)."""
    years = sorted((y for (p, y) in curricula if p == programme_id and y <= year), reverse=True)
    return curricula[(programme_id, years[0])] if years else []


def _choose_for_semester(plan: list[CurriculumItem], number: int, rng: random.Random) -> list[CurriculumItem]:
    """The semester's compulsory entries and, in each elective group, k disciplines picked at random."""
    chosen, groups = [], defaultdict(list)
    for item in plan:
        if item.semester != number:
            continue
        if item.elective_group_id:
            groups[item.elective_group_id].append(item)
        else:
            chosen.append(item)
    for members in groups.values():
        chosen += rng.sample(members, min(members[0].elective_group.choose, len(members)))
    return chosen


@transaction.atomic
def seed_iup_queues(*, today: datetime.date) -> dict:
    """Current-term IUPs at every step of the chain, so the advisors' and the registrar's queues have work.

    For each student with registrations in the current term (student@demo.kz excepted: they sign their own in the
    demo) and no plan yet: about half signed by the student (awaiting the advisor), a quarter signed by the advisor
    too (awaiting the registrar), the rest approved. Signatures are dated in the term's first weeks. Idempotent.
    """
    term = Term.objects.current(on=today)
    if term is None:
        return {"plans": 0}
    students = list(
        StudentRecord.objects.filter(registrations__term=term, advisor__isnull=False)
        .exclude(user__email="student@demo.kz")
        .exclude(plans__term=term)
        .select_related("user", "advisor")
        .distinct()
        .order_by("pk")
    )
    registrar = User.objects.filter(is_registrar=True, is_active=True).order_by("pk").first()
    Status, Step = IndividualPlan.Status, IUPSignature.Step
    plans, signatures, events = [], [], []
    for n, student in enumerate(students):
        status = (Status.STUDENT_SIGNED, Status.ADVISOR_SIGNED, Status.STUDENT_SIGNED, Status.APPROVED)[n % 4]
        if status == Status.APPROVED and registrar is None:
            status = Status.ADVISOR_SIGNED
        plans.append(IndividualPlan(student=student, term=term, status=status))
    IndividualPlan.objects.bulk_create(plans)
    for plan in IndividualPlan.objects.filter(term=term, student__in=students).select_related("student"):
        start = timezone.make_aware(datetime.datetime.combine(term.start_date, datetime.time(10)))
        steps = [(Step.STUDENT, plan.student.user_id)]
        if plan.status in (Status.ADVISOR_SIGNED, Status.APPROVED):
            steps.append((Step.ADVISOR, plan.student.advisor_id))
        if plan.status == Status.APPROVED:
            steps.append((Step.REGISTRAR, registrar.pk))
        for day, (step, signer_id) in enumerate(steps):
            at = start + datetime.timedelta(days=2 * day + plan.pk % 3)
            signatures.append(IUPSignature(plan=plan, step=step, round=1, signer_id=signer_id, signed_at=at))
            events.append(IUPEvent(plan=plan, action=IUPEvent.Action.SIGNED, step=step, round=1, actor_id=signer_id))
    IUPSignature.objects.bulk_create(signatures)
    IUPEvent.objects.bulk_create(events)
    return {"plans": len(plans)}

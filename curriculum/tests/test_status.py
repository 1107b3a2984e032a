"""Statuses, from registrations and grades (docs/domain.md#grading-scale): NOT TAKEN, IN PROGRESS, PASSED, FAILED."""

import pytest

from curriculum.selectors.status import DisciplineStatus, discipline_statuses

from .factories import DisciplineFactory, RegistrationFactory, academic_terms, grade, install_grade_scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(db):
    install_grade_scale()
    return academic_terms(first_year=2023, years=2)


def test_each_status_from_the_records(student, terms):
    record = student.student_record
    not_taken, in_progress, passed, failed = DisciplineFactory.create_batch(4)
    RegistrationFactory(student=record, discipline=in_progress, term=terms[1])
    grade(RegistrationFactory(student=record, discipline=passed, term=terms[0]), 50)
    grade(RegistrationFactory(student=record, discipline=failed, term=terms[0]), 49)

    statuses = discipline_statuses(student=record)

    assert statuses.of(not_taken.pk).status == DisciplineStatus.NOT_TAKEN
    assert statuses.of(in_progress.pk).status == DisciplineStatus.IN_PROGRESS
    assert statuses.of(passed.pk).status == DisciplineStatus.PASSED
    assert statuses.of(failed.pk).status == DisciplineStatus.FAILED
    assert statuses.of(failed.pk).grade.letter == "FX"
    assert [s.registrable for s in map(statuses.of, (not_taken.pk, in_progress.pk, passed.pk, failed.pk))] == [
        True,
        False,
        False,
        True,
    ]


def test_the_latest_registration_decides(student, terms):
    record = student.student_record
    retaken, passed_on_retake, passed_then_registered = DisciplineFactory.create_batch(3)
    grade(RegistrationFactory(student=record, discipline=retaken, term=terms[0]), 10)
    RegistrationFactory(student=record, discipline=retaken, term=terms[2])
    grade(RegistrationFactory(student=record, discipline=passed_on_retake, term=terms[0]), 30)
    grade(RegistrationFactory(student=record, discipline=passed_on_retake, term=terms[1]), 77)
    grade(RegistrationFactory(student=record, discipline=passed_then_registered, term=terms[2]), 20)
    grade(RegistrationFactory(student=record, discipline=passed_then_registered, term=terms[0]), 90)

    statuses = discipline_statuses(student=record)

    assert statuses.of(retaken.pk).status == DisciplineStatus.IN_PROGRESS
    assert statuses.of(passed_on_retake.pk).status == DisciplineStatus.PASSED
    # the later term wins even when it was entered first
    assert statuses.of(passed_then_registered.pk).status == DisciplineStatus.FAILED


def test_all_statuses_in_one_query_whatever_the_history(student, terms, django_assert_num_queries):
    record = student.student_record
    for term in terms:
        for discipline in DisciplineFactory.create_batch(6):
            grade(RegistrationFactory(student=record, discipline=discipline, term=term), 80)

    with django_assert_num_queries(1):
        statuses = discipline_statuses(student=record)
        assert sum(1 for info in statuses.values() if info.status == DisciplineStatus.PASSED) == 24
        assert all(info.registration.term.start_date for info in statuses.values())


def test_demo_histories_have_every_status_leave_the_next_term_open_and_are_idempotent(db):
    import datetime
    import time

    from django.utils import timezone

    from curriculum.models import FinalGrade, Registration
    from curriculum.selectors.plan import semester_for_term, student_admission_year
    from demo.curriculum import seed_curricula
    from demo.people import seed_people
    from demo.seed import DemoContext, academic_year_start, run_steps
    from demo.study import seed_study_history
    from demo.university import seed_university
    from people.models import StudentRecord
    from people.tests.factories import StudentRecordFactory
    from university.models import Term

    # a day of the autumn term of this academic year, whatever the date: in summer no term is in progress
    today = datetime.date(academic_year_start(timezone.localdate()), 11, 25)
    # the demo university up to its students, as seed_demo builds it before the histories
    ctx = DemoContext(today=today, student_count=320)
    run_steps(ctx, [seed_university, seed_curricula, seed_people])
    students = list(StudentRecord.objects.select_related("group").order_by("pk"))
    assert len(students) == 320

    started = time.monotonic()
    result = seed_study_history(today=today)
    elapsed = time.monotonic() - started

    assert elapsed < 30, elapsed
    assert result["students"] == 320 and result["registrations"] > 320 * 5
    current = Term.objects.current(on=today)
    seniors = [s for s in students if s.year_of_study == 4]
    assert {info.status for info in discipline_statuses(student=seniors[0]).values()} >= {
        DisciplineStatus.PASSED,
        DisciplineStatus.IN_PROGRESS,
    }
    everyone = {info.status for s in seniors[:40] for info in discipline_statuses(student=s).values()}
    assert everyone == {DisciplineStatus.PASSED, DisciplineStatus.FAILED, DisciplineStatus.IN_PROGRESS}
    assert FinalGrade.objects.filter(passing=False).exists()
    assert not FinalGrade.objects.filter(registration__term=current).exists()
    assert not Registration.objects.filter(term__start_date__gt=current.start_date).exists()
    first_year = next(s for s in students if s.year_of_study == 1)
    admitted = student_admission_year(first_year, today=today)
    numbers = {
        semester_for_term(admission_year=admitted, term=r.term) for r in Registration.objects.filter(student=first_year)
    }
    assert numbers == {semester_for_term(admission_year=admitted, term=current)}

    assert seed_study_history(today=today)["students"] == 0
    assert Registration.objects.count() == result["registrations"]

    # no curriculum is made up: a student of a programme without one is skipped
    outsider = StudentRecordFactory()
    assert seed_study_history(today=today) == {"students": 1, "registrations": 0, "grades": 0}
    assert not Registration.objects.filter(student=outsider).exists()

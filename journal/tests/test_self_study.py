"""Graded assignments count in the journal as self-study (docs/modules.md#journal): points after the late penalty,
scaled to 0–100, in the half of the term (R1 or R2) of the assignment's deadline."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from assignments.services import submission_grade, submission_save
from assignments.tests.factories import AssignmentFactory
from journal.selectors.grid import results_for, scale
from journal.selectors.student import student_journal

from .factories import journal_world

pytestmark = pytest.mark.django_db


def graded(world, student, *, points, max_points=50, deadline=None):
    deadline = deadline or timezone.make_aware(dt.datetime.combine(world.term.start_date, dt.time(18)))
    assignment = AssignmentFactory(stream=world.lecture, max_points=max_points, deadline=deadline)
    work = submission_save(
        student=student, assignment=assignment, text="x", send=True, now=deadline - dt.timedelta(hours=1)
    )
    return submission_grade(teacher=world.lecture.teacher, submission=work, points=points)


def test_a_graded_assignment_is_a_self_study_grade_of_the_first_half():
    world = journal_world(students=2)
    first, second = world.students
    graded(world, first, points=40)  # 40 of 50: 80
    lines, _rules = student_journal(student=first, term=world.term, university_id=world.university.pk)
    [line] = [line for line in lines if line.registration.discipline_id == world.discipline.pk]
    assert line.result.current1 == D("80.00")
    results = results_for(
        student_ids=[first.pk, second.pk],
        discipline_id=world.discipline.pk,
        term=world.term,
        rules=world.rules,
        bands=scale(world.university.pk),
    )
    assert results[first.pk][1].current1 == D("80.00")
    assert results[second.pk][1].current1 != D("80.00")  # the other student's work is not theirs


def test_work_still_waiting_for_its_grade_counts_nothing():
    world = journal_world(students=1)
    [student] = world.students
    deadline = timezone.make_aware(dt.datetime.combine(world.term.start_date, dt.time(18)))
    assignment = AssignmentFactory(stream=world.lecture, max_points=50, deadline=deadline)
    submission_save(student=student, assignment=assignment, text="x", send=True, now=deadline - dt.timedelta(hours=1))
    lines, _rules = student_journal(student=student, term=world.term, university_id=world.university.pk)
    [line] = [line for line in lines if line.registration.discipline_id == world.discipline.pk]
    before = line.result.current1
    graded(world, student, points=50)
    lines, _rules = student_journal(student=student, term=world.term, university_id=world.university.pk)
    [line] = [line for line in lines if line.registration.discipline_id == world.discipline.pk]
    assert line.result.current1 == D("100.00") != before

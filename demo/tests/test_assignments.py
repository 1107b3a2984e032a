"""The demo's assignments: every status the student can see, real files, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from assignments.models import Assignment, AssignmentFile, Submission, SubmissionFile
from assignments.selectors import Progress, student_tasks
from core.files import sniff
from demo.assignments import seed_assignments
from people.models import StudentRecord

pytestmark = pytest.mark.django_db


def test_the_demo_student_has_a_task_in_every_status_and_a_rerun_adds_nothing():
    call_command("seed_demo", students=40, quiet=True, stdout=io.StringIO())
    student = StudentRecord.objects.get(user__email="student@demo.kz")
    tasks = student_tasks(student=student, now=timezone.now())
    assert {row.progress for row in tasks.rows} == set(Progress.values)
    assert all(row.assignment.stream.teacher.email == "teacher@demo.kz" for row in tasks.rows)
    late = Submission.objects.get(student=student, days_late__gt=0)
    assert (late.status, late.penalty, late.final_points) == ("graded", 20, 70)
    for row in [*AssignmentFile.objects.all(), *SubmissionFile.objects.all()]:
        with row.file.open("rb") as handle:
            data = handle.read()
        assert sniff(io.BytesIO(data)) == row.content_type  # what the upload check would say
    before = (Assignment.objects.count(), Submission.objects.count(), SubmissionFile.objects.count())
    assert seed_assignments(today=timezone.localdate()) == {"assignments": 0}
    assert (Assignment.objects.count(), Submission.objects.count(), SubmissionFile.objects.count()) == before

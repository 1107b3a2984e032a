import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments.models import LatePolicy, Submission
from assignments.services import submission_grade, submission_save, thread_message_post
from demo.assignments import tiny_pdf
from people.tests.factories import TeacherFactory
from schedule.tests.factories import StreamFactory

from .factories import AssignmentFactory, stream_student

pytestmark = pytest.mark.django_db
BUDGET = 12  # the shell (session, user, menu, bell, envelope) and the page's own reads


def signed_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def setting():
    """A stream with its teacher, one student, and tasks of every kind for them."""
    stream = StreamFactory()
    student = stream_student(stream)
    return stream, student


def grow(stream, student, n=4):
    """Tasks in every status, files, messages and classmates' work."""
    for i in range(n):
        a = AssignmentFactory(stream=stream, allow_file=True, late_policy=LatePolicy.PENALTY, penalty_per_day=5)
        a.files.create(token=f"t{i}", name=f"m{i}.pdf", content_type="application/pdf", size=10, file=f"x/{i}")
        mate = stream_student(stream)
        submission_save(student=mate, assignment=a, text="mate", send=True)
        work = submission_save(student=student, assignment=a, text="mine", send=True)
        submission_grade(teacher=stream.teacher, submission=work, points=50 + i)
        thread_message_post(author=student.user, assignment=a, student=student, text="q")
        AssignmentFactory(stream=stream, deadline=timezone.now() - dt.timedelta(days=1))
        submission_save(student=student, assignment=AssignmentFactory(stream=stream), text="d", send=False)


def pages(stream, student, assignment):
    student_pages = [
        reverse("assignments:index"),
        reverse("assignments:index") + "?view=board&hide=graded",
        reverse("assignments:detail", args=[assignment.pk]),
    ]
    teacher_pages = [
        reverse("assignments:index"),
        reverse("assignments:create"),
        reverse("assignments:queue", args=[assignment.pk]),
        reverse("assignments:work", args=[assignment.pk, student.pk]),
    ]
    return student_pages, teacher_pages


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


STUDENT_PAGES, TEACHER_PAGES = 3, 4


@pytest.mark.parametrize(
    "who,index", [("student", i) for i in range(STUDENT_PAGES)] + [("teacher", i) for i in range(TEACHER_PAGES)]
)
def test_page_queries_do_not_grow(client, setting, django_assert_max_num_queries, who, index):
    """Each page of the module in the same number of queries with one task and with many (and a budget)."""
    stream, student = setting
    assignment = AssignmentFactory(stream=stream, allow_file=True)
    submission_save(student=student, assignment=assignment, text="x", send=True)
    thread_message_post(author=student.user, assignment=assignment, student=student, text="q")
    signed_in(client, student.user if who == "student" else stream.teacher)
    url = pages(stream, student, assignment)[0 if who == "student" else 1][index]
    small = queries(client, url)
    grow(stream, student)
    for _ in range(3):
        stream_student(stream)
    with django_assert_max_num_queries(BUDGET):
        assert queries(client, url) == small


def test_student_list_board_and_filters(client, setting):
    stream, student = setting
    graded = AssignmentFactory(stream=stream, title="Graded one")
    work = submission_save(student=student, assignment=graded, text="x", send=True)
    submission_grade(teacher=stream.teacher, submission=work, points=77)
    AssignmentFactory(stream=stream, title="Fresh one")
    AssignmentFactory(title="Someone else's")  # another stream
    signed_in(client, student.user)
    page = client.get(reverse("assignments:index")).content.decode()
    assert "Graded one" in page and "Fresh one" in page and "Someone else" not in page
    assert "77 / 100" in page
    only = client.get(reverse("assignments:index") + "?status=graded").content.decode()
    assert "Graded one" in only and "Fresh one" not in only
    board = client.get(reverse("assignments:index") + "?view=board").content.decode()
    assert board.count('data-testid="column"') == 6 and "Graded one" in board
    hidden = client.get(reverse("assignments:index") + "?view=board&hide=graded").content.decode()
    assert "Graded one" not in hidden and "Fresh one" in hidden
    # the graded column's label now shows it again: its link drops hide=graded
    assert 'href="?view=board"' in hidden
    # with htmx only the panel comes back, and the answers vary on it
    partial = client.get(reverse("assignments:index") + "?view=board&hide=graded", headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="tasks-panel">') and "<html" not in text and "Graded one" not in text
    assert "HX-Request" in partial["Vary"]


def test_submit_text_and_file_then_teacher_grades(client, setting):
    stream, student = setting
    assignment = AssignmentFactory(stream=stream, allow_file=True)
    signed_in(client, student.user)
    upload = SimpleUploadedFile("answer.pdf", tiny_pdf("answer"), "application/pdf")
    response = client.post(
        reverse("assignments:answer_save", args=[assignment.pk]),
        {"text": "My essay", "files": [upload], "action": "send"},
    )
    assert response.status_code == 302
    work = Submission.objects.get()
    assert (work.status, work.text, work.files.get().name) == ("submitted", "My essay", "answer.pdf")
    file_url = reverse("assignments:answer_file", args=[work.files.get().pk])
    download = client.get(file_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    teacher = signed_in(type(client)(), stream.teacher)
    assert teacher.get(file_url).status_code == 200
    response = teacher.post(reverse("assignments:grade", args=[assignment.pk, student.pk]), {"points": "101"})
    assert response.status_code == 400 and b"Points are from 0 to 100." in response.content
    response = teacher.post(
        reverse("assignments:grade", args=[assignment.pk, student.pk]), {"points": "90", "feedback": "Fine"}
    )
    assert response.status_code == 302
    assert Submission.objects.get().final_points == 90
    assert "90 of 100 points" in client.get(reverse("assignments:detail", args=[assignment.pk])).content.decode()


def test_a_rejected_submission_keeps_its_text(client, setting):
    stream, student = setting
    assignment = AssignmentFactory(stream=stream, deadline=timezone.now() - dt.timedelta(hours=2))
    signed_in(client, student.user)
    response = client.post(
        reverse("assignments:answer_save", args=[assignment.pk]), {"text": "Late but long answer", "action": "send"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "takes no late work" in page and "Late but long answer" in page
    assert not Submission.objects.exists()


def test_a_disguised_file_is_refused_with_the_text_kept(client, setting):
    stream, student = setting
    assignment = AssignmentFactory(stream=stream, allow_file=True)
    signed_in(client, student.user)
    fake = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post(
        reverse("assignments:answer_save", args=[assignment.pk]), {"text": "Keep me", "files": [fake], "action": "send"}
    )
    assert response.status_code == 400
    assert "is not a file we accept" in response.content.decode() and "Keep me" in response.content.decode()
    assert not Submission.objects.exists()


def test_forged_ids_answer_404(client, setting):
    stream, student = setting
    other_stream = StreamFactory()
    other_student = stream_student(other_stream)
    theirs = AssignmentFactory(stream=other_stream, allow_file=True)
    work = submission_save(
        student=other_student,
        assignment=theirs,
        text="secret",
        files=[SimpleUploadedFile("a.pdf", tiny_pdf("x"), "application/pdf")],
        send=True,
    )
    mine = AssignmentFactory(stream=stream)
    signed_in(client, student.user)
    assert client.get(reverse("assignments:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("assignments:answer_save", args=[theirs.pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("assignments:message", args=[theirs.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("assignments:answer_file", args=[work.files.get().pk])).status_code == 404
    assert client.get(reverse("assignments:work", args=[theirs.pk, other_student.pk])).status_code == 404
    # a teacher of another stream: neither the queue, the work, the grade nor the file
    teacher = signed_in(type(client)(), TeacherFactory())
    assert teacher.get(reverse("assignments:queue", args=[theirs.pk])).status_code == 404
    assert (
        teacher.post(reverse("assignments:grade", args=[theirs.pk, other_student.pk]), {"points": 1}).status_code == 404
    )
    assert teacher.get(reverse("assignments:answer_file", args=[work.files.get().pk])).status_code == 404
    # the right teacher, a student who is not in the assignment's stream
    own = signed_in(type(client)(), stream.teacher)
    assert own.get(reverse("assignments:work", args=[mine.pk, other_student.pk])).status_code == 404
    assert Submission.objects.get().text == "secret" and Submission.objects.get().status == "submitted"


def test_teacher_sets_an_assignment_with_a_file(client, setting):
    stream, student = setting
    signed_in(client, stream.teacher)
    form = client.get(reverse("assignments:create")).content.decode()
    assert f'value="{stream.pk}"' in form
    data = {
        "stream": stream.pk,
        "title": "Lab 3",
        "description": "Measure it",
        "deadline": (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "allow_text": "on",
        "allow_file": "on",
        "max_points": 40,
        "late_policy": "penalty",
        "penalty_per_day": 10,
        "penalty_floor": 50,
        "files": [SimpleUploadedFile("task.txt", "Задание: измерить".encode(), "text/plain")],
    }
    response = client.post(reverse("assignments:create"), data)
    assert response.status_code == 302
    assignment = stream.assignments.get()
    assert (assignment.max_points, assignment.penalty_per_day, assignment.files.get().content_type) == (
        40,
        10,
        "text/plain",
    )
    data["allow_text"] = data["allow_file"] = ""
    data["title"] = "No formats"
    data["files"] = []
    refused = client.post(reverse("assignments:create"), data)
    assert refused.status_code == 400 and "at least one answer format" in refused.content.decode()
    assert "No formats" in refused.content.decode()
    # a student of the stream reads the material file; someone else does not
    student_client = signed_in(type(client)(), student.user)
    file_url = reverse("assignments:material_file", args=[assignment.files.get().pk])
    assert student_client.get(file_url).status_code == 200
    assert signed_in(type(client)(), stream_student(StreamFactory()).user).get(file_url).status_code == 404


def test_return_for_rework_and_thread(client, setting):
    stream, student = setting
    assignment = AssignmentFactory(stream=stream)
    submission_save(student=student, assignment=assignment, text="v1", send=True)
    signed_in(client, stream.teacher)
    assert (
        client.post(reverse("assignments:return", args=[assignment.pk, student.pk]), {"feedback": ""}).status_code
        == 400
    )
    response = client.post(reverse("assignments:return", args=[assignment.pk, student.pk]), {"feedback": "More please"})
    assert response.status_code == 302 and Submission.objects.get().status == "returned"
    client.post(reverse("assignments:work_message", args=[assignment.pk, student.pk]), {"text": "See page 3"})
    page = (
        signed_in(type(client)(), student.user)
        .get(reverse("assignments:detail", args=[assignment.pk]))
        .content.decode()
    )
    assert "More please" in page and "See page 3" in page and "v1" in page

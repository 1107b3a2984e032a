from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.models import Enrolment, Favourite, LessonProgress
from courses.services.enrolment import enrolment_create
from finance.selectors import finance_summary
from people.tests.factories import RegistrarFactory, StudentFactory, TeacherFactory

from .factories import (
    CourseFactory,
    LessonFactory,
    MaterialFactory,
    TopicFactory,
    course_quiz,
    course_with_lessons,
    finished_attempt,
    fund,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client, student):
    client.force_login(student)
    client.cookies["django_language"] = "en"
    return student.student_record


def test_catalogue_searches_sorts_and_filters(client, learner):
    CourseFactory(title="Zoology", price=D("100"))
    free = CourseFactory(title="Astronomy")
    CourseFactory(title="Hidden", is_published=False)
    response = client.get(reverse("courses:catalogue"), {"sort": "name"})
    names = [c.title for c in response.context["courses"]]
    assert names == ["Astronomy", "Zoology"]
    response = client.get(reverse("courses:catalogue"), {"price": "free"})
    assert [c.pk for c in response.context["courses"]] == [free.pk]
    response = client.get(reverse("courses:catalogue"), {"q": "zoo"})
    assert [c.title for c in response.context["courses"]] == ["Zoology"]
    Favourite.objects.create(student=learner, course=free)
    response = client.get(reverse("courses:catalogue"), {"favourites": "1"})
    assert [c.pk for c in response.context["courses"]] == [free.pk]


def test_popularity_counts_learners(client, learner):
    quiet, popular = CourseFactory(title="A quiet one"), CourseFactory(title="B popular")
    for _i in range(2):
        enrolment_create(course=popular, student=StudentFactory().student_record, actor=None)
    response = client.get(reverse("courses:catalogue"))
    rows = list(response.context["courses"])
    assert [c.pk for c in rows] == [popular.pk, quiet.pk]
    assert rows[0].popularity == 2


def test_recommendations_follow_programme_and_interests(client, learner):
    topic = TopicFactory()
    for_programme = CourseFactory(title="For my programme")
    for_programme.programmes.add(learner.programme)
    flagged = CourseFactory(title="Flagged")
    flagged.topics.add(topic)
    Favourite.objects.create(student=learner, course=flagged)
    same_topic = CourseFactory(title="Same topic")
    same_topic.topics.add(topic)
    CourseFactory(title="Unrelated")
    enrolled = CourseFactory(title="Enrolled")
    enrolled.programmes.add(learner.programme)
    enrolment_create(course=enrolled, student=learner, actor=learner.user)
    response = client.get(reverse("courses:catalogue"))
    titles = {c.title for c in response.context["recommended"]}
    assert titles == {"For my programme", "Flagged", "Same topic"}


def test_enrolling_in_a_paid_course_pays_once_and_opens_the_course(client, learner):
    course = CourseFactory(price=D("5000"))
    fund(learner, "12000")
    response = client.post(reverse("courses:enrol", args=[course.pk]), {"notify": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:learn", args=[course.pk])
    client.post(reverse("courses:enrol", args=[course.pk]), {"notify": "on"})  # a double POST
    assert finance_summary(learner).balance == D("7000.00")
    assert Enrolment.objects.get().notify is True


def test_a_short_balance_keeps_the_page_with_the_top_up_message(client, learner):
    course = CourseFactory(price=D("5000"))
    response = client.post(reverse("courses:enrol", args=[course.pk]), {})
    assert response.status_code == 400
    assert "top up 5" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_notify_checkbox_is_kept(client, learner):
    course = CourseFactory()
    client.post(reverse("courses:enrol", args=[course.pk]), {})
    assert Enrolment.objects.get().notify is False


def test_favourite_toggle_with_and_without_htmx(client, learner):
    course = CourseFactory()
    url = reverse("courses:favourite", args=[course.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert Favourite.objects.filter(course=course).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Favourite.objects.exists()


def test_learning_pages_are_404_for_someone_not_enrolled(client, learner):
    course, lessons = course_with_lessons(lessons=1)
    material = MaterialFactory(lesson=lessons[0])
    test = course_quiz(course)
    other = StudentFactory().student_record
    enrolment_create(course=course, student=other, actor=other.user)
    for url in (
        reverse("courses:learn", args=[course.pk]),
        reverse("courses:lesson", args=[lessons[0].pk]),
        reverse("courses:material", args=[material.pk]),
        reverse("courses:certificate", args=[course.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("courses:lesson_done", args=[lessons[0].pk])).status_code == 404
    assert client.post(reverse("courses:test_start", args=[test.pk])).status_code == 404
    assert not LessonProgress.objects.exists()


def test_a_pending_enrolment_does_not_open_the_course(client, learner):
    course, lessons = course_with_lessons(lessons=1, needs_moderation=True)
    enrolment_create(course=course, student=learner, actor=learner.user)
    assert client.get(reverse("courses:lesson", args=[lessons[0].pk])).status_code == 404


def test_materials_are_served_to_learners_and_the_author(client, learner):
    course, lessons = course_with_lessons(lessons=1)
    material = MaterialFactory(lesson=lessons[0])
    enrolment_create(course=course, student=learner, actor=learner.user)
    response = client.get(reverse("courses:material", args=[material.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(course.author)
    assert client.get(reverse("courses:material", args=[material.pk])).status_code == 200


def test_mark_as_done_moves_the_progress(client, learner):
    course, lessons = course_with_lessons(lessons=2)
    enrolment_create(course=course, student=learner, actor=learner.user)
    response = client.post(reverse("courses:lesson_done", args=[lessons[0].pk]))
    assert response.status_code == 302
    page = client.get(reverse("courses:lesson", args=[lessons[0].pk]))
    assert page.context["progress"].percent == 50
    assert 'aria-valuenow="50"' in page.content.decode()


def test_completing_gives_the_certificate_pdf_and_the_verify_page(client, learner):
    course, lessons = course_with_lessons(lessons=1)
    test = course_quiz(course)
    enrolment = enrolment_create(course=course, student=learner, actor=learner.user)
    client.post(reverse("courses:lesson_done", args=[lessons[0].pk]))
    assert client.get(reverse("courses:certificate", args=[course.pk])).status_code == 404  # the test is not passed
    finished_attempt(test, learner, percent=100)
    page = client.get(reverse("courses:learn", args=[course.pk]))  # completion is checked on opening the course
    assert page.context["progress"].percent == 100
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    pdf = client.get(reverse("courses:certificate", args=[course.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    code = enrolment.certificate.code
    client.logout()
    verify = client.get(reverse("courses:verify", args=[code]))
    assert verify.status_code == 200
    assert learner.user.get_full_name() in verify.content.decode()
    assert client.get(reverse("courses:verify", args=["NOPE"])).status_code == 404


def test_video_answers_byte_ranges(client, learner):
    course, lessons = course_with_lessons(lessons=1)
    lesson = lessons[0]
    data = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4
    lesson.video_file.save("v.mp4", ContentFile(data))
    lesson.video_type = "video/mp4"
    lesson.save()
    enrolment_create(course=course, student=learner, actor=learner.user)
    url = reverse("courses:lesson_video", args=[lesson.pk])
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == data
    part = client.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert b"".join(part.streaming_content) == data[10:20]
    tail = client.get(url, headers={"Range": "bytes=-5"})
    assert b"".join(tail.streaming_content) == data[-5:]
    assert client.get(url, headers={"Range": f"bytes={len(data)}-"}).status_code == 416
    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404


def test_moderation_queue_for_the_author_and_the_office(client, learner):
    course = CourseFactory(needs_moderation=True)
    enrolment = enrolment_create(course=course, student=learner, actor=learner.user)
    client.force_login(TeacherFactory())
    assert client.get(reverse("courses:moderation")).status_code == 404
    assert client.post(reverse("courses:decide", args=[enrolment.pk]), {"action": "approve"}).status_code == 404
    client.force_login(course.author)
    page = client.get(reverse("courses:moderation"))
    assert [row for row, _form in page.context["rows"]] == [enrolment]
    response = client.post(reverse("courses:decide", args=[enrolment.pk]), {"action": "reject"})
    assert response.status_code == 400  # no reason: the queue again, nothing changed
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING
    client.force_login(RegistrarFactory(is_staff=True))
    client.post(reverse("courses:decide", args=[enrolment.pk]), {"action": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def _many_courses(learner, n):
    for i in range(n):
        course, lessons = course_with_lessons(lessons=2, title=f"Course {i:03d}")
        course.topics.add(TopicFactory())
        course.programmes.add(learner.programme)
        course_quiz(course)
        if i % 2:
            enrolment_create(course=course, student=learner, actor=learner.user)
            LessonProgress.objects.create(
                enrolment=Enrolment.objects.get(course=course, student=learner),
                lesson=lessons[0],
                completed_at="2026-01-01T00:00Z",
            )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("name", ["courses:catalogue", "courses:mine"])
def test_list_pages_query_budget(client, learner, name):
    _many_courses(learner, 2)
    before = _queries(client, reverse(name))
    _many_courses(learner, 10)
    assert _queries(client, reverse(name)) == before <= 20


def test_learn_and_lesson_pages_query_budget(client, learner):
    course, lessons = course_with_lessons(lessons=2)
    enrolment_create(course=course, student=learner, actor=learner.user)
    course_quiz(course)
    urls = [
        reverse("courses:learn", args=[course.pk]),
        reverse("courses:lesson", args=[lessons[0].pk]),
        reverse("courses:detail", args=[course.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    for _i in range(10):
        lesson = LessonFactory(section=lessons[0].section)
        MaterialFactory(lesson=lessons[0])
        course_quiz(course)
        LessonProgress.objects.create(
            enrolment=Enrolment.objects.get(), lesson=lesson, completed_at="2026-01-01T00:00Z"
        )
    assert [_queries(client, url) for url in urls] == before
    assert max(before) <= 24

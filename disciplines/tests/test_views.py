"""My disciplines, the discipline page, lessons, files and the teachers' editing (docs/modules.md#my-disciplines)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curriculum.tests.factories import RegistrationFactory, grade, install_grade_scale, registration_setup
from people.tests.factories import (
    RegistrarFactory,
    StudentRecordFactory,
    TeacherFactory,
    TeacherRecordFactory,
    UserFactory,
)
from schedule.models import LessonType
from schedule.tests.factories import StreamChoiceFactory, StreamFactory

from ..models import Lesson, LessonFile, LessonLink, SyllabusWeek
from ..services.syllabus import lesson_file_add
from .factories import LessonFactory, SyllabusWeekFactory, syllabus_with_weeks

pytestmark = pytest.mark.django_db

INDEX = reverse("disciplines:index")
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(db):
    """A second-year student: a passed discipline, a current one with a chosen stream, a future one."""
    install_grade_scale()
    setup = registration_setup(year_of_study=2, user__language="en")
    done = setup.item(semester=1, code="HIS101")
    grade(RegistrationFactory(student=setup.student, discipline=done.discipline, term=setup.term_of_semester(1)), 91)
    current = setup.item(semester=setup.current_semester, code="MAT201")
    RegistrationFactory(student=setup.student, discipline=current.discipline, term=setup.current)
    teacher = TeacherFactory(first_name="Aigerim", last_name="Nurlanova", language="en")
    teacher.teacher_record.achievements_en = "Best teacher 2024"
    teacher.teacher_record.phone = "+7 700 000 00 00"
    teacher.teacher_record.save()
    stream = StreamFactory(discipline=current.discipline, term=setup.current, teacher=teacher)
    StreamChoiceFactory(student=setup.student, stream=stream)
    future = setup.item(semester=setup.current_semester + 1, code="PHY301")
    syllabus = syllabus_with_weeks(current.discipline, weeks=3)
    lesson = Lesson.objects.filter(week__syllabus=syllabus).order_by("pk").first()
    item = lesson_file_add(lesson=lesson, upload=SimpleUploadedFile("notes.pdf", PDF), actor=teacher, data={})
    return {
        "setup": setup,
        "done": done.discipline,
        "current": current.discipline,
        "future": future.discipline,
        "teacher": teacher,
        "lesson": lesson,
        "file": item,
    }


def test_cards_by_done_current_and_future(client, world):
    client.force_login(world["setup"].user)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert [c.discipline.code for c in response.context["cards"]] == ["MAT201"]
    card = response.context["cards"][0]
    assert card.teachers == [world["teacher"]]
    assert response.context["counts"] == {"current": 1, "done": 1, "future": 1}
    assert world["teacher"].get_full_name() in response.content.decode()

    done = client.get(INDEX, {"tab": "done"})
    assert [c.discipline.code for c in done.context["cards"]] == ["HIS101"]
    assert done.context["cards"][0].grade.letter.startswith("A")
    assert 'data-testid="card-grade"' in done.content.decode()
    future = client.get(INDEX, {"tab": "future"})
    assert [(c.discipline.code, c.semester) for c in future.context["cards"]] == [
        ("PHY301", world["setup"].current_semester + 1)
    ]
    assert client.get(INDEX, {"tab": "bogus"}).context["tab"] == "current"


def test_a_teacher_sees_the_disciplines_they_teach_with_edit_links(client, world):
    client.force_login(world["teacher"])
    response = client.get(INDEX)
    assert [r.discipline.code for r in response.context["rows"]] == ["MAT201"]
    assert reverse("disciplines:syllabus_edit", args=["MAT201"]) in response.content.decode()


@pytest.mark.parametrize("who", ["registrar", "applicant"])
def test_others_have_no_my_disciplines(client, world, who):
    client.force_login(RegistrarFactory() if who == "registrar" else UserFactory(is_applicant=True))
    assert client.get(INDEX).status_code == 404


def test_the_discipline_page_shows_the_syllabus_and_the_teachers_card(client, world):
    client.force_login(world["setup"].user)
    response = client.get(reverse("disciplines:discipline", args=["MAT201"]))
    page = response.context["page"]
    assert [w.number for w in page.weeks] == [1, 2, 3]
    assert page.teacher_cards == [world["teacher"].teacher_record]
    assert page.can_download and not page.can_edit
    html = response.content.decode()
    for text in (
        "Topic 1",
        "Best teacher 2024",
        "+7 700 000 00 00",
        reverse("disciplines:lesson", args=["MAT201", world["lesson"].pk]),
    ):
        assert text in html


def test_the_lesson_page_with_content_links_reading_and_files(client, world):
    client.force_login(world["setup"].user)
    response = client.get(reverse("disciplines:lesson", args=["MAT201", world["lesson"].pk]))
    html = response.content.decode()
    assert "<p>Content</p>" in html and "https://example.org/video" in html and "Book" in html
    assert reverse("disciplines:lesson_file", args=[world["file"].pk]) in html


def test_a_lesson_under_another_disciplines_code_is_404(client, world):
    client.force_login(world["setup"].user)
    assert client.get(reverse("disciplines:lesson", args=["HIS101", world["lesson"].pk])).status_code == 404
    assert client.get(reverse("disciplines:lesson", args=["MAT201", 10**12])).status_code == 404


def test_files_for_registered_students_the_teachers_and_the_office_only(client, world):
    url = reverse("disciplines:lesson_file", args=[world["file"].pk])
    for user, status in [
        (world["setup"].user, 200),
        (world["teacher"], 200),
        (RegistrarFactory(), 200),
        (StudentRecordFactory().user, 404),  # a student not registered for it
        (TeacherRecordFactory().user, 404),  # a teacher of other streams
        (UserFactory(is_applicant=True), 404),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
    client.force_login(StudentRecordFactory().user)  # the lesson page itself is open, without the link
    html = client.get(reverse("disciplines:lesson", args=["MAT201", world["lesson"].pk])).content.decode()
    assert url not in html


def test_only_the_disciplines_teachers_edit(client, world):
    url = reverse("disciplines:week_edit", args=["MAT201", 1])
    for user in (world["setup"].user, TeacherRecordFactory().user, RegistrarFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"topic_kk": "X"}).status_code == 404
    assert SyllabusWeek.objects.get(syllabus__discipline=world["current"], number=1).topic_kk == "1-тақырып"
    client.force_login(world["teacher"])
    assert client.get(reverse("disciplines:week_edit", args=["HIS101", 1])).status_code == 404
    assert client.get(reverse("disciplines:week_edit", args=["MAT201", 99])).status_code == 404


def test_the_teacher_edits_a_week_and_a_lesson_in_three_languages(client, world):
    client.force_login(world["teacher"])
    response = client.post(
        reverse("disciplines:week_edit", args=["MAT201", 4]),
        {"topic_kk": "Жаңа тақырып", "topic_ru": "Новая тема", "topic_en": "New topic"},
    )
    assert response.status_code == 302
    week = SyllabusWeek.objects.get(syllabus__discipline=world["current"], number=4)
    assert (week.topic_kk, week.topic_ru, week.topic_en) == ("Жаңа тақырып", "Новая тема", "New topic")
    response = client.post(
        reverse("disciplines:lesson_create", args=["MAT201", 4]),
        {
            "kind": LessonType.LAB,
            "order": 1,
            "title_kk": "Зертхана",
            "title_en": "Lab",
            "content_en": "<p>Do <em>this</em></p><script>x</script>",
        },
    )
    lesson = Lesson.objects.get(week=week)
    assert response.status_code == 302 and response["Location"].endswith(f"/lessons/{lesson.pk}/edit/")
    assert (lesson.kind, lesson.title_en, lesson.content_en) == ("lab", "Lab", "<p>Do <em>this</em></p>")


def test_a_lesson_without_its_kazakh_title_is_refused_and_the_form_stays_filled(client, world):
    client.force_login(world["teacher"])
    lesson = world["lesson"]
    response = client.post(
        reverse("disciplines:lesson_edit", args=["MAT201", lesson.pk]),
        {"kind": "lecture", "order": 0, "title_kk": "", "title_en": "Renamed", "content_en": "Kept text"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title_kk"]
    html = response.content.decode()
    assert "Renamed" in html and "Kept text" in html
    lesson.refresh_from_db()
    assert lesson.title_en == "Lecture"


def test_materials_are_added_and_a_disguised_file_is_refused(client, world):
    client.force_login(world["teacher"])
    lesson = world["lesson"]
    add = lambda kind: reverse("disciplines:material_add", args=["MAT201", lesson.pk, kind])  # noqa: E731
    response = client.post(
        add("link"), {"link-url": "https://example.org/more", "link-title_kk": "Тағы", "link-title_en": "More"}
    )
    assert response.status_code == 302
    assert LessonLink.objects.filter(lesson=lesson, url="https://example.org/more", title_en="More").exists()
    response = client.post(add("link"), {"link-url": "javascript:alert(1)", "link-title_kk": "X"})
    assert response.status_code == 400
    assert not LessonLink.objects.filter(title_kk="X").exists()
    response = client.post(
        add("file"),
        {"file-file": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00", "application/pdf"), "file-title_en": "Evil"},
    )
    assert response.status_code == 400
    assert "This type of file is not accepted" in response.content.decode()
    assert 'value="Evil"' in response.content.decode()
    assert LessonFile.objects.filter(lesson=lesson).count() == 1
    response = client.post(add("file"), {"file-file": SimpleUploadedFile("slides.pdf", PDF), "file-title_en": "Slides"})
    assert response.status_code == 302
    assert LessonFile.objects.filter(lesson=lesson, title_en="Slides", content_type="application/pdf").exists()
    assert client.post(add("bogus"), {}).status_code == 404
    item = world["file"]
    response = client.post(reverse("disciplines:material_delete", args=["MAT201", lesson.pk, "file", item.pk]))
    assert response.status_code == 302 and not LessonFile.objects.filter(pk=item.pk).exists()


def grow(world, n):
    """n more disciplines with chosen streams and teachers, weeks with lessons, materials."""
    setup = world["setup"]
    for _ in range(n):
        row = setup.item(semester=setup.current_semester)
        RegistrationFactory(student=setup.student, discipline=row.discipline, term=setup.current)
        StreamChoiceFactory(student=setup.student, stream=StreamFactory(discipline=row.discipline, term=setup.current))
        TeacherRecordFactory(department=row.discipline.department)
    for number in range(4, 4 + n):
        week = SyllabusWeekFactory(syllabus=world["current"].syllabus, number=number)
        LessonFactory(week=week)
    for _ in range(n):
        lesson_file_add(lesson=world["lesson"], upload=SimpleUploadedFile("x.pdf", PDF), actor=None, data={})


@pytest.mark.parametrize(
    "page", ["index", "discipline", "lesson", "lesson_edit", "week_edit", "syllabus_edit", "teacher_index"]
)
def test_query_budgets(client, world, django_assert_max_num_queries, page):
    lesson = world["lesson"]
    urls = {
        "index": INDEX,
        "teacher_index": INDEX,
        "discipline": reverse("disciplines:discipline", args=["MAT201"]),
        "lesson": reverse("disciplines:lesson", args=["MAT201", lesson.pk]),
        "lesson_edit": reverse("disciplines:lesson_edit", args=["MAT201", lesson.pk]),
        "week_edit": reverse("disciplines:week_edit", args=["MAT201", 1]),
        "syllabus_edit": reverse("disciplines:syllabus_edit", args=["MAT201"]),
    }
    budgets = {
        "index": 14,
        "teacher_index": 10,
        "discipline": 22,
        "lesson": 16,
        "lesson_edit": 16,
        "week_edit": 14,
        "syllabus_edit": 13,
    }
    student = page in ("index", "discipline", "lesson")
    client.force_login(world["setup"].user if student else world["teacher"])
    grow(world, 8)
    with django_assert_max_num_queries(budgets[page]):
        assert client.get(urls[page]).status_code == 200

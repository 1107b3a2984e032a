"""Syllabus writes: sanitised content, validated files, translated fields (docs/modules.md#my-disciplines)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from curriculum.tests.factories import DisciplineFactory
from people.tests.factories import TeacherFactory

from ..models import LessonFile, Syllabus, SyllabusWeek
from ..services.syllabus import (
    lesson_file_add,
    lesson_material_delete,
    lesson_save,
    sanitise,
    syllabus_save,
    week_save,
)
from .factories import LessonFactory, SyllabusWeekFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_sanitise_keeps_basic_formatting_and_drops_scripts():
    html = sanitise(
        '<p onclick="x()">Hi <strong>there</strong><script>alert(1)</script></p><a href="javascript:x">l</a>'
    )
    assert html.startswith("<p>Hi <strong>there</strong>")
    assert "script" not in html and "onclick" not in html and "javascript" not in html


def test_lesson_save_sanitises_every_language():
    week = SyllabusWeekFactory()
    lesson = lesson_save(
        week=week,
        data={
            "kind": "lecture",
            "order": 0,
            "title_kk": "Дәріс",
            "title_en": "Lecture",
            "content_kk": "<p>Ok</p><img src=x onerror=alert(1)>",
            "content_en": '<ul><li>One</li></ul><iframe src="https://evil"></iframe>',
        },
    )
    lesson.refresh_from_db()
    assert lesson.content_kk == "<p>Ok</p>"
    assert lesson.content_en == "<ul><li>One</li></ul>"
    assert lesson.title_en == "Lecture"


def test_syllabus_and_weeks_are_saved_in_three_languages():
    discipline = DisciplineFactory()
    teacher = TeacherFactory()
    syllabus_save(discipline=discipline, actor=teacher, data={"summary_kk": "Қ", "summary_ru": "Р", "hours_lab": 15})
    week_save(discipline=discipline, number=3, actor=teacher, data={"topic_kk": "Т", "topic_en": "Topic"})
    week_save(discipline=discipline, number=3, actor=teacher, data={"topic_kk": "Т2", "topic_en": "Topic 2"})
    syllabus = Syllabus.objects.get(discipline=discipline)
    assert (syllabus.summary_kk, syllabus.summary_ru, syllabus.hours_lab, syllabus.updated_by) == (
        "Қ",
        "Р",
        15,
        teacher,
    )
    week = SyllabusWeek.objects.get(syllabus=syllabus)
    assert (week.number, week.topic_kk, week.topic_en) == (3, "Т2", "Topic 2")


def test_a_week_number_out_of_range_is_refused():
    with pytest.raises(ValidationError):
        week_save(discipline=DisciplineFactory(), number=31, actor=None, data={"topic_kk": "Т"})
    assert not SyllabusWeek.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("notes.pdf", PDF, "application/pdf"),
        ("plan.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("readme.txt", "Сәлем".encode(), "text/plain"),
    ],
)
def test_files_are_kept_by_their_content(name, data, content_type):
    lesson = LessonFactory()
    item = lesson_file_add(
        lesson=lesson, upload=SimpleUploadedFile(name, data, "application/octet-stream"), actor=None, data={}
    )
    assert item.content_type == content_type
    assert item.name == name and item.title_kk == name and item.size == len(data)
    assert name not in item.file.name  # stored under our name
    with item.file.open("rb") as handle:
        assert handle.read() == data


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", b"PK\x03\x04not really a zip", b"\xff\xfe\x00\x00binary"],
)
def test_a_disguised_file_is_refused_and_nothing_is_stored(data):
    lesson = LessonFactory()
    with pytest.raises(ValidationError) as error:
        lesson_file_add(
            lesson=lesson, upload=SimpleUploadedFile("notes.pdf", data, "application/pdf"), actor=None, data={}
        )
    assert error.value.code == "format"
    assert not LessonFile.objects.exists()


def test_a_file_too_large_is_refused(settings):
    settings.LESSON_FILE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        lesson_file_add(lesson=LessonFactory(), upload=SimpleUploadedFile("a.pdf", PDF), actor=None, data={})
    assert error.value.code == "too_large"
    assert not LessonFile.objects.exists()


def test_material_delete_removes_only_the_lessons_own():
    lesson, other = LessonFactory(), LessonFactory()
    item = lesson_file_add(lesson=other, upload=SimpleUploadedFile("a.pdf", PDF), actor=None, data={})
    assert lesson_material_delete(lesson=lesson, kind="file", pk=item.pk) is False
    assert lesson_material_delete(lesson=other, kind="file", pk=item.pk) is True
    assert not LessonFile.objects.exists()


def test_the_admin_sanitises_lesson_content_as_the_portal_does(rf):
    from django.contrib import admin

    from ..admin import LessonAdmin
    from ..models import Lesson

    lesson = LessonFactory()
    lesson.content_ru = '<p>Ok</p><script>alert(1)</script><a href="javascript:x()">x</a>'
    request = rf.post("/")
    request.user = TeacherFactory()
    LessonAdmin(Lesson, admin.site).save_model(request, lesson, None, True)
    lesson.refresh_from_db()
    assert lesson.content_ru.startswith("<p>Ok</p>") and "script" not in lesson.content_ru
    assert "javascript" not in lesson.content_ru

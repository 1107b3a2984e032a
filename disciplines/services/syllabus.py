"""Writes of syllabi: the syllabus itself, its weeks, lessons and their materials (links, reading, files)."""

import secrets

import nh3
from django.db import transaction

from curriculum.models import Discipline

from ..models import Lesson, LessonFile, LessonLink, ReadingItem, Syllabus, SyllabusWeek
from .files import validate_lesson_file

LANGUAGES = ("kk", "ru", "en")
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "code",
    "pre",
    "blockquote",
}


def sanitise(html: str) -> str:
    """Basic formatting only; scripts, styles, event handlers and javascript: links are dropped."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def _assign(obj, data: dict, fields) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def syllabus_get_or_create(*, discipline: Discipline) -> Syllabus:
    syllabus, _ = Syllabus.objects.get_or_create(discipline=discipline)
    return syllabus


SYLLABUS_FIELDS = (
    *(f"{f}_{lang}" for f in ("summary", "skills") for lang in LANGUAGES),
    "hours_lecture",
    "hours_practice",
    "hours_lab",
    "hours_self_study",
    "control_form",
)


@transaction.atomic
def syllabus_save(*, discipline: Discipline, actor, data: dict) -> Syllabus:
    syllabus = syllabus_get_or_create(discipline=discipline)
    _assign(syllabus, data, SYLLABUS_FIELDS)
    syllabus.updated_by = actor
    syllabus.full_clean()
    syllabus.save()
    return syllabus


WEEK_FIELDS = tuple(f"{f}_{lang}" for f in ("topic", "description") for lang in LANGUAGES)


@transaction.atomic
def week_save(*, discipline: Discipline, number: int, actor, data: dict) -> SyllabusWeek:
    syllabus = syllabus_get_or_create(discipline=discipline)
    week = SyllabusWeek.objects.filter(syllabus=syllabus, number=number).first() or SyllabusWeek(
        syllabus=syllabus, number=number
    )
    _assign(week, data, WEEK_FIELDS)
    week.full_clean()
    week.save()
    Syllabus.objects.filter(pk=syllabus.pk).update(updated_by=actor)
    return week


LESSON_FIELDS = ("kind", "order", *(f"{f}_{lang}" for f in ("title", "content") for lang in LANGUAGES))


@transaction.atomic
def lesson_save(*, week: SyllabusWeek, data: dict, lesson: Lesson | None = None) -> Lesson:
    lesson = lesson or Lesson(week=week)
    _assign(lesson, data, LESSON_FIELDS)
    for lang in LANGUAGES:
        setattr(lesson, f"content_{lang}", sanitise(getattr(lesson, f"content_{lang}") or ""))
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson) -> None:
    for item in lesson.files.all():
        item.file.delete(save=False)
    lesson.delete()


@transaction.atomic
def lesson_link_add(*, lesson: Lesson, data: dict) -> LessonLink:
    link = LessonLink(lesson=lesson, url=data["url"])
    _assign(link, data, [f"title_{lang}" for lang in LANGUAGES])
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def reading_item_add(*, lesson: Lesson, data: dict) -> ReadingItem:
    item = ReadingItem(lesson=lesson, required=bool(data.get("required")))
    _assign(item, data, [f"citation_{lang}" for lang in LANGUAGES])
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def lesson_file_add(*, lesson: Lesson, upload, actor, data: dict) -> LessonFile:
    """Validates the upload by size and content (ValidationError, nothing stored) and keeps it under our name."""
    content_type = validate_lesson_file(upload)
    item = LessonFile(
        lesson=lesson,
        name=(upload.name or "file")[-255:],
        content_type=content_type,
        size=upload.size,
        token=secrets.token_hex(16),
        uploaded_by=actor,
    )
    _assign(item, data, [f"title_{lang}" for lang in LANGUAGES])
    if not item.title_kk:
        item.title_kk = item.name
    item.file.save(item.token, upload, save=False)
    item.save()
    return item


MATERIALS = {"link": LessonLink, "reading": ReadingItem, "file": LessonFile}


@transaction.atomic
def lesson_material_delete(*, lesson: Lesson, kind: str, pk: int) -> bool:
    model = MATERIALS[kind]
    item = model.objects.filter(lesson=lesson, pk=pk).first()
    if item is None:
        return False
    if kind == "file":
        item.file.delete(save=False)
    item.delete()
    return True

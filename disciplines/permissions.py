"""Who may see and change a discipline's syllabus (docs/modules.md#my-disciplines); 404 for "missing" and "not yours".

- The discipline page, its syllabus and lessons: open to the university's people (students and staff, not
  applicants), as the discipline catalogue is (curriculum.permissions.can_view_discipline).
- Lesson files: only students registered for the discipline (any term), teachers who teach one of its streams,
  registrars and administrators.
- Editing the syllabus and lessons: teachers who teach one of the discipline's streams (schedule.Stream.teacher).
"""

from django.http import Http404

from curriculum.models import Discipline, Registration
from curriculum.permissions import can_view_discipline, discipline_get_for_user_or_404
from schedule.models import Stream

from .models import Lesson, LessonFile

__all__ = [
    "can_download_files",
    "can_edit_syllabus",
    "can_view_discipline",
    "discipline_get_for_user_or_404",
    "editable_discipline_or_404",
    "lesson_get_or_404",
    "lesson_file_get_for_user_or_404",
    "teaches_discipline",
]


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def teaches_discipline(user, discipline_id: int) -> bool:
    if not _active(user) or not user.is_teacher:
        return False
    return Stream.objects.filter(discipline_id=discipline_id, teacher_id=user.pk).exists()


def can_edit_syllabus(user, discipline_id: int) -> bool:
    return teaches_discipline(user, discipline_id)


def can_download_files(user, discipline_id: int) -> bool:
    if not _active(user):
        return False
    if user.is_registrar or user.is_administrator:
        return True
    if user.is_student and Registration.objects.filter(student__user=user, discipline_id=discipline_id).exists():
        return True
    return teaches_discipline(user, discipline_id)


def editable_discipline_or_404(user, code: str) -> Discipline:
    discipline = discipline_get_for_user_or_404(user, code)
    if not can_edit_syllabus(user, discipline.pk):
        raise Http404
    return discipline


def lesson_get_or_404(discipline: Discipline, pk) -> Lesson:
    """A lesson of this discipline's syllabus (a lesson of another discipline under this code is 404)."""
    lesson = (
        Lesson.objects.select_related("week__syllabus")
        .filter(pk=pk, week__syllabus__discipline_id=discipline.pk)
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def lesson_file_get_for_user_or_404(user, pk) -> LessonFile:
    item = LessonFile.objects.select_related("lesson__week__syllabus").filter(pk=pk).first()
    if item is None or not can_download_files(user, item.lesson.week.syllabus.discipline_id):
        raise Http404
    return item

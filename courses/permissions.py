"""Who may see, study and moderate an online course (404 for both "missing" and "not yours").

- The catalogue and a course's page: published courses for everyone signed in; the author also sees their drafts.
- A lesson, its video and materials, the course's tests: the students whose enrolment is active or completed, and
  the course's author (to check what they published).
- Moderation of applications: the course's author and the office (registrars and administrators).
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.permissions import is_office

from .models import Course, CourseTest, Enrolment, Lesson, LessonMaterial


def courses_visible_to(user):
    if not user.is_authenticated:
        return Course.objects.none()
    if is_office(user):
        return Course.objects.all()
    return Course.objects.filter(Q(is_published=True) | Q(author_id=user.pk))


def course_get_for_user_or_404(user, pk) -> Course:
    return get_object_or_404(courses_visible_to(user).select_related("category", "author"), pk=pk)


def can_moderate(user, course: Course) -> bool:
    return bool(user.is_authenticated and user.is_active and (course.author_id == user.pk or is_office(user)))


def is_moderator(user) -> bool:
    """Someone with a moderation queue: an author of a course, or the office."""
    return bool(user.is_authenticated and (is_office(user) or Course.objects.filter(author_id=user.pk).exists()))


def _student_id(user):
    record = getattr(user, "student_record", None) if user.is_authenticated else None
    return record.pk if record is not None else None


def open_enrolment(user, course_id) -> Enrolment | None:
    """The user's enrolment in the course that lets them study it (active or completed), or None."""
    student_id = _student_id(user)
    if student_id is None:
        return None
    return (
        Enrolment.objects.filter(course_id=course_id, student_id=student_id, status__in=Enrolment.OPEN)
        .select_related("course")
        .first()
    )


def enrolment_for_learner_or_404(user, course_pk) -> Enrolment:
    enrolment = open_enrolment(user, course_pk)
    if enrolment is None:
        raise Http404
    return enrolment


def _learner_or_author(user, course: Course) -> Enrolment | None:
    """The learner's open enrolment; None for the course's author (who may look); 404 for anyone else."""
    enrolment = open_enrolment(user, course.pk)
    if enrolment is None and course.author_id != getattr(user, "pk", None):
        raise Http404
    return enrolment


def lesson_get_for_user_or_404(user, pk) -> tuple[Lesson, Enrolment | None]:
    lesson = get_object_or_404(Lesson.objects.select_related("section__course"), pk=pk)
    return lesson, _learner_or_author(user, lesson.section.course)


def material_get_for_user_or_404(user, pk) -> LessonMaterial:
    material = get_object_or_404(LessonMaterial.objects.select_related("lesson__section__course"), pk=pk)
    _learner_or_author(user, material.lesson.section.course)
    return material


def course_test_get_for_learner_or_404(user, pk) -> tuple[CourseTest, Enrolment]:
    course_test = get_object_or_404(CourseTest.objects.select_related("course", "quiz"), pk=pk)
    return course_test, enrolment_for_learner_or_404(user, course_test.course_id)


def enrolment_get_for_moderator_or_404(user, pk) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.select_related("course", "student__user"), pk=pk)
    if not can_moderate(user, enrolment.course):
        raise Http404
    return enrolment

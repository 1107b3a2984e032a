"""Reads of the online courses: the catalogue and its recommendations, a course's outline, a learner's progress,
My courses and the moderation queue. Each list is one query (plus prefetches), whatever its length."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from people.permissions import is_office
from testing.models import Attempt

from .models import Course, CourseTest, Enrolment, Favourite, Lesson, LessonProgress, Section

SORTS = ("popular", "name", "new")
PRICES = ("free", "paid")
RECOMMENDED_MAX = 6


def _count(queryset, group_by: str):
    """A correlated COUNT(*) subquery (0 when nothing matches)."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        ),
        Value(0),
    )


def _passed_attempts(*, quiz_ref, student_ref):
    """Finished (not annulled) attempts reaching the test's pass mark (of every test when `quiz_ref` is None)."""
    attempts = (
        Attempt.objects.filter(student=student_ref)
        if quiz_ref is None
        else Attempt.objects.filter(quiz=quiz_ref, student=student_ref)
    )
    return attempts.filter(status=Attempt.Status.FINISHED, percent__gte=F("quiz__pass_percent"))


def _popularity():
    return Count("enrolments", filter=Q(enrolments__status__in=Enrolment.OPEN), distinct=True)


def published_courses(*, student=None) -> QuerySet[Course]:
    """Published courses with their popularity (learners studying or done), and for a student whether they flagged
    the course and their enrolment status ("" when none)."""
    courses = (
        Course.objects.filter(is_published=True).select_related("category", "author").annotate(popularity=_popularity())
    )
    if student is not None:
        courses = courses.annotate(
            is_favourite=Exists(Favourite.objects.filter(course=OuterRef("pk"), student=student)),
            my_status=Coalesce(
                Subquery(Enrolment.objects.filter(course=OuterRef("pk"), student=student).values("status")[:1]),
                Value(""),
            ),
        )
    return courses


def catalogue(
    *, student=None, search: str = "", category: str = "", sort: str = "popular", favourites=False, price: str = ""
) -> QuerySet[Course]:
    courses = published_courses(student=student)
    search = (search or "").strip()
    if search:
        courses = courses.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if category:
        courses = courses.filter(category__slug=category)
    if favourites and student is not None:
        courses = courses.filter(is_favourite=True)
    if price == "free":
        courses = courses.filter(price=0)
    elif price == "paid":
        courses = courses.filter(price__gt=0)
    if sort == "name":
        return courses.order_by("title", "pk")
    if sort == "new":
        return courses.order_by("-created_at", "pk")
    return courses.order_by("-popularity", "title", "pk")


def recommended(*, student, limit: int = RECOMMENDED_MAX) -> list[Course]:
    """ "Recommended for you": published courses the student is not enrolled in that suit their programme
    (Course.programmes) or share a topic with their interests, which are the topics of the courses they enrolled
    in (any status) or flagged as favourites. Ranked by matches (the programme counts as one, each shared topic as
    one), then popularity, then title."""
    interest_courses = Course.objects.filter(Q(enrolments__student=student) | Q(favourites__student=student)).values(
        "pk"
    )
    interests = list(
        Course.topics.through.objects.filter(course_id__in=interest_courses).values_list("topic_id", flat=True)
    )
    courses = (
        published_courses(student=student)
        .exclude(enrolments__student=student)
        .annotate(
            programme_match=Count("programmes", filter=Q(programmes=student.programme_id), distinct=True),
            topic_match=Count("topics", filter=Q(topics__in=interests), distinct=True),
        )
        .filter(Q(programme_match__gt=0) | Q(topic_match__gt=0))
        .order_by((F("programme_match") + F("topic_match")).desc(), "-popularity", "title", "pk")
    )
    return list(courses[:limit])


def categories_with_courses():
    from .models import Category

    return Category.objects.filter(courses__is_published=True).distinct().order_by("position", "slug")


def course_outline(course: Course) -> list[Section]:
    """The course's sections with their lessons (and the tests placed in each), in order."""
    return list(
        Section.objects.filter(course=course)
        .prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("position", "pk")),
            Prefetch("tests", queryset=CourseTest.objects.select_related("quiz").order_by("position", "pk")),
        )
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class Progress:
    lessons_done: int
    lessons_total: int
    tests_passed: int
    tests_total: int

    @property
    def done(self) -> int:
        return self.lessons_done + self.tests_passed

    @property
    def total(self) -> int:
        return self.lessons_total + self.tests_total

    @property
    def percent(self) -> int:
        """(lessons done + required tests passed) / (lessons + required tests), in whole percent."""
        return self.done * 100 // self.total if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


def with_progress(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments annotated with the four counts of their progress (one query for any number of them)."""
    required = CourseTest.objects.filter(course=OuterRef("course"), required_for_completion=True)
    passed = required.filter(
        Exists(_passed_attempts(quiz_ref=OuterRef("quiz"), student_ref=OuterRef(OuterRef("student"))))
    )
    return enrolments.annotate(
        lessons_total=_count(Lesson.objects.filter(section__course=OuterRef("course")), "section__course"),
        lessons_done=_count(LessonProgress.objects.filter(enrolment=OuterRef("pk")), "enrolment"),
        tests_total=_count(required, "course"),
        tests_passed=_count(passed, "course"),
    )


def progress_of(enrolment: Enrolment) -> Progress:
    if not hasattr(enrolment, "lessons_total"):
        enrolment = with_progress(Enrolment.objects.filter(pk=enrolment.pk)).get()
    return Progress(enrolment.lessons_done, enrolment.lessons_total, enrolment.tests_passed, enrolment.tests_total)


def my_enrolments(*, student) -> list[tuple[Enrolment, Progress]]:
    """My courses: every enrolment of the student (waiting, studying, done, not approved), newest first."""
    rows = with_progress(
        Enrolment.objects.filter(student=student).select_related("course__category", "course__author")
    ).order_by("-created_at", "pk")
    return [(enrolment, progress_of(enrolment)) for enrolment in rows]


def lessons_done_ids(enrolment: Enrolment | None) -> set[int]:
    if enrolment is None:
        return set()
    return set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))


def passed_quiz_ids(*, student, quiz_ids) -> set[int]:
    if student is None:
        return set()
    attempts = _passed_attempts(quiz_ref=None, student_ref=student).filter(quiz_id__in=list(quiz_ids))
    return set(attempts.values_list("quiz_id", flat=True))


def moderation_queue(*, user) -> QuerySet[Enrolment]:
    """Applications waiting for the user's decision: of their own courses, or of every course for the office."""
    pending = Enrolment.objects.filter(status=Enrolment.Status.PENDING).select_related(
        "course", "student__user", "student__programme"
    )
    if not is_office(user):
        pending = pending.filter(course__author=user)
    return pending.order_by("created_at", "pk")

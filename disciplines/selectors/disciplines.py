"""Reads of My disciplines (docs/modules.md#my-disciplines): the student's cards, a teacher's list, a discipline page.

Everything comes from curriculum's selectors (the curriculum by semester, registrations, final grades) and schedule's
streams; each page reads a fixed number of queries whatever the number of disciplines, weeks or lessons.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from curriculum.models import Discipline
from curriculum.selectors.plan import (
    DisciplinePage,
    current_term,
    curriculum_items,
    discipline_page,
    semester_for_term,
    student_admission_year,
    student_curriculum,
    student_university_id,
)
from curriculum.selectors.status import DisciplineStatus, StatusInfo, discipline_statuses
from people.models import TeacherRecord
from schedule.models import Stream, StreamChoice

from ..models import Lesson, Syllabus, SyllabusWeek

DONE, CURRENT, FUTURE = "done", "current", "future"
TABS = (CURRENT, DONE, FUTURE)


@dataclass
class DisciplineCard:
    discipline: Discipline
    semester: int | None
    status: StatusInfo
    section: str
    teachers: list = field(default_factory=list)  # User rows

    @property
    def grade(self):
        return self.status.grade if self.section == DONE else None


@dataclass
class MyDisciplines:
    cards: list[DisciplineCard]
    current_semester: int | None

    def section(self, name: str) -> list[DisciplineCard]:
        return [c for c in self.cards if c.section == name]

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(self.section(name)) for name in TABS}


def _section(status: StatusInfo, semester: int | None, current: int | None, term_id: int | None) -> str:
    registration = status.registration
    if status.status in (DisciplineStatus.PASSED, DisciplineStatus.FAILED):
        return DONE
    if registration is not None and status.status == DisciplineStatus.IN_PROGRESS:
        if term_id is not None and registration.term_id == term_id:
            return CURRENT
        if registration.term.end_date < timezone.localdate():
            return DONE  # graded later by the journal; the term is over
        return FUTURE if registration.term.start_date > timezone.localdate() else CURRENT
    if semester is not None and current is not None and semester < current:
        return DONE  # in the curriculum before now, never taken: shown with the done ones, without a grade
    return FUTURE


def my_disciplines(*, student, today=None) -> MyDisciplines:
    """Cards of every discipline of the student's curriculum and registrations: term, curriculum, items, statuses,
    chosen streams and department teachers (7 queries)."""
    today = today or timezone.localdate()
    term = current_term(university_id=student_university_id(student), today=today)
    semester = (
        semester_for_term(admission_year=student_admission_year(student, today=today), term=term) if term else None
    )
    curriculum = student_curriculum(student=student, today=today)
    items = curriculum_items(curriculum=curriculum, postrequisites=False) if curriculum else []
    statuses = discipline_statuses(student=student)
    cards: dict[int, DisciplineCard] = {}
    for item in items:
        status = statuses.of(item.discipline_id)
        sem = status.registration.semester if status.registration else item.semester
        cards[item.discipline_id] = DisciplineCard(
            item.discipline, sem, status, _section(status, sem, semester, term.pk if term else None)
        )
    for discipline_id, status in statuses.items():
        if discipline_id not in cards:
            registration = status.registration
            cards[discipline_id] = DisciplineCard(
                registration.discipline,
                registration.semester,
                status,
                _section(status, registration.semester, semester, term.pk if term else None),
            )
    # teachers: the streams the student chose in the registration's term, else the department's teachers
    chosen: dict[tuple[int, int], list] = defaultdict(list)
    for choice in StreamChoice.objects.filter(student=student).select_related("stream__teacher").order_by("kind"):
        teacher = choice.stream.teacher
        if teacher not in chosen[(choice.discipline_id, choice.term_id)]:
            chosen[(choice.discipline_id, choice.term_id)].append(teacher)
    departments = {c.discipline.department_id for c in cards.values() if c.discipline.department_id}
    by_department: dict[int, list] = defaultdict(list)
    for record in TeacherRecord.objects.filter(department_id__in=departments).select_related("user"):
        by_department[record.department_id].append(record.user)
    for card in cards.values():
        registration = card.status.registration
        teachers = chosen.get((card.discipline.pk, registration.term_id)) if registration else None
        card.teachers = teachers or by_department.get(card.discipline.department_id, [])[:3]
    ordered = sorted(cards.values(), key=lambda c: (c.semester or 99, c.discipline.code))
    return MyDisciplines(ordered, semester)


@dataclass
class TaughtDiscipline:
    discipline: Discipline
    streams: list[Stream]


def taught_disciplines(*, teacher, today=None) -> list[TaughtDiscipline]:
    """The disciplines a teacher teaches (one of their streams, any term), newest term first (1 query)."""
    rows: dict[int, TaughtDiscipline] = {}
    streams = (
        Stream.objects.filter(teacher=teacher)
        .select_related("discipline", "term__academic_year")
        .order_by("-term__start_date", "discipline__code", "kind", "code")
    )
    for stream in streams:
        row = rows.setdefault(stream.discipline_id, TaughtDiscipline(stream.discipline, []))
        row.streams.append(stream)
    return sorted(rows.values(), key=lambda r: r.discipline.code)


@dataclass
class SyllabusPage:
    base: DisciplinePage
    syllabus: Syllabus | None
    weeks: list[SyllabusWeek]
    teacher_cards: list[TeacherRecord]
    can_edit: bool = False
    can_download: bool = False


def _syllabus(discipline: Discipline, *, with_lessons: bool = True) -> tuple[Syllabus | None, list[SyllabusWeek]]:
    syllabus = Syllabus.objects.filter(discipline=discipline).first()
    if syllabus is None:
        return None, []
    weeks = SyllabusWeek.objects.filter(syllabus=syllabus).order_by("number")
    if with_lessons:
        weeks = weeks.prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("order", "pk")))
    return syllabus, list(weeks)


def discipline_teachers(*, discipline: Discipline, student=None, status: StatusInfo | None = None) -> list:
    """Teacher records: of the streams the student chose (else of the discipline's streams in its latest term), else
    the department's teachers (2 queries at most)."""
    users = []
    if student is not None and status is not None and status.registration is not None:
        users = [
            c.stream.teacher_id
            for c in StreamChoice.objects.filter(
                student=student, discipline=discipline, term_id=status.registration.term_id
            ).select_related("stream")
        ]
    if not users:
        latest = Stream.objects.filter(discipline=discipline).order_by("-term__start_date").values("term_id")[:1]
        users = list(
            Stream.objects.filter(discipline=discipline, term_id__in=latest).values_list("teacher_id", flat=True)
        )
    if users:
        records = TeacherRecord.objects.filter(user_id__in=set(users)).select_related("user")
    elif discipline.department_id:
        records = TeacherRecord.objects.filter(department_id=discipline.department_id).select_related("user")
    else:
        return []
    return list(records)


def syllabus_page(*, discipline: Discipline, user, student=None, today=None) -> SyllabusPage:
    from ..permissions import can_download_files, can_edit_syllabus

    base = discipline_page(discipline=discipline, student=student, today=today)
    syllabus, weeks = _syllabus(discipline)
    return SyllabusPage(
        base=base,
        syllabus=syllabus,
        weeks=weeks,
        teacher_cards=discipline_teachers(discipline=discipline, student=student, status=base.status),
        can_edit=can_edit_syllabus(user, discipline.pk),
        can_download=can_download_files(user, discipline.pk),
    )


def lesson_materials(lesson: Lesson) -> Lesson:
    """The lesson with its links, reading list and files (3 queries)."""
    lesson.link_list = list(lesson.links.all())
    lesson.reading_list = list(lesson.reading.all())
    lesson.file_list = list(lesson.files.all())
    return lesson

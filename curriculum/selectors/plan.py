"""Reads of the curriculum: the student's curriculum, semester numbers, the curriculum tab, prerequisite graph."""

from collections import defaultdict, deque
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from people.models import TeacherRecord
from university.models import Term, academic_year_start

from ..models import Curriculum, CurriculumItem, Discipline
from .holds import active_holds
from .progress import DegreeProgress, degree_progress
from .status import StatusInfo, StudentStatuses, discipline_statuses

LANGUAGE_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def student_university_id(student) -> int:
    """The university of a student (the record is loaded with programme → department → faculty)."""
    return student.programme.department.faculty.university_id


def student_admission_year(student, *, today=None) -> int:
    """The year the student's group was admitted; without a group, counted back from the year of study."""
    if student.group_id:
        return student.group.admission_year
    return academic_year_start(today or timezone.localdate()) - (student.year_of_study - 1)


def semester_for_term(*, admission_year: int, term: Term) -> int:
    """The curriculum semester a term is for a student admitted in `admission_year`.

    Autumn of the admission year is semester 1, the following spring 2, ...; a summer term takes the number of
    the spring before it (summer is for retakes and catching up, not a semester of its own).
    """
    years_in = term.academic_year.start_date.year - admission_year
    if term.kind == Term.Kind.AUTUMN:
        return 2 * years_in + 1
    return 2 * years_in + 2


def current_term(*, university_id: int, today=None) -> Term | None:
    return Term.objects.filter(academic_year__university_id=university_id).current(on=today)


def student_curriculum(*, student, today=None) -> Curriculum | None:
    """The curriculum of the student's programme for their admission year (else the latest earlier one)."""
    year = student_admission_year(student, today=today)
    return (
        Curriculum.objects.filter(programme_id=student.programme_id, admission_year__lte=year)
        .order_by("-admission_year")
        .first()
    )


def curriculum_items(*, curriculum: Curriculum, postrequisites: bool = True) -> list[CurriculumItem]:
    """Items with discipline, elective group and prerequisites (and post-requisites): 3 or 4 queries in all."""
    light = Discipline.objects.only("id", "code", "name_kk", "name_ru", "name_en", "credits")
    prefetch = [Prefetch("discipline__prerequisites", queryset=light)]
    if postrequisites:
        prefetch.append(Prefetch("discipline__postrequisites", queryset=light))
    return list(
        CurriculumItem.objects.filter(curriculum=curriculum)
        .select_related("discipline", "elective_group")
        .prefetch_related(*prefetch)
        .order_by("semester", "discipline__code")
    )


def planned_credits(items) -> int:
    """Credits a set of curriculum items asks for: each elective group counts its k cheapest disciplines.

    Assumed: an elective group's disciplines share one cycle and component (so its credits are counted once).
    """
    total = 0
    groups: dict[int, list[CurriculumItem]] = defaultdict(list)
    for item in items:
        if item.elective_group_id:
            groups[item.elective_group_id].append(item)
        else:
            total += item.discipline.credits
    for members in groups.values():
        k = members[0].elective_group.choose
        total += sum(sorted(m.discipline.credits for m in members)[:k])
    return total


@dataclass
class PrerequisiteView:
    discipline: Discipline
    status: StatusInfo


@dataclass
class CurriculumRow:
    item: CurriculumItem
    status: StatusInfo
    prerequisites: list[PrerequisiteView]
    postrequisites: list[Discipline]

    @property
    def discipline(self) -> Discipline:
        return self.item.discipline


@dataclass
class SemesterBlock:
    number: int
    rows: list[CurriculumRow] = field(default_factory=list)
    is_current: bool = False

    @property
    def credits(self) -> int:
        return planned_credits([r.item for r in self.rows])

    @property
    def earned(self) -> int:
        return sum(r.discipline.credits for r in self.rows if r.status.status == "passed")


def curriculum_rows(*, items: list[CurriculumItem], statuses: StudentStatuses) -> list[CurriculumRow]:
    """Rows with statuses; post-requisites are limited to disciplines of the same curriculum."""
    in_curriculum = {item.discipline_id for item in items}
    rows = []
    for item in items:
        discipline = item.discipline
        cache = getattr(discipline, "_prefetched_objects_cache", {})
        prerequisites = [PrerequisiteView(p, statuses.of(p.pk)) for p in discipline.prerequisites.all()]
        post = cache.get("postrequisites")
        postrequisites = [p for p in post if p.pk in in_curriculum] if post is not None else []
        rows.append(CurriculumRow(item, statuses.of(discipline.pk), prerequisites, postrequisites))
    return rows


def semester_blocks(*, rows: list[CurriculumRow], current_semester: int | None) -> list[SemesterBlock]:
    blocks: dict[int, SemesterBlock] = {}
    for row in rows:
        number = row.item.semester
        block = blocks.setdefault(number, SemesterBlock(number, is_current=number == current_semester))
        block.rows.append(row)
    return [blocks[n] for n in sorted(blocks)]


def language_labels(codes: str) -> list[str]:
    return [LANGUAGE_LABELS.get(c.strip(), c.strip()) for c in codes.split(",") if c.strip()]


def prerequisite_cycle(*, discipline: Discipline, prerequisites) -> list[str] | None:
    """The cycle that giving `discipline` these prerequisites would close, as codes (A → B → A), else None.

    A cycle appears when `discipline` is itself a prerequisite (directly or through others) of one of its new
    prerequisites. The whole graph is read in one query; edges of `discipline` itself are replaced by the new
    ones.
    """
    new_ids = [p.pk for p in prerequisites]
    if discipline.pk is None:
        return None
    if discipline.pk in new_ids:
        return [discipline.code, discipline.code]
    through = Discipline.prerequisites.through
    edges: dict[int, list[int]] = defaultdict(list)  # discipline -> its prerequisites
    for from_id, to_id in through.objects.values_list("from_discipline_id", "to_discipline_id"):
        if from_id != discipline.pk:
            edges[from_id].append(to_id)
    # Walk down the prerequisites of each new prerequisite, looking for `discipline`.
    parent: dict[int, int | None] = {pid: None for pid in new_ids}
    queue = deque(new_ids)
    found = None
    while queue:
        node = queue.popleft()
        if node == discipline.pk:
            found = node
            break
        for nxt in edges.get(node, ()):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    if found is None:
        return None
    chain = []
    node: int | None = found
    while node is not None:
        chain.append(node)
        node = parent[node]
    chain.reverse()  # new prerequisite ... -> discipline
    codes = dict(Discipline.objects.filter(pk__in=chain).values_list("pk", "code"))
    return [discipline.code] + [codes[n] for n in chain]


@dataclass
class CurriculumPage:
    curriculum: Curriculum | None
    semesters: list[SemesterBlock]
    current_term: Term | None
    current_semester: int | None
    progress: DegreeProgress | None
    holds: list


def curriculum_page(*, student, today=None) -> CurriculumPage:
    """The Curriculum tab: semesters with statuses and pre/post-requisites, degree progress and active holds.

    A fixed number of queries whatever the student's history: term, holds, curriculum, items (+2 prefetches),
    statuses.
    """
    today = today or timezone.localdate()
    term = current_term(university_id=student_university_id(student), today=today)
    admission_year = student_admission_year(student, today=today)
    semester = semester_for_term(admission_year=admission_year, term=term) if term else None
    holds = list(active_holds(student=student))
    curriculum = student_curriculum(student=student, today=today)
    if curriculum is None:
        return CurriculumPage(None, [], term, semester, None, holds)
    items = curriculum_items(curriculum=curriculum)
    statuses = discipline_statuses(student=student)
    rows = curriculum_rows(items=items, statuses=statuses)
    return CurriculumPage(
        curriculum=curriculum,
        semesters=semester_blocks(rows=rows, current_semester=semester),
        current_term=term,
        current_semester=semester,
        progress=degree_progress(items=items, statuses=statuses),
        holds=holds,
    )


@dataclass
class DisciplinePage:
    discipline: Discipline
    prerequisites: list[PrerequisiteView]
    postrequisites: list[Discipline]
    teachers: list
    languages: list[str]
    item: CurriculumItem | None = None  # where it sits in the viewing student's curriculum
    status: StatusInfo | None = None


def discipline_page(*, discipline: Discipline, student=None, today=None) -> DisciplinePage:
    """A discipline's page; for a student also its place in their curriculum and their status.

    Teachers: for now the teachers of the discipline's department (streams with their own teachers come with
    the schedule module).
    """
    statuses = discipline_statuses(student=student) if student is not None else StudentStatuses([])
    prerequisites = [PrerequisiteView(p, statuses.of(p.pk)) for p in discipline.prerequisites.order_by("code")]
    postrequisites = list(discipline.postrequisites.order_by("code"))
    teachers = []
    if discipline.department_id:
        teachers = list(TeacherRecord.objects.filter(department_id=discipline.department_id).select_related("user"))
    page = DisciplinePage(discipline, prerequisites, postrequisites, teachers, language_labels(discipline.languages))
    if student is not None:
        curriculum = student_curriculum(student=student, today=today)
        if curriculum is not None:
            page.item = (
                CurriculumItem.objects.filter(curriculum=curriculum, discipline=discipline)
                .select_related("elective_group")
                .first()
            )
        page.status = statuses.of(discipline.pk)
    return page

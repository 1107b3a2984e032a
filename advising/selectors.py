"""Reads of "My advisor" (docs/modules.md#my-advisor): the student's page (the advisor's card and materials) and
the advisor's overview of their students (journal warnings, this term's IUP, holds)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse

from curriculum.models import Hold, IndividualPlan
from curriculum.permissions import plans_visible_to
from curriculum.selectors.holds import active_holds
from journal.selectors.student import advisee_warnings
from people.models import StudentRecord, User
from people.permissions import can_view_photo
from university.models import StudyGroup, Term

from .models import AdvisorMaterial
from .permissions import materials_visible_to

# the students who still read their advisor's materials and whom the advisor follows
READING = (StudentRecord.Status.ACTIVE, StudentRecord.Status.ACADEMIC_LEAVE)


def advisee_groups(*, advisor) -> QuerySet[StudyGroup]:
    """The groups the advisor's students study in: the groups a material may be addressed to, the filter's choices."""
    return (
        StudyGroup.objects.filter(students__advisor=advisor, students__status__in=READING).distinct().order_by("name")
    )


@dataclass(frozen=True)
class AdvisorCard:
    advisor: User
    show_photo: bool
    position: str
    department: str
    phone: str
    office: str
    write_url: str  # a new message to the advisor (messaging's "new" page with the advisor chosen)
    change_url: str | None  # a request for another advisor; None until the requests module has its form


def advisor_change_url() -> str | None:
    """The "complain or ask for another advisor" request (§2.16 "My requests"); None while that form is not built."""
    try:
        return reverse("requests:create") + "?kind=advisor-change"
    except NoReverseMatch:
        return None


def advisor_card(*, student: User, record: StudentRecord) -> AdvisorCard | None:
    """The card of the student's advisor; `record` is loaded with advisor → teacher record → department."""
    advisor = record.advisor
    if advisor is None or not advisor.is_active:
        return None
    teacher = getattr(advisor, "teacher_record", None)
    return AdvisorCard(
        advisor=advisor,
        show_photo=bool(advisor.photo) and can_view_photo(student, advisor),
        position=teacher.position if teacher else "",
        department=str(teacher.department) if teacher else "",
        phone=(teacher.phone if teacher else "") or advisor.phone,
        office=teacher.office if teacher else "",
        write_url=reverse("messaging:new") + f"?to={advisor.pk}",
        change_url=advisor_change_url(),
    )


def student_materials(*, student: User) -> QuerySet[AdvisorMaterial]:
    """The published materials of the student's advisor addressed to them, newest first."""
    return (
        materials_visible_to(student).filter(is_published=True).select_related("group").order_by("-created_at", "-pk")
    )


def advisor_materials(*, advisor: User) -> QuerySet[AdvisorMaterial]:
    """The advisor's own materials, drafts included, newest first."""
    return AdvisorMaterial.objects.filter(advisor=advisor).select_related("group").order_by("-created_at", "-pk")


@dataclass
class AdviseeRow:
    record: StudentRecord
    iup_status: str | None
    iup_id: int | None
    holds: list[Hold]
    warnings: list[tuple] = field(default_factory=list)  # (discipline, result, flags) from the journal

    @property
    def iup_label(self) -> str:
        return IndividualPlan.Status(self.iup_status).label if self.iup_status else ""

    @property
    def iup_signed(self) -> bool:
        return self.iup_status == IndividualPlan.Status.APPROVED


@dataclass(frozen=True)
class AdviseeFilters:
    group: StudyGroup | None = None
    with_warnings: bool = False
    iup_unsigned: bool = False
    with_holds: bool = False


def _current_terms(records: QuerySet[StudentRecord]) -> list[int]:
    """This term of each university the advisor's students study at (one query per university)."""
    universities = set(
        records.values_list("programme__department__faculty__university_id", flat=True).distinct().order_by()
    )
    terms = [Term.objects.filter(academic_year__university_id=u).current() for u in sorted(universities)]
    return [t.pk for t in terms if t]


def advisees_overview(*, advisor: User, filters: AdviseeFilters) -> tuple[QuerySet[StudentRecord], dict[int, list]]:
    """The advisor's students (studying or on leave) annotated with this term's IUP status and id and whether a
    hold is active, filtered; and the journal's warnings by student id (journal.selectors.advisee_warnings, a fixed
    number of queries). The queryset is paginated by the view; `advisee_rows` turns a page into rows."""
    records = StudentRecord.objects.filter(advisor=advisor, status__in=READING)
    term_ids = _current_terms(records)
    plans = plans_visible_to(advisor).filter(student=OuterRef("pk"), term_id__in=term_ids).order_by("-term__start_date")
    warnings: dict[int, list] = {}
    for student, discipline, result, flags in advisee_warnings(advisor=advisor):
        warnings.setdefault(student.pk, []).append((discipline, result, flags))
    qs = records.select_related("user", "group").annotate(
        iup_status=Subquery(plans.values("status")[:1]),
        iup_id=Subquery(plans.values("pk")[:1]),
        has_hold=Exists(active_holds(student=OuterRef("pk"))),
    )
    if filters.group is not None:
        qs = qs.filter(group=filters.group)
    if filters.with_warnings:
        qs = qs.filter(pk__in=list(warnings))
    if filters.iup_unsigned:
        qs = qs.filter(Q(iup_status__isnull=True) | ~Q(iup_status=IndividualPlan.Status.APPROVED))
    if filters.with_holds:
        qs = qs.filter(has_hold=True)
    return qs.order_by("user__last_name", "user__first_name", "pk"), warnings


def advisee_rows(records, *, warnings: dict[int, list]) -> list[AdviseeRow]:
    """The rows of one page of `advisees_overview`: the active holds of the page's students in one query."""
    records = list(records)
    holds: dict[int, list[Hold]] = {}
    page_holds = Hold.objects.filter(student__in=[r.pk for r in records], lifted_at__isnull=True).order_by("-placed_at")
    for hold in page_holds:
        holds.setdefault(hold.student_id, []).append(hold)
    return [
        AdviseeRow(
            record=r,
            iup_status=r.iup_status,
            iup_id=r.iup_id,
            holds=holds.get(r.pk, []),
            warnings=warnings.get(r.pk, []),
        )
        for r in records
    ]

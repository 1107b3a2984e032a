"""Reads of the IUP: the plan of one term with its disciplines, signatures and history; the work queues."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.collation import collated, name_order
from university.models import Term

from ..models import IndividualPlan, IUPEvent, IUPSignature, Registration
from ..permissions import STEPS

Status = IndividualPlan.Status


def iup_terms(*, student) -> list[Term]:
    """The terms the student has an IUP for or registered in, oldest first."""
    return list(
        Term.objects.filter(Q(registrations__student=student) | Q(plans__student=student))
        .select_related("academic_year")
        .distinct()
        .order_by("start_date")
    )


def iup_term_choose(terms: list[Term], wanted) -> Term | None:
    """The term asked for in the URL if it is one of the student's, else the latest one."""
    for term in terms:
        if str(term.pk) == str(wanted):
            return term
    return terms[-1] if terms else None


@dataclass
class SemesterBlock:
    semester: int
    registrations: list[Registration] = field(default_factory=list)

    @property
    def credits(self) -> int:
        return sum(r.discipline.credits for r in self.registrations)


@dataclass
class SignatureSlot:
    step: str
    label: str
    signature: IUPSignature | None


@dataclass
class PlanDetail:
    plan: IndividualPlan
    semesters: list[SemesterBlock]
    signatures: list[SignatureSlot]
    events: list[IUPEvent]

    @property
    def total_credits(self) -> int:
        return sum(block.credits for block in self.semesters)

    @property
    def discipline_count(self) -> int:
        return sum(len(block.registrations) for block in self.semesters)

    @property
    def is_empty(self) -> bool:
        return not self.semesters

    @property
    def last_return(self) -> IUPEvent | None:
        """The comment the student must act on: the latest return, if the plan is still returned."""
        if self.plan.status != Status.RETURNED:
            return None
        returns = [e for e in self.events if e.action == IUPEvent.Action.RETURNED]
        return returns[-1] if returns else None


def plan_detail(*, plan: IndividualPlan) -> PlanDetail:
    """Disciplines by curriculum semester, the signature block of the current round and the history (3 queries)."""
    registrations = (
        Registration.objects.filter(student_id=plan.student_id, term_id=plan.term_id)
        .select_related("discipline")
        .order_by("semester", "discipline__code")
    )
    blocks: dict[int, SemesterBlock] = {}
    for registration in registrations:
        blocks.setdefault(registration.semester, SemesterBlock(registration.semester)).registrations.append(
            registration
        )
    current = {
        s.step: s for s in plan.signatures.filter(round=plan.round).select_related("signer").order_by("signed_at")
    }
    labels = dict(IUPSignature.Step.choices)
    slots = [SignatureSlot(step, labels[step], current.get(step)) for step in STEPS]
    events = list(plan.events.select_related("actor").order_by("created_at", "id"))
    return PlanDetail(
        plan=plan,
        semesters=[blocks[k] for k in sorted(blocks)],
        signatures=slots,
        events=events,
    )


# The columns an advisor or registrar may sort the queue by; "-name" sorts the other way. People sort by their
# alphabet (core.collation), never by character code.
QUEUE_SORTS: dict[str, Callable[[], list]] = {
    "submitted": lambda: [F("updated_at")],
    "name": lambda: name_order("student__user__"),
    "group": lambda: [collated("student__group__name")],
    "programme": lambda: [F("student__programme__code")],
}
QUEUE_DEFAULT_SORT = "submitted"


def iup_queue_order(queryset: QuerySet[IndividualPlan], sort: str) -> QuerySet[IndividualPlan]:
    """The queue in the order asked for (a column of QUEUE_SORTS, "-" for descending), then by name; an unknown
    column sorts by the default: when the plans were submitted, oldest first."""
    column = sort.removeprefix("-")
    if column not in QUEUE_SORTS:
        sort = column = QUEUE_DEFAULT_SORT
    descending = sort.startswith("-")
    keys = [key.desc(nulls_last=True) if descending else key.asc(nulls_last=True) for key in QUEUE_SORTS[column]()]
    if column != "name":
        keys += [key.asc() for key in QUEUE_SORTS["name"]()]
    return queryset.order_by(*keys, "pk")


def iup_queue_for(user, *, sort: str = QUEUE_DEFAULT_SORT, today=None) -> QuerySet[IndividualPlan]:
    """Plans awaiting this person's signature: advisees' plans signed by the student (advisor), plans signed by
    the advisor (registrar), of terms that have not ended (a past term's plan awaits nobody: `plan_is_past`).
    Annotated with the plan's credits; sorted by `sort` (`iup_queue_order`)."""
    condition = Q(pk__in=[])
    if user.is_advisor:
        condition |= Q(status=Status.STUDENT_SIGNED, student__advisor=user)
    if user.is_registrar:
        condition |= Q(status=Status.ADVISOR_SIGNED)
    lines = Registration.objects.filter(student=OuterRef("student"), term=OuterRef("term")).values("student")
    queryset = (
        IndividualPlan.objects.filter(condition, term__end_date__gte=today or timezone.localdate())
        .select_related("student__user", "student__group", "student__programme", "term__academic_year")
        .annotate(
            credits=Coalesce(
                Subquery(lines.annotate(total=Sum("discipline__credits")).values("total")[:1]),
                0,
                output_field=IntegerField(),
            ),
        )
    )
    return iup_queue_order(queryset, sort)


def iup_queue_next(user, *, after: IndividualPlan | None = None) -> IndividualPlan | None:
    """The next plan waiting for this person, to open the queue one by one."""
    qs = iup_queue_for(user)
    if after is not None:
        qs = qs.exclude(pk=after.pk)
    return qs.first()

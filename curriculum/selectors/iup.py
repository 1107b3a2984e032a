"""Reads of the IUP: the plan of one term with its disciplines, signatures and history; the work queues."""

from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

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


def iup_queue_for(user) -> QuerySet[IndividualPlan]:
    """Plans awaiting this person's signature: advisees' plans signed by the student (advisor), plans signed by
    the advisor (registrar). Annotated with the plan's credits and number of disciplines."""
    condition = Q(pk__in=[])
    if user.is_advisor:
        condition |= Q(status=Status.STUDENT_SIGNED, student__advisor=user)
    if user.is_registrar:
        condition |= Q(status=Status.ADVISOR_SIGNED)
    lines = Registration.objects.filter(student=OuterRef("student"), term=OuterRef("term")).values("student")
    return (
        IndividualPlan.objects.filter(condition)
        .select_related("student__user", "student__group", "student__programme", "term__academic_year")
        .annotate(
            credits=Coalesce(
                Subquery(lines.annotate(total=Sum("discipline__credits")).values("total")[:1]),
                0,
                output_field=IntegerField(),
            ),
        )
        .order_by("updated_at", "pk")
    )


def iup_queue_next(user, *, after: IndividualPlan | None = None) -> IndividualPlan | None:
    """The next plan waiting for this person, to open the queue one by one."""
    qs = iup_queue_for(user)
    if after is not None:
        qs = qs.exclude(pk=after.pk)
    return qs.first()

"""Degree progress: credits required, earned, in progress and planned per cycle and component (issue 3, part 7).

Computed from the curriculum items and the student's statuses already loaded for the page: no query of its own.
- required: the curriculum's credits (an elective group counts its k cheapest disciplines);
- earned: credits of PASSED disciplines; in progress: IN PROGRESS ones (registered, no grade yet);
- planned: what is left to register, required − earned − in progress, never below 0.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..models import CurriculumItem, Discipline
from .status import DisciplineStatus, StudentStatuses


@dataclass
class ProgressLine:
    key: str
    label: str
    required: int = 0
    earned: int = 0
    in_progress: int = 0

    @property
    def covered(self) -> int:
        return self.earned + self.in_progress

    @property
    def planned(self) -> int:
        return max(self.required - self.earned - self.in_progress, 0)

    def _percent(self, value: int) -> int:
        if not self.required:
            return 0
        return min(round(100 * value / self.required), 100)

    @property
    def earned_percent(self) -> int:
        return self._percent(self.earned)

    @property
    def in_progress_percent(self) -> int:
        return min(self._percent(self.covered), 100) - self.earned_percent


@dataclass
class DegreeProgress:
    cycles: list[ProgressLine] = field(default_factory=list)
    components: list[ProgressLine] = field(default_factory=list)
    total: ProgressLine = field(default_factory=lambda: ProgressLine("total", _("Total")))

    def cycle(self, key: str) -> ProgressLine | None:
        return next((line for line in self.cycles if line.key == key), None)


@dataclass(frozen=True)
class ProgressHint:
    """What registering a discipline would change: '+5 credits to Profile disciplines (PD): 60 → 65 of 120'."""

    credits: int
    label: str
    before: int
    after: int
    required: int


def degree_progress(*, items: list[CurriculumItem], statuses: StudentStatuses) -> DegreeProgress:
    cycles = {key: ProgressLine(key, label) for key, label in Discipline.Cycle.choices}
    components = {key: ProgressLine(key, label) for key, label in Discipline.Component.choices}
    progress = DegreeProgress(total=ProgressLine("total", _("Total")))

    groups: dict[int, list[CurriculumItem]] = defaultdict(list)
    for item in items:
        discipline = item.discipline
        lines = (cycles[discipline.cycle], components[discipline.component], progress.total)
        if item.elective_group_id:
            groups[item.elective_group_id].append(item)
        else:
            for line in lines:
                line.required += discipline.credits
        status = statuses.of(discipline.pk).status
        for line in lines:
            if status == DisciplineStatus.PASSED:
                line.earned += discipline.credits
            elif status == DisciplineStatus.IN_PROGRESS:
                line.in_progress += discipline.credits
    for members in groups.values():
        first = members[0].discipline
        k = members[0].elective_group.choose
        credits = sum(sorted(m.discipline.credits for m in members)[:k])
        for line in (cycles[first.cycle], components[first.component], progress.total):
            line.required += credits

    progress.cycles = [line for line in cycles.values() if line.required or line.covered]
    progress.components = [line for line in components.values() if line.required or line.covered]
    return progress


def progress_hint(*, progress: DegreeProgress, discipline: Discipline) -> ProgressHint | None:
    line = progress.cycle(discipline.cycle)
    if line is None:
        return None
    return ProgressHint(discipline.credits, line.label, line.covered, line.covered + discipline.credits, line.required)

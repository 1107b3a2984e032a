"""Reads of testing for the student's pages and the teacher's results (docs/modules.md#testing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curriculum.models import Registration
from schedule.models import StreamChoice
from university.models import Term

from .models import Accommodation, Attempt, AttemptQuestion, Quiz
from .services.attempts import (
    admission_refusal,
    admission_threshold,
    attempt_close_if_expired,
    kept_attempt,
)

PASSED = "passed"
NOT_PASSED = "not_passed"
IN_PROGRESS = "progress"
UNAVAILABLE = "unavailable"
AVAILABLE = "available"
FINISHED = "finished"  # done, the result not shown yet (after the window, or waiting for hand grading)


STATUS_LABELS = {
    PASSED: _("Passed"),
    NOT_PASSED: _("Not passed"),
    IN_PROGRESS: _("In progress"),
    UNAVAILABLE: _("Unavailable"),
    AVAILABLE: _("Available"),
    FINISHED: _("Finished, result later"),
}
REASON_LABELS = {
    "not_open": _("not open yet"),
    "closed": _("closed"),
    "not_admitted": _("not admitted"),
}
STATUS_BADGES = {
    PASSED: "text-bg-success",
    NOT_PASSED: "text-bg-danger",
    IN_PROGRESS: "text-bg-warning",
    UNAVAILABLE: "text-bg-secondary",
    AVAILABLE: "text-bg-primary",
    FINISHED: "text-bg-info",
}


def results_visible(quiz: Quiz, now=None) -> bool:
    now = now or timezone.now()
    if quiz.show_results == Quiz.ShowResults.NEVER:
        return False
    if quiz.show_results == Quiz.ShowResults.AFTER_WINDOW:
        return quiz.closes_at is None or now >= quiz.closes_at
    return True


def passed(quiz: Quiz, attempt: Attempt | None) -> bool:
    return attempt is not None and attempt.percent is not None and attempt.percent >= quiz.pass_percent


@dataclass
class QuizLine:
    quiz: Quiz
    attempts: list[Attempt] = field(default_factory=list)
    status: str = AVAILABLE
    reason: str = ""
    kept: Attempt | None = None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def reason_label(self):
        return REASON_LABELS.get(self.reason, "")

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def used(self) -> int:
        return len(self.attempts)

    @property
    def in_progress(self) -> Attempt | None:
        return next((a for a in self.attempts if a.status == Attempt.Status.IN_PROGRESS), None)


def student_terms(*, student) -> list[Term]:
    return list(
        Term.objects.filter(registrations__student=student)
        .distinct()
        .select_related("academic_year")
        .order_by("-start_date")
    )


def _admission(*, student, term: Term, quizzes: list[Quiz]) -> dict[int, Decimal | None]:
    """RD per discipline of the term, from the journal's selector for the student (a fixed number of queries)."""
    if not any(q.admission_required for q in quizzes):
        return {}
    from journal.selectors.student import student_journal

    lines, rules = student_journal(student=student, term=term, university_id=term.academic_year.university_id)
    out = {line.registration.discipline_id: line.result.rd for line in lines}
    out["rules"] = rules
    return out


def quiz_status(line: QuizLine, *, now, rd_by_discipline, thresholds) -> None:
    quiz = line.quiz
    if line.in_progress is not None:
        line.status = IN_PROGRESS
        return
    done = [a for a in line.attempts if a.status == Attempt.Status.FINISHED]
    line.kept = kept_attempt(done, quiz.grading)
    if done:
        if not results_visible(quiz, now) or line.kept is None:
            line.status = FINISHED
        else:
            line.status = PASSED if passed(quiz, line.kept) else NOT_PASSED
        return
    if quiz.opens_at and now < quiz.opens_at:
        line.status, line.reason = UNAVAILABLE, "not_open"
        return
    if quiz.closes_at and now >= quiz.closes_at:
        line.status, line.reason = UNAVAILABLE, "closed"
        return
    if quiz.admission_required:
        if quiz.admission_min is not None:
            threshold = Decimal(quiz.admission_min)
        else:
            if "university" not in thresholds:
                thresholds["university"] = admission_threshold(quiz)
            threshold = thresholds["university"]
        if admission_refusal(quiz=quiz, rd=rd_by_discipline.get(quiz.discipline_id), threshold=threshold):
            line.status, line.reason = UNAVAILABLE, "not_admitted"
            return
    line.status = AVAILABLE


def student_quizzes(*, student, term: Term, now=None) -> list[QuizLine]:
    """Every published STREAMS test of the student's disciplines of the term (those naming streams only when the
    student sits one of them), with the student's attempts and a status. Expired attempts are closed first.
    A fixed number of queries, whatever the number of tests."""
    now = now or timezone.now()
    discipline_ids = list(
        Registration.objects.filter(student=student, term=term).values_list("discipline_id", flat=True)
    )
    my_streams = StreamChoice.objects.filter(student=student, term=term).values("stream_id")
    quizzes = list(
        Quiz.objects.filter(
            audience=Quiz.Audience.STREAMS,
            status=Quiz.Status.PUBLISHED,
            term=term,
            discipline_id__in=discipline_ids,
        )
        .filter(Q(streams__isnull=True) | Q(streams__in=my_streams))
        .distinct()
        .select_related("discipline", "term__academic_year")
        .order_by("opens_at", "id")
    )
    attempts = list(Attempt.objects.filter(student=student, quiz__in=[q.pk for q in quizzes]).order_by("number"))
    for attempt in attempts:
        if attempt.status == Attempt.Status.IN_PROGRESS:
            attempt_close_if_expired(attempt, now)
    by_quiz: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    rd = _admission(student=student, term=term, quizzes=quizzes)
    thresholds: dict = {}
    if "rules" in rd:
        thresholds["university"] = Decimal(rd.pop("rules").admission_min)
    lines = []
    for quiz in quizzes:
        line = QuizLine(quiz=quiz, attempts=by_quiz.get(quiz.pk, []))
        quiz_status(line, now=now, rd_by_discipline=rd, thresholds=thresholds)
        lines.append(line)
    return lines


def student_quizzes_one(*, student, quiz: Quiz, now=None) -> QuizLine:
    """One test's line for its page: the student's attempts (expired ones closed first) and status."""
    now = now or timezone.now()
    attempts = list(Attempt.objects.filter(student=student, quiz=quiz).order_by("number"))
    for attempt in attempts:
        if attempt.status == Attempt.Status.IN_PROGRESS:
            attempt_close_if_expired(attempt, now)
    rd = {}
    if quiz.admission_required:
        from .services.attempts import admission_rating

        rd = {quiz.discipline_id: admission_rating(quiz=quiz, student=student)}
    line = QuizLine(quiz=quiz, attempts=attempts)
    quiz_status(line, now=now, rd_by_discipline=rd, thresholds={})
    return line


def extra_minutes(*, quiz: Quiz, student) -> int:
    return Accommodation.objects.filter(quiz=quiz, student=student).values_list("extra_minutes", flat=True).first() or 0


def attempt_slots(attempt: Attempt) -> list[AttemptQuestion]:
    return list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .only(
            "id",
            "attempt_id",
            "question_id",
            "position",
            "points",
            "snapshot",
            "order",
            "answer",
            "sequence",
            "score",
            "feedback",
        )
        .order_by("position")
    )


def quiz_attempts(*, quiz: Quiz, status: str = "", waiting: bool = False, search: str = ""):
    """The attempts of a test for its teacher, with the students' names (one query), filtered."""
    queryset = Attempt.objects.filter(quiz=quiz).select_related("student__user", "student__group")
    if status:
        queryset = queryset.filter(status=status)
    if waiting:
        queryset = queryset.filter(needs_grading=True, status=Attempt.Status.FINISHED)
    if search:
        queryset = queryset.filter(
            Q(student__user__last_name__icontains=search)
            | Q(student__user__first_name__icontains=search)
            | Q(student__student_number__icontains=search)
        )
    return queryset.order_by("student__user__last_name", "student__user__first_name", "number")


def essays_waiting(*, quiz: Quiz) -> list[AttemptQuestion]:
    return list(
        AttemptQuestion.objects.filter(attempt__quiz=quiz, attempt__status=Attempt.Status.FINISHED, score__isnull=True)
        .select_related("attempt__student__user")
        .order_by("attempt__finished_at", "position")[:200]
    )


@dataclass
class SlotView:
    """What the page shows of one question of an attempt, in the order the attempt stored."""

    slot: AttemptQuestion
    options: list[dict] = field(default_factory=list)  # single / multiple / truefalse / ordering: {id, text, chosen}
    prompts: list[dict] = field(default_factory=list)  # matching: {id, prompt, chosen}
    answers: list[str] = field(default_factory=list)  # matching: the answers to choose from

    @property
    def kind(self) -> str:
        return self.slot.snapshot.get("type", "")

    @property
    def answered(self) -> bool:
        return answered(self.slot)


def answered(slot: AttemptQuestion) -> bool:
    return slot.answer not in (None, "", [], {})


def slot_view(slot: AttemptQuestion) -> SlotView:
    data = slot.snapshot.get("data") or {}
    kind = slot.snapshot.get("type")
    view = SlotView(slot=slot)
    if kind in ("single", "multiple", "truefalse"):
        by_id = {str(o.get("id")): o for o in data.get("options", [])}
        chosen = set(slot.answer if isinstance(slot.answer, list) else [slot.answer] if slot.answer else [])
        for oid in slot.order or list(by_id):
            option = by_id.get(oid)
            if option is not None:
                view.options.append({"id": oid, "text": option.get("text", ""), "chosen": oid in chosen})
    elif kind == "ordering":
        by_id = {str(i.get("id")): i for i in data.get("items", [])}
        ids = slot.answer if isinstance(slot.answer, list) and sorted(slot.answer) == sorted(by_id) else slot.order
        view.options = [{"id": i, "text": by_id[i].get("text", "")} for i in (ids or list(by_id)) if i in by_id]
    elif kind == "matching":
        chosen = slot.answer if isinstance(slot.answer, dict) else {}
        view.answers = list(slot.order or [])
        for pair in data.get("pairs", []):
            if (pair.get("prompt") or "").strip():
                pid = str(pair.get("id"))
                view.prompts.append({"id": pid, "prompt": pair.get("prompt", ""), "chosen": chosen.get(pid, "")})
    return view

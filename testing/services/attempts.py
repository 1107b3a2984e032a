"""A student's attempt (docs/modules.md#testing): may they start, starting it, saving an answer, finishing it,
closing the attempts whose time ran out, and the kept result flowing into the journal's exam column.

The clock is the server's (`timezone.now()`, never the browser's). Writes that two requests could race run in a
transaction with the attempt's row locked; the hot path, answer_save, is one read and one conditional UPDATE.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum.models import Registration
from people.models import StudentRecord
from schedule.models import StreamChoice

from ..models import (
    Accommodation,
    Attempt,
    AttemptQuestion,
    ProctorCheck,
    Question,
    QuestionType,
    Quiz,
)
from . import grading

TWO = Decimal("0.01")


def _now(now):
    return now or timezone.now()


def _grace() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TESTING_NETWORK_GRACE_SECONDS)


def _pause_max() -> dt.timedelta:
    return dt.timedelta(minutes=settings.TESTING_PAUSE_MAX_MINUTES)


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# --- Admission --------------------------------------------------------------------------------------------------


def admission_threshold(quiz: Quiz) -> Decimal:
    from journal.services.columns import journal_settings_for

    if quiz.admission_min is not None:
        return Decimal(quiz.admission_min)
    university_id = quiz.term.academic_year.university_id
    return Decimal(journal_settings_for(university_id=university_id).admission_min)


def admission_rating(*, quiz: Quiz, student) -> Decimal | None:
    """The student's admission rating (RD) in the test's discipline and term, from the journal (two queries)."""
    from journal.selectors.grid import results_for, scale
    from journal.services.columns import journal_settings_for

    term = quiz.term
    university_id = term.academic_year.university_id
    rules = journal_settings_for(university_id=university_id)
    _own, result = results_for(
        student_ids=[student.pk], discipline_id=quiz.discipline_id, term=term, rules=rules, bands=scale(university_id)
    )[student.pk]
    return result.rd


def admission_refusal(*, quiz: Quiz, rd: Decimal | None, threshold: Decimal) -> str | None:
    if not quiz.admission_required:
        return None
    if rd is None:
        return _("You are not admitted: your admission rating is not computed yet (%(min)s needed).") % {
            "min": threshold
        }
    if rd < threshold:
        return _("You are not admitted: your admission rating is %(rd)s, %(min)s is needed.") % {
            "rd": rd,
            "min": threshold,
        }
    return None


# --- May the student start ---------------------------------------------------------------------------------------


def window_refusal(*, quiz: Quiz, now) -> str | None:
    if quiz.status != Quiz.Status.PUBLISHED:
        return _("This test is not published.")
    if quiz.opens_at and now < quiz.opens_at:
        return _("The test opens on %(when)s.") % {"when": _when(quiz.opens_at)}
    if quiz.closes_at and now >= quiz.closes_at:
        return _("The test closed on %(when)s.") % {"when": _when(quiz.closes_at)}
    return None


def sits_quiz(*, quiz: Quiz, student) -> bool:
    """A STREAMS test is sat by the students registered for its discipline in its term (and, when it names
    streams, seated in one of them)."""
    if quiz.audience != Quiz.Audience.STREAMS:
        return False
    if not Registration.objects.filter(
        student=student, discipline_id=quiz.discipline_id, term_id=quiz.term_id
    ).exists():
        return False
    stream_ids = [s.pk for s in quiz.streams.all()]
    if stream_ids and not StreamChoice.objects.filter(student=student, stream_id__in=stream_ids).exists():
        return False
    return True


def attempts_refusal(*, quiz: Quiz, student) -> str | None:
    rows = list(Attempt.objects.filter(quiz=quiz, student=student).values_list("status", flat=True))
    if Attempt.Status.IN_PROGRESS in rows:
        return _("You have an attempt in progress: continue it.")
    if len(rows) >= quiz.attempts_allowed:
        return _("No attempts left (%(used)s of %(allowed)s used).") % {
            "used": len(rows),
            "allowed": quiz.attempts_allowed,
        }
    return None


def start_refusal(*, quiz: Quiz, student, now=None) -> str | None:
    """Why the student may not start the (STREAMS) test now, translated; None when they may. A course's test is
    checked by the courses app, which calls attempt_start itself."""
    now = _now(now)
    refusal = window_refusal(quiz=quiz, now=now)
    if refusal:
        return refusal
    if quiz.audience != Quiz.Audience.STREAMS or not sits_quiz(quiz=quiz, student=student):
        return _("This test is not for your streams.")
    refusal = attempts_refusal(quiz=quiz, student=student)
    if refusal:
        return refusal
    if quiz.admission_required:
        return admission_refusal(
            quiz=quiz, rd=admission_rating(quiz=quiz, student=student), threshold=admission_threshold(quiz)
        )
    return None


def proctor_check_ready(*, quiz: Quiz, student, for_update: bool = False) -> ProctorCheck | None:
    """The student's completed proctoring check for the next attempt (rules, devices, photo), unused yet."""
    queryset = ProctorCheck.objects.filter(
        quiz=quiz,
        student=student,
        attempt__isnull=True,
        rules_accepted_at__isnull=False,
        devices_checked_at__isnull=False,
        photo_taken_at__isnull=False,
    ).order_by("-created_at")
    if for_update:
        queryset = queryset.select_for_update()
    return queryset.first()


# --- Starting ----------------------------------------------------------------------------------------------------


def _snapshot(question: Question, points) -> dict:
    return {
        "type": question.type,
        "name": question.name,
        "text": question.text,
        "points": str(points),
        "data": question.data,
        "general_feedback": question.general_feedback,
    }


def _option_order(question: Question, rng: random.Random) -> list:
    data = question.data or {}
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        order = [str(o.get("id")) for o in data.get("options", [])]
        if question.shuffle and question.type != QuestionType.TRUE_FALSE:
            rng.shuffle(order)
        return order
    if question.type == QuestionType.ORDERING:
        # always shown shuffled: the right order is the answer
        order = [str(i.get("id")) for i in data.get("items", [])]
        right = list(order)
        for _i in range(5):
            rng.shuffle(order)
            if order != right or len(order) < 2:
                break
        return order
    if question.type == QuestionType.MATCHING:
        order = grading._match_answers(data)
        if question.shuffle:
            rng.shuffle(order)
        return order
    return []


def draw_questions(*, quiz: Quiz, rng: random.Random) -> list[tuple[Question, Decimal]]:
    """The fixed questions, then each pool's random draw (no question twice); a pool too small refuses."""
    chosen: list[tuple[Question, Decimal]] = []
    seen: set[int] = set()
    for row in quiz.fixed_questions.select_related("question").order_by("position", "id"):
        chosen.append((row.question, row.points if row.points is not None else row.question.points))
        seen.add(row.question_id)
    for pool in quiz.pools.order_by("position", "id"):
        candidates = Question.objects.filter(bank_id=pool.bank_id).exclude(pk__in=seen)
        if pool.category:
            if pool.include_subcategories:
                candidates = candidates.filter(Q(category=pool.category) | Q(category__startswith=pool.category + "/"))
            else:
                candidates = candidates.filter(category=pool.category)
        ids = list(candidates.order_by("pk").values_list("pk", flat=True))
        if len(ids) < pool.count:
            raise ValidationError(
                _("The test cannot start: the pool “%(pool)s” has %(have)s questions, %(need)s are drawn.")
                % {"pool": pool.category or _("whole bank"), "have": len(ids), "need": pool.count},
                code="pool",
            )
        picked = rng.sample(ids, pool.count)
        by_id = Question.objects.in_bulk(picked)
        for pk in picked:
            question = by_id[pk]
            chosen.append((question, pool.points if pool.points is not None else question.points))
            seen.add(pk)
    if not chosen:
        raise ValidationError(_("The test has no questions yet."), code="empty")
    return chosen


def attempt_deadline(*, quiz: Quiz, student, now) -> dt.datetime:
    extra = Accommodation.objects.filter(quiz=quiz, student=student).values_list("extra_minutes", flat=True).first()
    deadline = now + dt.timedelta(minutes=quiz.duration_minutes + (extra or 0))
    if quiz.closes_at and deadline > quiz.closes_at:
        deadline = quiz.closes_at
    return deadline


def attempt_start(*, quiz: Quiz, student, now=None, rng: random.Random | None = None) -> Attempt:
    """Start an attempt: re-checks the window, the attempts left and that none is in progress (and, for a STREAMS
    test, the audience and admission), a proctored test's completed check; draws and snapshots the questions.
    Raises ValidationError with the reason."""
    now = _now(now)
    rng = rng or random.SystemRandom()
    with transaction.atomic():
        # one start at a time per student (a double click, two tabs)
        StudentRecord.objects.select_for_update().filter(pk=student.pk).values_list("pk", flat=True).first()
        if quiz.audience == Quiz.Audience.STREAMS:
            refusal = start_refusal(quiz=quiz, student=student, now=now)
        else:
            refusal = window_refusal(quiz=quiz, now=now) or attempts_refusal(quiz=quiz, student=student)
        if refusal:
            raise ValidationError(refusal, code="refused")
        check = None
        if quiz.proctored:
            check = proctor_check_ready(quiz=quiz, student=student, for_update=True)
            if check is None:
                raise ValidationError(
                    _("Complete the proctoring steps first: the rules, the device check and the photo."),
                    code="proctoring",
                )
        drawn = draw_questions(quiz=quiz, rng=rng)
        if quiz.shuffle_questions:
            rng.shuffle(drawn)
        number = (Attempt.objects.filter(quiz=quiz, student=student).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    quiz=quiz,
                    student=student,
                    number=number,
                    started_at=now,
                    deadline=attempt_deadline(quiz=quiz, student=student, now=now),
                    current_position=1,
                    last_seen_at=now,
                    max_score=sum((Decimal(p) for _q, p in drawn), Decimal(0)),
                )
        except IntegrityError:
            raise ValidationError(_("You have an attempt in progress: continue it."), code="in_progress") from None
        AttemptQuestion.objects.bulk_create(
            [
                AttemptQuestion(
                    attempt=attempt,
                    question=question,
                    position=i,
                    points=points,
                    snapshot=_snapshot(question, points),
                    order=_option_order(question, rng),
                )
                for i, (question, points) in enumerate(drawn, start=1)
            ]
        )
        if check is not None:
            check.attempt = attempt
            check.save(update_fields=["attempt"])
    return attempt


# --- Saving an answer (the hot path) -----------------------------------------------------------------------------

MESSAGES = {
    "time_up": gettext_lazy("Time is up: the answer was not saved."),
    "closed": gettext_lazy("This attempt is finished: the answer was not saved."),
    "paused": gettext_lazy("The attempt is paused until the camera and the screen share are back."),
    "not_found": gettext_lazy("There is no such attempt."),
    "stale": gettext_lazy("A newer answer to this question is already saved."),
    "invalid": gettext_lazy("This answer does not fit the question."),
    "sequential": gettext_lazy("This test goes one way: an earlier question cannot be changed."),
}


class AnswerRefused(ValidationError):
    """A refused save: `code` is one of MESSAGES; `deadline` the attempt's when known."""

    def __init__(self, code: str, message=None, deadline=None):
        super().__init__(str(message or MESSAGES[code]), code=code)
        self.deadline = deadline


_READ_FIELDS = (
    "pk",
    "sequence",
    "snapshot",
    "attempt__status",
    "attempt__deadline",
    "attempt__paused_at",
    "attempt__current_position",
    "attempt__quiz__navigation",
)

_PG_UPDATE = """
UPDATE testing_attemptquestion AS q SET answer = %s::jsonb, sequence = %s, answered_at = %s
WHERE q.id = %s AND q.sequence < %s AND EXISTS (
    SELECT 1 FROM testing_attempt AS a
    WHERE a.id = q.attempt_id AND a.status = 'progress' AND a.paused_at IS NULL AND a.deadline >= %s
    FOR KEY SHARE
)
"""


def answer_save(
    *,
    attempt_id: int,
    student=None,
    user_id: int | None = None,
    position: int,
    value,
    sequence: int,
    matches: dict | None = None,
    now=None,
) -> dict:
    """Save one answer: one read (the question of the attempt with the attempt's state, the student's only) and
    one conditional UPDATE (`sequence` greater than the stored one, the attempt in progress, not paused, its
    deadline plus the network grace not passed: the attempt's row is share-locked, so a finish that holds it
    is waited for and then refuses). Identify the student by `student` (a StudentRecord or its id) or `user_id`.

    Answers {"position", "sequence", "deadline"}; raises AnswerRefused with its code: not_found (not the
    student's attempt), invalid (no such position, or a malformed value), time_up, closed, paused, sequential,
    stale (a save not newer than the stored one: nothing changes, so a double submission is harmless)."""
    now = _now(now)
    try:
        position, sequence = int(position), int(sequence)
    except (TypeError, ValueError):
        raise AnswerRefused("invalid") from None
    if not (0 < position < 32768) or not (0 < sequence < 2**31):
        raise AnswerRefused("invalid")
    owner = (
        {"attempt__student_id": getattr(student, "pk", student)}
        if student is not None
        else {"attempt__student__user_id": user_id}
    )
    row = (
        AttemptQuestion.objects.filter(attempt_id=attempt_id, position=position, **owner).values(*_READ_FIELDS).first()
    )
    if row is None:
        if Attempt.objects.filter(
            pk=attempt_id, **{k.replace("attempt__", "", 1): v for k, v in owner.items()}
        ).exists():
            raise AnswerRefused("invalid", _("This question is not in the attempt."))
        raise AnswerRefused("not_found")
    deadline = row["attempt__deadline"]
    _refuse_by_state(row, position=position, sequence=sequence, now=now)
    answer = grading.normalise(row["snapshot"], value, matches)
    limit = now - _grace()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_UPDATE, [json.dumps(answer), sequence, now, row["pk"], sequence, limit])
            updated = cursor.rowcount
    else:
        updated = AttemptQuestion.objects.filter(
            pk=row["pk"],
            sequence__lt=sequence,
            attempt__status=Attempt.Status.IN_PROGRESS,
            attempt__paused_at__isnull=True,
            attempt__deadline__gte=limit,
        ).update(answer=answer, sequence=sequence, answered_at=now)
    if not updated:  # something changed since the read: say what
        fresh = AttemptQuestion.objects.filter(pk=row["pk"]).values(*_READ_FIELDS).first()
        _refuse_by_state(fresh, position=position, sequence=sequence, now=now)
        raise AnswerRefused("stale", deadline=fresh["attempt__deadline"])
    return {"position": position, "sequence": sequence, "deadline": deadline}


def _refuse_by_state(row, *, position, sequence, now):
    deadline = row["attempt__deadline"]
    if row["attempt__status"] != Attempt.Status.IN_PROGRESS:
        raise AnswerRefused("closed", deadline=deadline)
    if row["attempt__paused_at"] is not None:
        raise AnswerRefused("paused", deadline=deadline)
    if now > deadline + _grace():
        raise AnswerRefused("time_up", deadline=deadline)
    if row["attempt__quiz__navigation"] == Quiz.Navigation.SEQUENTIAL and position < row["attempt__current_position"]:
        raise AnswerRefused("sequential", deadline=deadline)
    if sequence <= row["sequence"]:
        raise AnswerRefused("stale", deadline=deadline)


def attempt_move(*, attempt: Attempt, position: int) -> Attempt:
    """The question the student is on: with free navigation any one; one way only forward (never back)."""
    if attempt.status != Attempt.Status.IN_PROGRESS or position == attempt.current_position:
        return attempt
    queryset = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS)
    if attempt.quiz.navigation == Quiz.Navigation.SEQUENTIAL:
        if position < attempt.current_position:
            return attempt
        queryset = queryset.filter(current_position__lt=position)
    queryset.update(current_position=position)
    attempt.current_position = position
    return attempt


# --- Finishing ---------------------------------------------------------------------------------------------------


def _totals(attempt: Attempt, slots: list[AttemptQuestion]) -> None:
    attempt.max_score = sum((s.points for s in slots), Decimal(0))
    attempt.needs_grading = any(s.score is None for s in slots)
    attempt.score = sum((s.score or Decimal(0) for s in slots), Decimal(0))
    attempt.percent = (
        (attempt.score * 100 / attempt.max_score).quantize(TWO, rounding=ROUND_HALF_UP)
        if attempt.max_score
        else Decimal(0)
    )


def attempt_finish(*, attempt: Attempt, reason: str, now=None) -> Attempt:
    """Close the attempt with what was saved, grade it and total it; an exam's kept result goes to the journal when
    nothing waits for hand grading; the student is told when the result is shown at once. A second call (or one
    on an attempt already closed) changes nothing."""
    now = _now(now)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("quiz").filter(pk=attempt.pk).first()
        if locked is None or locked.status != Attempt.Status.IN_PROGRESS:
            if locked is not None:
                _copy(locked, attempt)
            return attempt
        slots = list(AttemptQuestion.objects.select_for_update().filter(attempt=locked).order_by("position"))
        for slot in slots:
            if slot.snapshot.get("type") == QuestionType.ESSAY:
                # an essay left empty earns nothing and needs no teacher
                slot.score = None if (slot.answer or "").strip() else Decimal(0)
            else:
                slot.score = grading.score(slot.snapshot, slot.answer, slot.points)
        AttemptQuestion.objects.bulk_update(slots, ["score"])
        locked.status = Attempt.Status.FINISHED
        locked.close_reason = reason
        locked.finished_at = min(now, locked.deadline) if reason == Attempt.CloseReason.TIME_UP else now
        if locked.paused_at is not None:
            locked.paused_at = None
        _totals(locked, slots)
        locked.save(
            update_fields=[
                "status",
                "close_reason",
                "finished_at",
                "paused_at",
                "score",
                "max_score",
                "percent",
                "needs_grading",
            ]
        )
        quiz = locked.quiz
        if not locked.needs_grading:
            quiz_result_sync(quiz=quiz, student=locked.student, actor=None)
        if quiz.show_results == Quiz.ShowResults.AFTER_ATTEMPT:
            _notify_result(locked)
        _copy(locked, attempt)
    return attempt


def _copy(source: Attempt, target: Attempt) -> None:
    if source is target:
        return
    for name in (
        "status",
        "close_reason",
        "finished_at",
        "paused_at",
        "score",
        "max_score",
        "percent",
        "needs_grading",
    ):
        setattr(target, name, getattr(source, name))


def _notify_result(attempt: Attempt) -> None:
    from notifications.models import Kind
    from notifications.services import notify

    user = attempt.student.user
    notify(
        recipient=user,
        kind=Kind.TESTING,
        title=gettext_lazy("The result of “{test}” is ready"),
        params={"test": attempt.quiz.title},
        url=reverse("testing:result", args=[attempt.pk]),
    )


def attempt_close_if_expired(attempt: Attempt, now=None) -> Attempt:
    """Any read of an attempt closes it first when its time (plus the grace) ran out, or its pause lasted too long."""
    now = _now(now)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return attempt
    if (attempt.paused_at is None and attempt.deadline + _grace() < now) or (
        attempt.paused_at is not None and attempt.paused_at + _pause_max() < now
    ):
        attempt_finish(attempt=attempt, reason=Attempt.CloseReason.TIME_UP, now=now)
    return attempt


def attempts_close_expired(now=None) -> int:
    """Close every attempt in progress whose deadline plus the grace passed (not paused), and every paused one
    paused longer than TESTING_PAUSE_MAX_MINUTES; with what was saved. Answers how many were closed."""
    now = _now(now)
    expired = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS).filter(
        Q(paused_at__isnull=True, deadline__lt=now - _grace()) | Q(paused_at__lt=now - _pause_max())
    )
    closed = 0
    for attempt in expired.order_by("deadline")[:2000]:
        attempt_finish(attempt=attempt, reason=Attempt.CloseReason.TIME_UP, now=now)
        closed += attempt.status == Attempt.Status.FINISHED
    return closed


# --- Hand grading and the journal ---------------------------------------------------------------------------------


def essay_grade(*, slot: AttemptQuestion, score, feedback: str, actor) -> AttemptQuestion:
    """The teacher's points (0..the slot's) and feedback for a hand-graded answer; the attempt is re-totalled and,
    when nothing waits for grading any more, the exam's kept result goes to the journal."""
    try:
        score = Decimal(str(score).replace(",", ".")).quantize(TWO, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Type the points as a number."), code="invalid") from None
    if not score.is_finite() or score < 0 or score > slot.points:
        raise ValidationError(_("The points must be between 0 and %(max)s.") % {"max": slot.points}, code="invalid")
    if len(feedback or "") > 5000:
        raise ValidationError(_("The feedback is too long."), code="invalid")
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("quiz", "student").get(pk=slot.attempt_id)
        if attempt.status != Attempt.Status.FINISHED:
            raise ValidationError(_("Only a finished attempt is graded."), code="invalid")
        slots = list(AttemptQuestion.objects.select_for_update().filter(attempt=attempt).order_by("position"))
        target = next(s for s in slots if s.pk == slot.pk)
        target.score, target.feedback, target.graded_by = score, (feedback or "").strip(), actor
        target.save(update_fields=["score", "feedback", "graded_by"])
        _totals(attempt, slots)
        attempt.save(update_fields=["score", "max_score", "percent", "needs_grading"])
        if not attempt.needs_grading:
            quiz_result_sync(quiz=attempt.quiz, student=attempt.student, actor=actor)
            if attempt.quiz.show_results == Quiz.ShowResults.AFTER_ATTEMPT:
                _notify_result(attempt)
    return target


def kept_attempt(attempts: list[Attempt], grading_rule: str) -> Attempt | None:
    """The attempt whose result counts: the highest (first of equals) or the last, among finished and graded."""
    done = [
        a for a in attempts if a.status == Attempt.Status.FINISHED and not a.needs_grading and a.percent is not None
    ]
    if not done:
        return None
    if grading_rule == Quiz.Grading.LAST:
        return max(done, key=lambda a: a.number)
    return max(done, key=lambda a: (a.percent, -a.number))


def quiz_result_sync(*, quiz: Quiz, student, actor=None) -> Decimal | None:
    """Write the kept result (percent) of an EXAM test of a discipline into the journal's exam column of that
    discipline and term (made when missing), and recompute the student's final grade; an exam with no kept result
    left (e.g. its attempt annulled) empties the cell. Other tests and course tests write nothing. Answers the
    percent written (None: nothing or an empty cell). Called after finishing, hand grading, or annulling."""
    if quiz.kind != Quiz.Kind.EXAM or quiz.audience != Quiz.Audience.STREAMS or not quiz.discipline_id:
        return None
    from journal.models import Cell, Column, ColumnKind
    from journal.selectors.grid import results_for, scale
    from journal.services.cells import Parsed, cell_write
    from journal.services.columns import control_dates, journal_settings_for
    from journal.services.final import final_grade_sync, registrations_locked

    student_id = getattr(student, "pk", student)
    term = quiz.term
    university_id = term.academic_year.university_id
    rules = journal_settings_for(university_id=university_id)
    with transaction.atomic():
        registration = registrations_locked(student_ids=[student_id], discipline_id=quiz.discipline_id, term_id=term.pk)
        kept = kept_attempt(list(Attempt.objects.filter(quiz=quiz, student_id=student_id)), quiz.grading)
        percent = kept.percent if kept is not None else None
        column = Column.objects.filter(discipline_id=quiz.discipline_id, term_id=term.pk, kind=ColumnKind.EXAM).first()
        if column is None:
            if percent is None:
                return None
            column, _created = Column.objects.get_or_create(
                discipline_id=quiz.discipline_id,
                term_id=term.pk,
                kind=ColumnKind.EXAM,
                stream=None,
                defaults={"date": control_dates(term, rules)[ColumnKind.EXAM]},
            )
        cell = Cell.objects.filter(column=column, student_id=student_id).only("version", "grade").first()
        if cell is None and percent is None:
            return None
        if cell is not None and cell.grade == percent:
            return percent
        cell_write(
            column=column,
            student_id=student_id,
            parsed=Parsed(grade=percent, attendance=""),
            version=cell.version if cell is not None else 0,
            actor=actor,
            reason=f"testing:{quiz.pk}",
        )
        bands = scale(university_id)
        _own, result = results_for(
            student_ids=[student_id], discipline_id=quiz.discipline_id, term=term, rules=rules, bands=bands
        )[student_id]
        final_grade_sync(
            student_id=student_id,
            discipline_id=quiz.discipline_id,
            term_id=term.pk,
            result=result,
            actor=actor,
            registration=registration.get(student_id),
            bands=bands,
        )
    return percent

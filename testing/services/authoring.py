"""Teachers' writes on banks, questions, tests, random pools and extra time (docs/modules.md#testing), and the few
reads their pages need. Every refusal is a ValidationError with a message the teacher reads; nothing is changed."""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record_create
from core.files import JPEG, PNG, WEBP, upload_check
from schedule.models import Exam, Stream

from ..models import (
    Accommodation,
    Attempt,
    AttemptQuestion,
    Question,
    QuestionBank,
    QuestionFile,
    QuestionType,
    Quiz,
    QuizPool,
    QuizQuestion,
)
from .html import sanitise

IMAGE_TYPES = (PNG, JPEG, WEBP)
IMAGE_MAX_BYTES = 2 * 1024 * 1024
# the HTML members of each type's `data` (Question's docstring): sanitised like the question's text
HTML_KEYS = {"options": ("text", "feedback"), "pairs": ("prompt",), "items": ("text",)}


# --- reads -----------------------------------------------------------------------------------------------------


def teacher_disciplines(user):
    """(discipline, term) pairs the teacher has a stream of, newest term first, each once."""
    rows = (
        Stream.objects.filter(teacher_id=user.pk)
        .select_related("discipline", "term__academic_year")
        .order_by("-term__start_date", "discipline__code")
    )
    seen, pairs = set(), []
    for stream in rows:
        key = (stream.discipline_id, stream.term_id)
        if key not in seen:
            seen.add(key)
            pairs.append((stream.discipline, stream.term))
    return pairs


def bank_categories(bank: QuestionBank) -> list[tuple[str, int]]:
    """(category, number of questions) of a bank, in order."""
    rows = bank.questions.values("category").annotate(n=Count("id")).order_by("category")
    return [(row["category"], row["n"]) for row in rows]


def pool_questions(pool_or_bank, category: str = "", include_subcategories: bool = True):
    """The questions a pool draws from: its bank's, in its category (and the category's subcategories)."""
    if isinstance(pool_or_bank, QuizPool):
        bank_id, category = pool_or_bank.bank_id, pool_or_bank.category
        include_subcategories = pool_or_bank.include_subcategories
    else:
        bank_id = pool_or_bank.pk
    queryset = Question.objects.filter(bank_id=bank_id)
    if category:
        match = Q(category=category)
        if include_subcategories:
            match |= Q(category__startswith=category.rstrip("/") + "/")
        queryset = queryset.filter(match)
    return queryset


def quiz_total_points(quiz: Quiz, fixed=None, pools=None) -> Decimal:
    """The most an attempt can score: fixed questions' points and pools' count × points (a pool without its own
    points counts its bank's questions at their average)."""
    fixed = quiz.fixed_questions.select_related("question") if fixed is None else fixed
    pools = quiz.pools.all() if pools is None else pools
    total = sum((row.points if row.points is not None else row.question.points for row in fixed), Decimal(0))
    for pool in pools:
        if pool.points is not None:
            total += pool.points * pool.count
        else:
            points = list(pool_questions(pool).values_list("points", flat=True))
            if points:
                total += sum(points, Decimal(0)) / len(points) * pool.count
    return total.quantize(Decimal("0.01"))


def quiz_has_attempts(quiz: Quiz) -> bool:
    return Attempt.objects.filter(quiz=quiz).exists()


def quiz_streams_choices(quiz: Quiz, user):
    """Streams a teacher may give the test to: their own of the test's discipline and term."""
    return Stream.objects.filter(teacher_id=user.pk, discipline_id=quiz.discipline_id, term_id=quiz.term_id)


def quiz_exam_choices(quiz: Quiz, user):
    return Exam.objects.filter(stream__in=quiz_streams_choices(quiz, user)).select_related("stream")


def quiz_students(quiz: Quiz):
    """Students registered for the test's discipline in its term (those extra time may be given to)."""
    from people.models import StudentRecord

    return (
        StudentRecord.objects.filter(
            registrations__discipline_id=quiz.discipline_id, registrations__term_id=quiz.term_id
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
        .distinct()
    )


# --- banks -----------------------------------------------------------------------------------------------------


@transaction.atomic
def bank_create(*, actor, discipline, title: str) -> QuestionBank:
    if not Stream.objects.filter(teacher_id=actor.pk, discipline=discipline).exists():
        raise ValidationError(_("You can create a bank only for a discipline you teach."))
    return QuestionBank.objects.create(discipline=discipline, owner=actor, title=title.strip())


@transaction.atomic
def bank_update(*, bank: QuestionBank, title: str) -> QuestionBank:
    bank.title = title.strip()
    bank.save(update_fields=["title", "updated_at"])
    return bank


@transaction.atomic
def bank_delete(*, bank: QuestionBank) -> None:
    used = QuizPool.objects.filter(bank=bank).exists() or QuizQuestion.objects.filter(question__bank=bank).exists()
    if used:
        raise ValidationError(_("This bank cannot be deleted: a test draws questions from it."))
    if AttemptQuestion.objects.filter(question__bank=bank).exists():
        raise ValidationError(_("This bank cannot be deleted: attempts of students drew its questions."))
    bank.delete()


# --- questions -------------------------------------------------------------------------------------------------


def _clean_data(data: dict) -> dict:
    clean = dict(data)
    for key, fields in HTML_KEYS.items():
        if key in clean:
            clean[key] = [{k: sanitise(v) if k in fields else v for k, v in row.items()} for row in clean[key]]
    if "grader_info" in clean:
        clean["grader_info"] = sanitise(clean["grader_info"])
    return clean


@transaction.atomic
def question_save(
    *,
    bank: QuestionBank,
    qtype: str,
    name: str,
    text: str,
    data: dict,
    category: str = "",
    general_feedback: str = "",
    points: Decimal = Decimal(1),
    shuffle: bool = True,
    question: Question | None = None,
) -> Question:
    """Creates a question of `qtype` in `bank`, or changes `question` (attempts that drew it keep their snapshot)."""
    if qtype not in QuestionType.values:
        raise ValidationError(_("Unknown type of question."))
    if question is None:
        question = Question(bank=bank, type=qtype)
    elif question.type != qtype:
        raise ValidationError(_("The type of a question cannot be changed."))
    question.name = name.strip()
    question.category = "/".join(part.strip() for part in category.split("/") if part.strip())
    question.text = sanitise(text)
    if not question.text:
        raise ValidationError(_("Write the question's text."))
    question.general_feedback = sanitise(general_feedback)
    question.points = points
    question.shuffle = shuffle
    question.data = _clean_data(data)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if QuizQuestion.objects.filter(question=question).exists():
        raise ValidationError(_("This question cannot be deleted: a test includes it. Remove it from the test first."))
    if AttemptQuestion.objects.filter(question=question).exists():
        raise ValidationError(_("This question cannot be deleted: attempts of students drew it."))
    for row in question.files.all():
        row.file.delete(save=False)
    question.delete()


@transaction.atomic
def question_file_add(*, question: Question, upload, name: str = "") -> QuestionFile:
    """Stores an image the question's text shows as `@@PLUGINFILE@@/<name>`: a PNG, JPEG or WebP by its bytes."""
    content_type = upload_check(
        upload,
        accepted=IMAGE_TYPES,
        max_bytes=IMAGE_MAX_BYTES,
        refused=_("Only images can be added to a question: PNG, JPEG or WebP."),
    )
    name = (name or upload.name or "image").strip().replace("/", "_").replace("\\", "_").replace(" ", "_")
    name = "".join(c for c in name if c.isalnum() or c in "._-")[:200] or "image"
    if QuestionFile.objects.filter(question=question, name=name).exists():
        raise ValidationError(_("The question already has a file named “%(name)s”.") % {"name": name})
    row = QuestionFile(
        question=question, token=secrets.token_hex(16), name=name, content_type=content_type, size=upload.size
    )
    row.file.save(row.token, upload, save=False)
    row.save()
    return row


@transaction.atomic
def question_file_delete(*, row: QuestionFile) -> None:
    row.file.delete(save=False)
    row.delete()


# --- tests -----------------------------------------------------------------------------------------------------


@transaction.atomic
def quiz_create(*, actor, discipline, term, title: str, kind: str = Quiz.Kind.QUIZ) -> Quiz:
    if not Stream.objects.filter(teacher_id=actor.pk, discipline=discipline, term=term).exists():
        raise ValidationError(_("You can create a test only for a discipline you teach in that term."))
    return Quiz.objects.create(
        author=actor, audience=Quiz.Audience.STREAMS, discipline=discipline, term=term, title=title.strip(), kind=kind
    )


SETTINGS_FIELDS = (
    "title", "description", "kind", "opens_at", "closes_at", "duration_minutes", "attempts_allowed", "grading",
    "navigation", "shuffle_questions", "pass_percent", "admission_required", "admission_min", "proctored",
    "show_percent", "show_points", "show_results", "timetable_exam",
)  # fmt: skip


def _settings_of(quiz: Quiz) -> dict:
    """The test's settings as the audit's JSON holds them (a foreign key by its id, read without a query)."""
    values = {f: getattr(quiz, Quiz._meta.get_field(f).attname) for f in SETTINGS_FIELDS}
    return {f: v if v is None or isinstance(v, bool | int | str) else str(v) for f, v in values.items()}


@transaction.atomic
def quiz_update(*, quiz: Quiz, settings: dict, streams=None, actor=None) -> Quiz:
    """Saves the test's settings (those in `settings`), and its streams when given; the audit keeps what changed."""
    before = _settings_of(quiz)
    opens, closes = settings.get("opens_at", quiz.opens_at), settings.get("closes_at", quiz.closes_at)
    if opens and closes and closes <= opens:
        raise ValidationError(_("The test must close after it opens."))
    changed = []
    for field in SETTINGS_FIELDS:
        if field in settings:
            setattr(quiz, field, settings[field])
            changed.append(field)
    if not quiz.admission_required:
        quiz.admission_min = None
        changed.append("admission_min")
    if quiz.status == Quiz.Status.PUBLISHED:
        _window_check(quiz)
    quiz.save(update_fields=sorted(set(changed)) + ["updated_at"])
    if streams is not None:
        quiz.streams.set(streams)
    after = _settings_of(quiz)
    diff = [f for f in SETTINGS_FIELDS if before[f] != after[f]]
    if diff:
        audit_record_create(
            actor=actor,
            action=AuditAction.QUIZ_UPDATE,
            target=quiz,
            summary=quiz.title,
            before={f: before[f] for f in diff},
            after={f: after[f] for f in diff},
        )
    return quiz


def _questions_changeable(quiz: Quiz) -> None:
    if quiz.status == Quiz.Status.PUBLISHED and quiz_has_attempts(quiz):
        raise ValidationError(
            _(
                "The questions of this test cannot be changed: it is published and students have already sat it, "
                "so their results would no longer compare. Make a copy or a new test instead."
            )
        )


def _next_position(model, quiz) -> int:
    return (model.objects.filter(quiz=quiz).aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def quiz_question_add(*, quiz: Quiz, question: Question, points: Decimal | None = None) -> QuizQuestion:
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    _questions_changeable(quiz)
    if question.bank.discipline_id != quiz.discipline_id:
        raise ValidationError(_("The question is from a bank of another discipline."))
    if QuizQuestion.objects.filter(quiz=quiz, question=question).exists():
        raise ValidationError(_("The test already includes this question."))
    return QuizQuestion.objects.create(
        quiz=quiz, question=question, points=points, position=_next_position(QuizQuestion, quiz)
    )


@transaction.atomic
def quiz_pool_add(
    *,
    quiz: Quiz,
    bank: QuestionBank,
    category: str,
    count: int,
    points: Decimal | None = None,
    include_subcategories: bool = True,
) -> QuizPool:
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    _questions_changeable(quiz)
    if bank.discipline_id != quiz.discipline_id:
        raise ValidationError(_("The bank is of another discipline."))
    if count < 1:
        raise ValidationError(_("Draw at least one question."))
    available = pool_questions(bank, category, include_subcategories).count()
    if count > available:
        raise ValidationError(
            _("The category holds %(available)s questions; a pool cannot draw %(count)s.")
            % {"available": available, "count": count}
        )
    return QuizPool.objects.create(
        quiz=quiz,
        bank=bank,
        category=category,
        count=count,
        points=points,
        include_subcategories=include_subcategories,
        position=_next_position(QuizPool, quiz),
    )


def _item(quiz, kind: str, item_id):
    model = QuizQuestion if kind == "question" else QuizPool
    row = model.objects.filter(quiz=quiz, pk=item_id).first()
    if row is None:
        raise ValidationError(_("This question is no longer in the test."))
    return model, row


@transaction.atomic
def quiz_item_remove(*, quiz: Quiz, kind: str, item_id: int) -> None:
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    _questions_changeable(quiz)
    _model, row = _item(quiz, kind, item_id)
    row.delete()


@transaction.atomic
def quiz_item_move(*, quiz: Quiz, kind: str, item_id: int, up: bool) -> None:
    """Swaps a fixed question (or a pool) with its neighbour above or below."""
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    _questions_changeable(quiz)
    model, row = _item(quiz, kind, item_id)
    rows = list(model.objects.filter(quiz=quiz).order_by("position", "id"))
    for number, each in enumerate(rows, start=1):
        each.position = number
    index = rows.index(row)
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index].position, rows[other].position = rows[other].position, rows[index].position
    model.objects.bulk_update(rows, ["position"])


def _window_check(quiz: Quiz) -> None:
    if not quiz.opens_at or not quiz.closes_at:
        raise ValidationError(_("Set when the test opens and closes before publishing it."))
    if quiz.closes_at <= quiz.opens_at:
        raise ValidationError(_("The test must close after it opens."))


@transaction.atomic
def quiz_publish(*, quiz: Quiz, actor=None) -> Quiz:
    """Opens the test to its students, when it has questions, its pools can draw and its window is set."""
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    pools = list(quiz.pools.all())
    if not quiz.fixed_questions.exists() and not pools:
        raise ValidationError(_("The test has no questions: add questions or random pools before publishing it."))
    for pool in pools:
        available = pool_questions(pool).count()
        if pool.count > available:
            raise ValidationError(
                _("A pool asks for %(count)s questions from “%(category)s”, which holds only %(available)s.")
                % {"count": pool.count, "category": pool.category or _("the whole bank"), "available": available}
            )
    _window_check(quiz)
    if quiz.closes_at <= timezone.now():
        raise ValidationError(_("The test's window is already over: set a closing time in the future."))
    quiz.status = Quiz.Status.PUBLISHED
    quiz.save(update_fields=["status", "updated_at"])
    audit_record_create(actor=actor, action=AuditAction.QUIZ_PUBLISH, target=quiz, summary=quiz.title)
    return quiz


@transaction.atomic
def quiz_unpublish(*, quiz: Quiz, actor=None) -> Quiz:
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    if Attempt.objects.filter(quiz=quiz, status=Attempt.Status.IN_PROGRESS).exists():
        raise ValidationError(_("Students are sitting the test now: it cannot be withdrawn."))
    quiz.status = Quiz.Status.DRAFT
    quiz.save(update_fields=["status", "updated_at"])
    audit_record_create(actor=actor, action=AuditAction.QUIZ_UNPUBLISH, target=quiz, summary=quiz.title)
    return quiz


# --- extra time ------------------------------------------------------------------------------------------------


@transaction.atomic
def accommodation_set(*, quiz: Quiz, student, extra_minutes: int, reason: str = "", actor) -> Accommodation:
    if quiz.audience == Quiz.Audience.STREAMS and not quiz_students(quiz).filter(pk=student.pk).exists():
        raise ValidationError(_("The student is not registered for this test's discipline in its term."))
    if not 1 <= extra_minutes <= 600:
        raise ValidationError(_("Extra time is from 1 to 600 minutes."))
    before = Accommodation.objects.filter(quiz=quiz, student=student).values("extra_minutes", "reason").first()
    row, _created = Accommodation.objects.update_or_create(
        quiz=quiz,
        student=student,
        defaults={"extra_minutes": extra_minutes, "reason": reason.strip(), "created_by": actor},
    )
    audit_record_create(
        actor=actor,
        action=AuditAction.ACCOMMODATION_SET,
        target=row,
        summary=f"{quiz.title} · {student}",
        before=before,
        after={"extra_minutes": row.extra_minutes, "reason": row.reason},
    )
    return row


@transaction.atomic
def accommodation_remove(*, quiz: Quiz, accommodation_id: int, actor=None) -> None:
    row = Accommodation.objects.filter(quiz=quiz, pk=accommodation_id).select_related("student__user").first()
    if row is None:
        return
    audit_record_create(
        actor=actor,
        action=AuditAction.ACCOMMODATION_REMOVE,
        target=row,
        summary=f"{quiz.title} · {row.student}",
        before={"extra_minutes": row.extra_minutes, "reason": row.reason},
    )
    row.delete()

"""Demo assignments: for each stream teacher@demo.kz teaches to student@demo.kz, tasks in every status the student
can see (not started, in progress, returned for rework, overdue, submitted, graded, graded late with a penalty),
with small real files, a thread, and some classmates' work in the teacher's queue.

The texts are written in the stream's language of instruction (an assignment is written once, by its teacher).
Rows are found by natural keys (stream, title), so a re-run creates nothing new.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assignments.models import Assignment, AssignmentFile, LatePolicy, Submission, SubmissionFile, ThreadMessage
from assignments.services import late_penalty, points_after_penalty
from people.models import StudentRecord, User
from schedule.models import Stream

DEMO_STUDENT = "student@demo.kz"
DEMO_TEACHER = "teacher@demo.kz"

# (key, days to the deadline, late policy, the demo student's state)
PLAN = [
    ("essay", 7, LatePolicy.CLOSED, "not_started"),
    ("problems", 5, LatePolicy.PENALTY, "draft"),
    ("report", 3, LatePolicy.PENALTY, "submitted"),
    ("review", 4, LatePolicy.CLOSED, "returned"),
    ("quiz", -6, LatePolicy.CLOSED, "graded"),
    ("project", -12, LatePolicy.PENALTY, "graded_late"),
    ("summary", -2, LatePolicy.CLOSED, "overdue"),
]
TEXTS = {
    "essay": {
        "kk": ("Эссе: пәннің негізгі ұғымдары", "Пәннің үш негізгі ұғымын өз сөзіңізбен түсіндіріңіз (1–2 бет)."),
        "ru": ("Эссе: основные понятия дисциплины", "Объясните своими словами три основных понятия (1–2 страницы)."),
        "en": (
            "Essay: the key concepts",
            "Explain three key concepts of the discipline in your own words (1–2 pages).",
        ),
    },
    "problems": {
        "kk": ("Есептер жинағы №2", "Материалдағы 1–10 есептерді шығарып, шешімін жіберіңіз."),
        "ru": ("Сборник задач №2", "Решите задачи 1–10 из материалов и пришлите решение."),
        "en": ("Problem set 2", "Solve problems 1–10 of the material and send your solutions."),
    },
    "report": {
        "kk": ("Зертханалық жұмыс есебі", "Зертханалық жұмыстың есебін PDF түрінде тіркеңіз."),
        "ru": ("Отчёт по лабораторной работе", "Приложите отчёт по лабораторной работе в PDF."),
        "en": ("Lab report", "Attach the report of the lab work as a PDF."),
    },
    "review": {
        "kk": ("Мақалаға шолу", "Ұсынылған мақалаға қысқа шолу жазыңыз."),
        "ru": ("Обзор статьи", "Напишите краткий обзор рекомендованной статьи."),
        "en": ("Article review", "Write a short review of the recommended article."),
    },
    "quiz": {
        "kk": ("Бақылау сұрақтары", "1-тараудың бақылау сұрақтарына жауап беріңіз."),
        "ru": ("Контрольные вопросы", "Ответьте на контрольные вопросы главы 1."),
        "en": ("Review questions", "Answer the review questions of chapter 1."),
    },
    "project": {
        "kk": ("Шағын жоба", "Шағын жобаның сипаттамасы мен сілтемесін жіберіңіз."),
        "ru": ("Мини-проект", "Пришлите описание мини-проекта и ссылку на него."),
        "en": ("Mini project", "Send the description of your mini project and a link to it."),
    },
    "summary": {
        "kk": ("Дәріс конспектісі", "3-дәрістің қысқаша конспектісін жазыңыз."),
        "ru": ("Конспект лекции", "Напишите краткий конспект лекции 3."),
        "en": ("Lecture summary", "Write a short summary of lecture 3."),
    },
}
READING = {
    "kk": "Негізгі оқулық, 1–3 тараулар\nДәріс слайдтары",
    "ru": "Основной учебник, главы 1–3\nСлайды лекций",
    "en": "The main textbook, chapters 1–3\nLecture slides",
}
ANSWER = {
    "kk": "Менің жауабым: негізгі ұғымдар мен мысалдар төменде келтірілген.",
    "ru": "Мой ответ: основные понятия и примеры приведены ниже.",
    "en": "My answer: the key concepts and examples are given below.",
}
FEEDBACK = {
    "graded": {"kk": "Жақсы жұмыс.", "ru": "Хорошая работа.", "en": "Good work."},
    "returned": {
        "kk": "Қорытынды бөлімін толықтырыңыз.",
        "ru": "Дополните, пожалуйста, заключение.",
        "en": "Please expand the conclusion.",
    },
}
QUESTION = {
    "kk": "Сәлеметсіз бе! Есепті қолжазба түрінде жіберуге бола ма?",
    "ru": "Здравствуйте! Можно прислать решение от руки (скан)?",
    "en": "Hello! May I send a scan of a handwritten solution?",
}
REPLY = {"kk": "Иә, PDF түрінде.", "ru": "Да, в формате PDF.", "en": "Yes, as a PDF."}


def tiny_pdf(title: str) -> bytes:
    """A real one-page PDF with a line of text (Latin letters: the base-14 font has no Cyrillic)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _attach(model, owner_field: str, owner, name: str, content: bytes, content_type: str) -> None:
    token = secrets.token_hex(16)
    row = model(**{owner_field: owner}, token=token, name=name, content_type=content_type, size=len(content))
    row.file.save(token, ContentFile(content), save=False)
    row.save()


def _state(assignment: Assignment, student: StudentRecord, state: str, language: str, now: dt.datetime) -> None:
    if state in ("not_started", "overdue"):
        return
    submission = Submission(assignment=assignment, student=student, text=ANSWER[language])
    if state == "draft":
        submission.status = Submission.Status.DRAFT
    else:
        late = state == "graded_late"
        sent = assignment.deadline + (dt.timedelta(days=1, hours=3) if late else -dt.timedelta(days=1))
        submission.submitted_at = min(sent, now)
        submission.days_late = 2 if late else 0
        submission.penalty = late_penalty(assignment=assignment, days=submission.days_late)
        submission.status = Submission.Status.SUBMITTED
        if state == "returned":
            submission.status, submission.feedback = Submission.Status.RETURNED, FEEDBACK["returned"][language]
        elif state.startswith("graded"):
            submission.status, submission.points = Submission.Status.GRADED, 88 if late else 92
            submission.final_points = points_after_penalty(points=submission.points, penalty=submission.penalty)
            submission.feedback = FEEDBACK["graded"][language]
            submission.graded_at = min(now, submission.submitted_at + dt.timedelta(days=2))
            submission.graded_by = assignment.stream.teacher
    submission.save()
    if state == "submitted":
        _attach(SubmissionFile, "submission", submission, "report.pdf", tiny_pdf(assignment.title), "application/pdf")


@transaction.atomic
def seed_assignments(*, today: dt.date) -> dict:
    teacher = User.objects.filter(email=DEMO_TEACHER).first()
    student = StudentRecord.objects.filter(user__email=DEMO_STUDENT).select_related("user").first()
    if teacher is None or student is None:
        return {}
    streams = list(
        # the current term's streams only (demo.journal also gives the teacher past-term streams of the student)
        Stream.objects.filter(
            teacher=teacher, choices__student=student, term__start_date__lte=today, term__end_date__gte=today
        )
        .select_related("discipline", "teacher")
        .order_by("discipline__code", "kind", "code")
    )
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    created = 0
    for n, stream in enumerate(streams[:2]):
        language = stream.language if stream.language in ("kk", "ru", "en") else "kk"
        have = set(Assignment.objects.filter(stream=stream).values_list("title", flat=True))
        classmates = list(
            StudentRecord.objects.filter(stream_choices__stream=stream).exclude(pk=student.pk).order_by("pk")[:6]
        )
        for m, (key, days, policy, state) in enumerate(PLAN):
            if n == 1 and m % 2:
                continue  # the second stream gets every other task, so the list is not doubled
            title, description = TEXTS[key][language]
            if n:
                title = f"{title} ({stream.code})"  # the second stream's task of the same name
            if title in have:
                continue
            assignment = Assignment.objects.create(
                stream=stream,
                author=teacher,
                title=title,
                description=description,
                reading=READING[language],
                deadline=now + dt.timedelta(days=days + n, hours=6),
                allow_text=True,
                allow_file=key in ("problems", "report", "essay"),
                allow_link=key == "project",
                max_points=100,
                late_policy=policy,
                penalty_per_day=10 if policy == LatePolicy.PENALTY else 0,
                penalty_floor=50 if policy == LatePolicy.PENALTY else 0,
            )
            created += 1
            if key in ("problems", "report"):
                _attach(AssignmentFile, "assignment", assignment, f"{key}.pdf", tiny_pdf(title), "application/pdf")
            if key == "essay":
                plan = "\n".join(f"{i}. {line}" for i, line in enumerate(READING[language].splitlines(), 1))
                _attach(AssignmentFile, "assignment", assignment, "plan.txt", plan.encode(), "text/plain")
            _state(assignment, student, state, language, now)
            if key == "problems":
                ThreadMessage.objects.create(
                    assignment=assignment, student=student, author=student.user, text=QUESTION[language]
                )
                ThreadMessage.objects.create(
                    assignment=assignment, student=student, author=teacher, text=REPLY[language]
                )
            if days < 4:  # classmates' sent work waits in the teacher's queue
                for k, classmate in enumerate(classmates[:4]):
                    _state(assignment, classmate, "submitted" if k % 2 == 0 else "graded", language, now)
    return {"assignments": created}

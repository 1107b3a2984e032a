"""Demo conversations (issue 10, part 5): student@demo.kz with teacher@demo.kz (correspondence and homework in a
stream they share) and with advisor@demo.kz, and an announcement by the teacher to that stream; some unread.

Idempotent: a conversation is found by its stream, mode and members; a re-run adds nothing. Texts are in the
language of the stream (or Russian for the advisor), as people write them; times are fixed relative to today."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from messaging.models import Conversation, Membership, Message
from messaging.text import message_html
from people.models import User
from schedule.models import Stream, StreamChoice

TEXTS = {
    "kk": {
        "announcement": "Құрметті студенттер! Келесі аптадағы практикалық сабақ 305 аудиторияда өтеді.",
        "question": "Сәлеметсіз бе! Зертханалық жұмыстың есебін қашан тапсыру керек?",
        "answer": "Сәлеметсіз бе! Жұма күнге дейін порталға жүктеңіз. Үлгі: https://example.edu/template",
        "homework": "Үй тапсырмасының екінші есебін тексеріп бере аласыз ба?",
        "homework_reply": "Иә, бүгін кешке қараймын.",
    },
    "ru": {
        "announcement": "Уважаемые студенты! Практическое занятие на следующей неделе пройдёт в аудитории 305.",
        "question": "Здравствуйте! Когда нужно сдать отчёт по лабораторной работе?",
        "answer": "Здравствуйте! Загрузите в портал до пятницы. Образец: https://example.edu/template",
        "homework": "Можете проверить вторую задачу домашнего задания?",
        "homework_reply": "Да, посмотрю сегодня вечером.",
    },
    "en": {
        "announcement": "Dear students! Next week's practice class will be held in room 305.",
        "question": "Hello! When is the lab report due?",
        "answer": "Hello! Upload it to the portal by Friday. A template: https://example.edu/template",
        "homework": "Could you check the second problem of the homework?",
        "homework_reply": "Yes, I will look at it tonight.",
    },
}
ADVISOR_TEXTS = [
    ("student", "Здравствуйте! Можно ли поменять элективную дисциплину в ИУП?"),
    ("advisor", "Здравствуйте! Да, до конца периода регистрации. Зайдите ко мне в среду после 14:00."),
    ("advisor", "И не забудьте подписать ИУП в портале."),
]


def _conversation(
    *, people, stream=None, mode=Conversation.Mode.CORRESPONDENCE, subject=""
) -> tuple[Conversation, bool]:
    queryset = Conversation.objects.filter(stream=stream, mode=mode)
    for person in people:
        queryset = queryset.filter(memberships__user=person)
    found = queryset.order_by("pk").first()
    if found is not None:
        return found, False
    conversation = Conversation.objects.create(stream=stream, mode=mode)
    Membership.objects.bulk_create([Membership(conversation=conversation, user=p) for p in people])
    return conversation, True


def _write(conversation: Conversation, lines: list[tuple[User, str, dt.datetime]], *, read_by: dict) -> None:
    rows = Message.objects.bulk_create(
        [Message(conversation=conversation, sender=sender, body=message_html(text)) for sender, text, _at in lines]
    )
    for row, (_sender, _text, at) in zip(rows, lines, strict=True):
        Message.objects.filter(pk=row.pk).update(created_at=at)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=lines[-1][2], created_at=lines[0][2])
    for user, at in read_by.items():
        Membership.objects.filter(conversation=conversation, user=user).update(last_read_at=at)


@transaction.atomic
def seed_messaging(*, today: dt.date) -> None:
    logins = {
        u.email.split("@")[0]: u
        for u in User.objects.filter(email__in=["student@demo.kz", "teacher@demo.kz", "advisor@demo.kz"])
    }
    student, teacher, advisor = logins.get("student"), logins.get("teacher"), logins.get("advisor")
    if student is None or teacher is None:
        return
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    stream = (
        Stream.objects.filter(teacher=teacher, choices__student__user=student)
        .select_related("discipline")
        .order_by("-term__start_date", "pk")
        .first()
    )
    if stream is not None:
        texts = TEXTS.get(stream.language, TEXTS["ru"])
        students = list(StreamChoice.objects.filter(stream=stream).values_list("student__user_id", flat=True))
        announcements, created = _conversation(people=[teacher], stream=stream, mode=Conversation.Mode.ANNOUNCEMENTS)
        if created:
            Membership.objects.bulk_create(
                [Membership(conversation=announcements, user_id=pk) for pk in students], ignore_conflicts=True
            )
            _write(announcements, [(teacher, texts["announcement"], now - dt.timedelta(hours=3))], read_by={})
        chat, created = _conversation(people=[student, teacher], stream=stream)
        if created:
            _write(
                chat,
                [
                    (student, texts["question"], now - dt.timedelta(days=1, hours=2)),
                    (teacher, texts["answer"], now - dt.timedelta(hours=1)),
                ],
                read_by={student: now - dt.timedelta(days=1), teacher: now - dt.timedelta(hours=1)},
            )
        homework, created = _conversation(people=[student, teacher], stream=stream, mode=Conversation.Mode.HOMEWORK)
        if created:
            _write(
                homework,
                [
                    (student, texts["homework"], now - dt.timedelta(days=2)),
                    (teacher, texts["homework_reply"], now - dt.timedelta(days=2) + dt.timedelta(hours=1)),
                ],
                read_by={student: now, teacher: now},
            )
    if advisor is not None and student.student_record.advisor_id == advisor.pk:
        chat, created = _conversation(people=[student, advisor])
        if created:
            people = {"student": student, "advisor": advisor}
            lines = [
                (people[who], text, now - dt.timedelta(days=3) + dt.timedelta(hours=n * 5))
                for n, (who, text) in enumerate(ADVISOR_TEXTS)
            ]
            _write(chat, lines, read_by={student: lines[1][2], advisor: lines[-1][2]})

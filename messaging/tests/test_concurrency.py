"""First messages sent at the same instant land in one conversation. PostgreSQL only (row locks).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m pytest messaging/tests -m postgres
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from messaging.models import Conversation, Message
from messaging.services import announcement_send, direct_message_send
from people.tests.factories import AdvisorFactory, StudentFactory, TeacherFactory
from schedule.tests.factories import StreamChoiceFactory, StreamFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_a_student_and_their_advisor_writing_first_at_once_share_one_conversation():
    advisor = AdvisorFactory()
    for _round in range(5):
        student = StudentFactory()
        record = student.student_record
        record.advisor = advisor
        record.save()
        at_once(
            lambda s=student: direct_message_send(sender=s, recipient=advisor, text="Hello"),
            lambda s=student: direct_message_send(sender=advisor, recipient=s, text="Hello to you"),
            lambda s=student: direct_message_send(sender=s, recipient=advisor, text="Hello again"),
        )
        chats = Conversation.objects.filter(memberships__user=student)
        assert chats.count() == 1
        assert Message.objects.filter(conversation__in=chats).count() == 3


def test_two_first_announcements_at_once_make_one_announcements_chat():
    teacher = TeacherFactory()
    stream = StreamFactory(teacher=teacher)
    StreamChoiceFactory(student=StudentFactory().student_record, stream=stream)
    at_once(
        lambda: announcement_send(sender=teacher, stream=stream, text="Room changed"),
        lambda: announcement_send(sender=teacher, stream=stream, text="Bring calculators"),
    )
    chats = Conversation.objects.filter(stream=stream, mode=Conversation.Mode.ANNOUNCEMENTS)
    assert chats.count() == 1 and Message.objects.filter(conversation=chats.get()).count() == 2

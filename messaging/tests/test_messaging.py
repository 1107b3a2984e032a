import datetime as dt
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from messaging.models import Conversation, Membership, Message
from messaging.permissions import contacts_for, may_write
from messaging.services import (
    MessageRefused,
    announcement_send,
    direct_message_send,
    message_send,
    stream_message_send,
)
from messaging.text import clean_html, message_html
from notifications.models import Notification
from people.tests.factories import StudentFactory, TeacherFactory
from schedule.tests.factories import StreamChoiceFactory, StreamFactory

from .factories import MessageFactory, chat_between

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def pdf_upload(name="report.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "application/pdf")


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


@pytest.fixture
def course(student, teacher, advisor):
    """The student in the teacher's stream, the advisor theirs; an outsider teacher and another student."""
    record = student.student_record
    record.advisor = advisor
    record.save()
    stream = StreamFactory(teacher=teacher, code="L-01")
    StreamChoiceFactory(student=record, stream=stream)
    classmate = StudentFactory()
    StreamChoiceFactory(student=classmate.student_record, stream=stream)
    for person in (student, teacher, advisor, classmate):
        person.language = "en"
        person.save()
    return stream, classmate


def signed(client, user):
    client.force_login(user)
    return client


# --- who may write to whom -----------------------------------------------------------------------------------


def test_a_student_writes_to_their_teachers_and_advisor_only(course, student, teacher, advisor):
    stream, classmate = course
    outsider = TeacherFactory()

    assert set(contacts_for(student)) == {teacher, advisor}
    assert set(contacts_for(teacher)) == {student, classmate}
    assert set(contacts_for(advisor)) == {student}
    assert not may_write(student, outsider)
    assert not may_write(student, classmate)
    assert not may_write(outsider, student)


def test_a_message_to_someone_else_is_refused_and_nothing_is_stored(course, student):
    outsider = TeacherFactory()

    with pytest.raises(MessageRefused) as refused:
        direct_message_send(sender=student, recipient=outsider, text="Hello")

    assert refused.value.code == "not_a_contact"
    assert Message.objects.count() == 0 and Conversation.objects.count() == 0


def test_a_direct_message_reuses_the_pair_conversation(course, student, advisor):
    first = direct_message_send(sender=student, recipient=advisor, text="Hello")
    second = direct_message_send(sender=advisor, recipient=student, text="Hi")

    assert first.conversation_id == second.conversation_id
    assert set(first.conversation.members.all()) == {student, advisor}


def test_only_the_streams_teacher_announces_and_every_student_is_notified(course, student, teacher):
    stream, classmate = course

    with pytest.raises(MessageRefused):
        announcement_send(sender=student, stream=stream, text="Fake news")
    message = announcement_send(sender=teacher, stream=stream, text="The test is on Friday")

    chat = message.conversation
    assert chat.mode == Conversation.Mode.ANNOUNCEMENTS and chat.stream == stream
    assert set(chat.members.all()) == {teacher, student, classmate}
    assert set(Notification.objects.values_list("recipient", flat=True)) == {student.pk, classmate.pk}
    with pytest.raises(MessageRefused):
        message_send(sender=student, conversation=chat, text="Reply to all")
    assert chat.messages.count() == 1


def test_a_student_writes_in_the_discipline_chat_only_in_their_stream(course, student, teacher):
    stream, _classmate = course
    foreign = StreamFactory()

    message = stream_message_send(sender=student, stream=stream, mode="homework", text="My answer")
    with pytest.raises(MessageRefused):
        stream_message_send(sender=student, stream=foreign, mode="homework", text="Let me in")

    assert message.conversation.mode == "homework"
    assert set(message.conversation.members.all()) == {student, teacher}


# --- text ----------------------------------------------------------------------------------------------------


def test_a_script_and_a_javascript_link_are_neutralised():
    html = message_html('<script>alert(1)</script> <a href="javascript:alert(2)">x</a> javascript:alert(3)')

    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<a " not in html and "&lt;a href=" in html  # shown as text, never a link


def test_the_cleaner_drops_scripts_and_javascript_links():
    html = clean_html('<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">x</a><b>b</b>')

    assert "script" not in html and "javascript" not in html and "onclick" not in html and "<b>" not in html
    assert html == '<a rel="nofollow noopener">x</a>b'


def test_addresses_become_safe_links_and_lines_breaks():
    html = message_html("See https://example.com/a?b=1&c=2.\nOr write to me@example.kz")

    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">' in html
    assert '<a href="mailto:me@example.kz" rel="nofollow noopener">' in html
    assert "<br>" in html


def test_the_conversation_page_shows_typed_markup_as_text(client, course, student, teacher):
    message = direct_message_send(sender=student, recipient=teacher, text='<img src=x onerror="alert(1)">')

    html = signed(client, teacher).get(reverse("messaging:conversation", args=[message.conversation_id])).content
    assert b"<img src=x" not in html and b"&lt;img" in html


# --- pages ---------------------------------------------------------------------------------------------------


def test_new_message_to_a_stranger_keeps_the_text_and_says_why(client, course, student):
    outsider = TeacherFactory()

    response = signed(client, student).post(
        reverse("messaging:new"), {"recipient": outsider.pk, "text": "Please keep this text"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "You can write only to your teachers and your advisor" in html
    assert "Please keep this text" in html
    assert Message.objects.count() == 0


def test_new_message_to_the_teacher_opens_the_conversation(client, course, student, teacher):
    response = signed(client, student).post(reverse("messaging:new"), {"recipient": teacher.pk, "text": "Hello"})

    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:conversation", args=[message.conversation_id])


def test_opening_a_conversation_marks_it_read(client, course, student, teacher):
    chat = direct_message_send(sender=teacher, recipient=student, text="Read me").conversation
    membership = Membership.objects.get(conversation=chat, user=student)
    assert membership.last_read_at is None

    response = signed(client, student).get(reverse("messaging:conversation", args=[chat.pk]))

    assert response.status_code == 200 and "Read me" in response.content.decode()
    membership.refresh_from_db()
    assert membership.last_read_at is not None
    html = client.get(reverse("messaging:dropdown"), **HTMX).content.decode()
    assert 'data-testid="chat-unread"' not in html


def test_someone_elses_conversation_is_404(client, course, student, teacher):
    chat = direct_message_send(sender=student, recipient=teacher, text="Private").conversation
    client = signed(client, TeacherFactory())

    assert client.get(reverse("messaging:conversation", args=[chat.pk])).status_code == 404
    assert client.post(reverse("messaging:conversation", args=[chat.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("messaging:poll", args=[chat.pk])).status_code == 404
    assert chat.messages.count() == 1


def test_a_reply_in_the_conversation(client, course, student, teacher):
    chat = direct_message_send(sender=student, recipient=teacher, text="Question").conversation

    response = signed(client, teacher).post(reverse("messaging:conversation", args=[chat.pk]), {"text": "Answer"})

    assert response.status_code == 302
    assert list(chat.messages.values_list("sender", flat=True)) == [student.pk, teacher.pk]


def test_an_empty_reply_is_refused(client, course, student, teacher):
    chat = direct_message_send(sender=student, recipient=teacher, text="Question").conversation

    response = signed(client, teacher).post(reverse("messaging:conversation", args=[chat.pk]), {"text": "  "})

    assert response.status_code == 400 and "Write a message or attach a file." in response.content.decode()


def test_students_read_announcements_and_cannot_post_them(client, course, student, teacher):
    stream, _classmate = course
    announcement_send(sender=teacher, stream=stream, text="Room 305 next week")
    url = reverse("messaging:stream", args=[stream.pk]) + "?mode=announcements"

    response = signed(client, student).get(url)
    html = response.content.decode()
    assert "Room 305 next week" in html and 'data-testid="read-only"' in html
    assert 'data-testid="message-form"' not in html
    assert client.post(url, {"mode": "announcements", "text": "Spam"}).status_code == 404
    assert Message.objects.count() == 1


def test_the_teacher_announces_from_the_stream_page(client, course, student, teacher):
    stream, _classmate = course
    url = reverse("messaging:stream", args=[stream.pk])

    response = signed(client, teacher).post(url, {"mode": "announcements", "text": "Exam on Monday"})

    assert response.status_code == 302
    assert Message.objects.get().conversation.mode == "announcements"
    assert Notification.objects.filter(recipient=student).count() == 1


def test_the_stream_chat_is_404_for_others(client, course):
    stream, _classmate = course

    assert signed(client, TeacherFactory()).get(reverse("messaging:stream", args=[stream.pk])).status_code == 404


def test_the_teacher_sees_the_students_homework_threads(client, course, student, teacher):
    stream, _classmate = course
    stream_message_send(sender=student, stream=stream, mode="homework", text="Done")

    html = signed(client, teacher).get(reverse("messaging:stream", args=[stream.pk]) + "?mode=homework")
    html = html.content.decode()
    assert student.get_full_name() in html and 'data-testid="chat-unread"' in html


def test_the_homework_mode_links_the_streams_assignments(client, course, student, teacher):
    from assignments.tests.factories import AssignmentFactory

    stream, _classmate = course
    task = AssignmentFactory(stream=stream, title="Sorting lab")
    AssignmentFactory(title="Another stream's lab")
    url = reverse("messaging:stream", args=[stream.pk]) + "?mode=homework"

    html = signed(client, student).get(url).content.decode()
    assert "Sorting lab" in html and reverse("assignments:detail", args=[task.pk]) in html
    assert "Another stream's lab" not in html
    html = signed(client, teacher).get(url).content.decode()
    assert reverse("assignments:queue", args=[task.pk]) in html


# --- polling -------------------------------------------------------------------------------------------------


def test_the_poll_answers_204_when_nothing_is_new_and_the_new_messages_otherwise(
    client, course, student, teacher, django_assert_max_num_queries
):
    chat = direct_message_send(sender=student, recipient=teacher, text="First").conversation
    last = chat.messages.get()
    client = signed(client, teacher)
    url = reverse("messaging:poll", args=[chat.pk])

    client.get(url)  # the session is read once
    with django_assert_max_num_queries(4):  # session, user, membership, messages
        nothing = client.get(url, {"after": last.pk}, **HTMX)
    assert nothing.status_code == 204 and nothing.content == b""

    direct_message_send(sender=student, recipient=teacher, text="Second")
    news = client.get(url, {"after": last.pk}, **HTMX)
    html = news.content.decode()
    assert news.status_code == 200 and "Second" in html and "First" not in html
    newest = chat.messages.order_by("-id").first()
    assert f"after={newest.pk}" in html  # the next poll asks from the newest one
    assert Membership.objects.get(conversation=chat, user=teacher).last_read_at >= newest.created_at


def test_the_envelope_counter_answers_204_until_someone_writes(client, course, student, teacher):
    client = signed(client, teacher)
    since = time.time()
    url = reverse("messaging:unread")

    assert client.get(url, {"since": f"{since:.3f}"}, **HTMX).status_code == 204
    direct_message_send(sender=student, recipient=teacher, text="Hello")
    response = client.get(url, {"since": f"{since:.3f}"}, **HTMX)

    assert response.status_code == 200
    assert 'data-testid="envelope-counter"' in response.content.decode()
    assert ">1</span>" in response.content.decode()
    later = time.time()
    direct_message_send(sender=teacher, recipient=student, text="one's own messages are nothing new")
    assert client.get(url, {"since": f"{later:.3f}"}, **HTMX).status_code == 204


def test_the_envelope_counter_without_since_answers_the_count(client, course, student, teacher):
    direct_message_send(sender=student, recipient=teacher, text="Hello")

    response = signed(client, teacher).get(reverse("messaging:unread"), {"since": "garbage"})

    assert response.status_code == 200 and ">1</span>" in response.content.decode()


# --- attachments ---------------------------------------------------------------------------------------------


def test_an_attachment_is_stored_and_served_to_members_only(client, course, student, teacher):
    signed(client, student).post(
        reverse("messaging:new"), {"recipient": teacher.pk, "text": "My report", "attachment": pdf_upload()}
    )
    message = Message.objects.get()
    assert message.attachment_type == "application/pdf" and message.attachment_name == "report.pdf"
    assert message.attachment.name.endswith(".pdf")
    url = reverse("messaging:attachment", args=[message.pk])

    response = signed(client, teacher).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert signed(client, TeacherFactory()).get(url).status_code == 404
    assert signed(client, StudentFactory()).get(url).status_code == 404


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00binary\x00\x00", "application/pdf"), "cannot be"),
        (SimpleUploadedFile("page.html", b"\x00\x01<html>", "text/html"), "cannot be attached"),
        (SimpleUploadedFile("fake.docx", b"PK\x03\x04not a zip at all", "application/msword"), "cannot be attached"),
    ],
)
def test_a_disallowed_attachment_is_refused_and_the_text_kept(client, course, student, teacher, upload, error):
    response = signed(client, student).post(
        reverse("messaging:new"), {"recipient": teacher.pk, "text": "Keep me", "attachment": upload}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html and "Keep me" in html
    assert Message.objects.count() == 0


def test_a_too_large_attachment_is_refused(client, course, student, teacher, settings):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "application/pdf")

    response = signed(client, student).post(
        reverse("messaging:new"), {"recipient": teacher.pk, "text": "Big", "attachment": big}
    )

    assert response.status_code == 400 and "too large" in response.content.decode()
    assert Message.objects.count() == 0


def test_an_image_and_an_office_file_are_accepted(course, student, teacher):
    import zipfile

    office = io.BytesIO()
    with zipfile.ZipFile(office, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("essay.docx", office.getvalue(), "application/octet-stream")

    image = direct_message_send(sender=student, recipient=teacher, text="", upload=png_upload())
    document = direct_message_send(sender=student, recipient=teacher, text="", upload=docx)

    assert image.attachment_type == "image/png"
    assert document.attachment_type.endswith("wordprocessingml.document")


def test_the_service_refuses_a_bad_file_too(course, student, teacher):
    with pytest.raises(ValidationError):
        direct_message_send(
            sender=student, recipient=teacher, text="x", upload=SimpleUploadedFile("a.bin", b"\x00\x00\x00")
        )
    assert Message.objects.count() == 0


# --- query budgets -------------------------------------------------------------------------------------------


def many_chats(student, teacher, stream, n):
    for i in range(n):
        other = TeacherFactory()
        chat = chat_between(student, other, subject=f"Topic {i}")
        MessageFactory.create_batch(3, conversation=chat, sender=other)
    chat = chat_between(student, teacher, subject="With the teacher")
    MessageFactory.create_batch(n, conversation=chat, sender=teacher)
    announcement_send(sender=teacher, stream=stream, text="Hello all")
    return chat


@pytest.mark.parametrize("n", [3, 12])
def test_query_budgets_do_not_grow_with_chats_and_messages(
    client, course, student, teacher, n, django_assert_max_num_queries
):
    stream, _classmate = course
    chat = many_chats(student, teacher, stream, n)
    stream_message_send(sender=student, stream=stream, mode="homework", text="Mine")
    client = signed(client, student)
    stream_url = reverse("messaging:stream", args=[stream.pk])
    pages = {
        reverse("messaging:index"): 16,
        reverse("messaging:dropdown"): 8,
        reverse("messaging:new"): 12,
        reverse("messaging:conversation", args=[chat.pk]): 16,
        stream_url + "?mode=announcements": 18,
        stream_url + "?mode=homework": 18,
        stream_url + "?mode=correspondence": 18,
        reverse("messaging:unread") + "?since=0": 6,
    }
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            response = client.get(url, **HTMX) if "dropdown" in url else client.get(url)
        assert response.status_code == 200, url
    teacher_client = signed(type(client)(), teacher)
    for url in (stream_url + "?mode=homework", stream_url + "?mode=announcements"):
        with django_assert_max_num_queries(18):
            assert teacher_client.get(url).status_code == 200


def test_the_envelope_lists_and_counts_many_chats(client, course, student, teacher):
    stream, _classmate = course
    many_chats(student, teacher, stream, 5)

    html = signed(client, student).get(reverse("messaging:dropdown"), **HTMX).content.decode()

    assert html.count('data-testid="chat"') == 7  # 5 + the teacher + the announcements (the list shows 10)
    assert 'data-testid="chat-unread"' in html


def test_timestamps_are_shown_in_the_readers_format(client, course, student, teacher):
    chat = direct_message_send(sender=teacher, recipient=student, text="Hi").conversation
    Message.objects.update(created_at=timezone.make_aware(dt.datetime(2026, 3, 5, 14, 7)))
    student.language = "ru"
    student.save()

    html = signed(client, student).get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "14:07" in html and "Вы" in html or "You" in html

import pytest
from django.urls import reverse
from django.utils import timezone

from messaging.models import Membership
from people.tests.factories import StudentFactory

from .factories import MessageFactory, chat_between

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)
    return client


def test_dropdown_lists_each_chat_with_the_other_member_subject_time_and_unread(signed_in, student, teacher, advisor):
    with_teacher = chat_between(student, teacher, subject="Algorithms, homework 3")
    MessageFactory.create_batch(2, conversation=with_teacher, sender=teacher)
    MessageFactory(conversation=with_teacher, sender=student)  # one's own messages are never unread
    with_advisor = chat_between(student, advisor, subject="My IUP")
    MessageFactory(conversation=with_advisor, sender=advisor)
    Membership.objects.filter(conversation=with_advisor, user=student).update(last_read_at=timezone.now())
    chat_between(teacher, advisor, subject="Staff only")

    response = signed_in.get(reverse("messaging:dropdown"), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('data-testid="chat"') == 2
    assert teacher.get_full_name() in html and advisor.get_full_name() in html
    assert "Algorithms, homework 3" in html and "My IUP" in html
    assert "Staff only" not in html
    assert html.count('data-testid="chat-unread"') == 1
    assert '2<span class="visually-hidden"> unread</span>' in html
    assert "<time datetime=" in html
    assert reverse("messaging:index") in html


def test_dropdown_for_a_group_chat_names_the_first_other_and_counts_the_rest(signed_in, student, teacher):
    chat_between(student, teacher, StudentFactory(), StudentFactory(), subject="Announcements")

    html = signed_in.get(reverse("messaging:dropdown"), **HTMX).content.decode()

    assert "and 2 more" in html


def test_dropdown_without_chats_says_so(signed_in):
    html = signed_in.get(reverse("messaging:dropdown"), **HTMX).content.decode()

    assert 'data-testid="no-chats"' in html


def test_dropdown_without_htmx_redirects_to_the_messages_page(signed_in):
    response = signed_in.get(reverse("messaging:dropdown"))

    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:index")


def test_messages_page_lists_the_persons_chats_with_links_to_them(signed_in, student, teacher):
    chat = chat_between(student, teacher, subject="Thesis draft")
    MessageFactory(conversation=chat, sender=teacher)
    chat_between(teacher, StudentFactory(), subject="Someone else's chat")

    response = signed_in.get(reverse("messaging:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thesis draft" in html
    assert teacher.get_full_name() in html
    assert "Someone else&#x27;s chat" not in html and "Someone else's chat" not in html
    assert reverse("messaging:conversation", args=[chat.pk]) in html
    assert "Please check my answer" not in html  # no message bodies: the chat screens come later


def test_messages_page_requires_sign_in(client, db):
    response = client.get(reverse("messaging:index"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_messages_page_query_budget_does_not_grow(signed_in, student, teacher, django_assert_max_num_queries):
    MessageFactory(conversation=chat_between(student, teacher), sender=teacher)
    with django_assert_max_num_queries(10) as few:
        signed_in.get(reverse("messaging:index"))

    for _ in range(8):
        MessageFactory(conversation=chat_between(student, StudentFactory(), teacher), sender=teacher)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(reverse("messaging:index"))
    assert response.content.decode().count('data-testid="chat"') == 9


def test_dropdown_query_budget_does_not_grow(signed_in, student, teacher, django_assert_max_num_queries):
    chat_between(student, teacher)
    with django_assert_max_num_queries(10) as few:
        signed_in.get(reverse("messaging:dropdown"), **HTMX)

    for _ in range(5):
        chat_between(student, StudentFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(reverse("messaging:dropdown"), **HTMX)

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import unread_notification_count

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)
    return client


def counter_value(html: str) -> int:
    match = re.search(r'data-testid="bell-counter">(\d+)</span>', html)
    assert match, "the counter is in the response"
    return int(match.group(1))


def test_dropdown_with_htmx_shows_the_latest_ten_with_unread_marked(signed_in, student, teacher):
    old = NotificationFactory.create_batch(3, recipient=student, title="Old one")
    NotificationFactory.create_batch(10, recipient=student)
    two_days_ago = timezone.now() - timezone.timedelta(days=2)
    Notification.objects.filter(pk__in=[n.pk for n in old]).update(created_at=two_days_ago)
    read = NotificationFactory(recipient=student, title="Already seen", read_at=timezone.now())
    NotificationFactory(recipient=teacher, title="Not for the student")

    response = signed_in.get(reverse("notifications:dropdown"), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('data-testid="notification"') == 10
    assert "Old one" not in html
    assert "Not for the student" not in html
    assert "Already seen" in html
    assert html.count('data-unread="true"') == 9
    assert 'data-unread="false"' in html and str(read.pk) in html
    assert "Mark all as read" in html
    assert reverse("notifications:list") in html
    assert 'hx-swap-oob="true"' in html
    assert counter_value(html) == unread_notification_count(user=student) == 13


def test_dropdown_without_htmx_redirects_to_the_list_page(signed_in):
    response = signed_in.get(reverse("notifications:dropdown"))

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_dropdown_requires_sign_in(client, db):
    response = client.get(reverse("notifications:dropdown"), **HTMX)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_mark_read_with_htmx_swaps_the_item_and_updates_the_counter(signed_in, student):
    notification, _other = NotificationFactory.create_batch(2, recipient=student)

    response = signed_in.post(reverse("notifications:read", args=[notification.pk]), **HTMX)

    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.read_at is not None
    html = response.content.decode()
    assert f'id="notification-{notification.pk}"' in html
    assert 'data-unread="false"' in html
    assert 'hx-swap-oob="true"' in html
    assert counter_value(html) == 1


def test_clicking_with_htmx_marks_read_and_follows_the_link(signed_in, student):
    notification = NotificationFactory(recipient=student, url="/m/journal/")

    response = signed_in.post(reverse("notifications:read", args=[notification.pk]), {"follow": "1"}, **HTMX)

    assert response["HX-Redirect"] == "/m/journal/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_clicking_without_javascript_marks_read_and_redirects_to_the_link(signed_in, student):
    notification = NotificationFactory(recipient=student, url="/m/journal/")

    response = signed_in.post(reverse("notifications:read", args=[notification.pk]), {"follow": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/m/journal/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_is_not_followed(signed_in, student):
    notification = NotificationFactory(recipient=student, url="https://evil.example.com/")

    response = signed_in.post(reverse("notifications:read", args=[notification.pk]), {"follow": "1"})

    assert response["Location"] == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_without_javascript_returns_to_the_page_it_came_from(signed_in, student):
    notification = NotificationFactory(recipient=student)
    back = reverse("notifications:list") + "?page=2"

    response = signed_in.post(reverse("notifications:read", args=[notification.pk]), {"next": back})

    assert response["Location"] == back
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_cannot_be_marked(signed_in, teacher):
    theirs = NotificationFactory(recipient=teacher)

    for extra in ({}, HTMX):
        response = signed_in.post(reverse("notifications:read", args=[theirs.pk]), {"follow": "1"}, **extra)
        assert response.status_code == 404

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_refuses_get(signed_in, student):
    notification = NotificationFactory(recipient=student)

    response = signed_in.get(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_with_htmx_returns_the_dropdown_with_a_zero_counter(signed_in, student, teacher):
    NotificationFactory.create_batch(3, recipient=student)
    theirs = NotificationFactory(recipient=teacher)

    response = signed_in.post(reverse("notifications:read_all"), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-unread="true"' not in html
    assert html.count('data-testid="notification"') == 3
    assert counter_value(html) == 0
    assert unread_notification_count(user=student) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_without_javascript_redirects_with_a_message(signed_in, student):
    NotificationFactory.create_batch(2, recipient=student)

    response = signed_in.post(reverse("notifications:read_all"), {"next": reverse("notifications:list")}, follow=True)

    assert response.redirect_chain == [(reverse("notifications:list"), 302)]
    assert "All notifications are marked as read." in response.content.decode()
    assert unread_notification_count(user=student) == 0


def test_list_page_shows_the_persons_notifications_with_pagination(signed_in, student, teacher):
    NotificationFactory.create_batch(25, recipient=student)
    NotificationFactory(recipient=teacher, title="Not for the student")

    first = signed_in.get(reverse("notifications:list"))
    second = signed_in.get(reverse("notifications:list"), {"page": 2})

    assert first.content.decode().count('data-testid="notification"') == 20
    assert second.content.decode().count('data-testid="notification"') == 5
    assert "Page 2 of 2" in second.content.decode()
    assert "Not for the student" not in first.content.decode() + second.content.decode()
    assert 'data-testid="mark-all-read"' in first.content.decode()


def test_list_page_when_empty(signed_in):
    response = signed_in.get(reverse("notifications:list"))

    assert 'data-testid="no-notifications"' in response.content.decode()
    assert 'data-testid="mark-all-read"' not in response.content.decode()


def test_list_page_query_budget_does_not_grow(signed_in, student, django_assert_max_num_queries):
    NotificationFactory.create_batch(2, recipient=student)
    with django_assert_max_num_queries(8) as few:
        signed_in.get(reverse("notifications:list"))

    NotificationFactory.create_batch(30, recipient=student)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(reverse("notifications:list"))
    assert response.content.decode().count('data-testid="notification"') == 20


def test_dropdown_query_budget_does_not_grow(signed_in, student, django_assert_max_num_queries):
    NotificationFactory(recipient=student)
    with django_assert_max_num_queries(8) as few:
        signed_in.get(reverse("notifications:dropdown"), **HTMX)

    NotificationFactory.create_batch(15, recipient=student)
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(reverse("notifications:dropdown"), **HTMX)

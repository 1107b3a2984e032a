"""Writes of the calendar feed: each person's private, revocable iCalendar URL (docs/modules.md#schedule)."""

from django.db import transaction

from ..models import CalendarFeed, new_feed_token


@transaction.atomic
def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    """The person's feed; the first visit to the feed page makes the private link (a random token)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_rotate(*, user) -> CalendarFeed:
    """Revoke the person's link and make a new one: the old URL answers 404 from now on.

    The row is locked so two clicks at once end with one token that the page shows, not a race between two.
    """
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed

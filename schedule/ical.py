"""The person's timetable as an iCalendar feed (RFC 5545) for Google, Apple and Outlook calendars.

Each weekly slot is one recurring VEVENT (RRULE:FREQ=WEEKLY with UNTIL; INTERVAL=2 for odd/even weeks, DTSTART on
the first meeting so the two-week step lands on the right weeks) with EXDATE for the holidays it skips. We chose
recurrence over expanded occurrences because a term is ~15 weeks: a timetable of ten slots is ten events instead of
~150, the calendar apps show it as a series ("every Monday"), and when the registrar moves a slot one event changes.
The expansion rules are the cabinet's own (`slot_dates`), so the feed and the timetable page agree date for date.
Exams are single events. Times carry TZID=Asia/Almaty with its VTIMEZONE; UIDs are built from primary keys and
the site's host, so they stay the same from one refresh to the next.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from academic_calendar.models import Holiday

from .models import Exam, Slot
from .selectors.timetable import local_datetime, slot_dates, timetable_streams, university_q

PRODID = "-//Student cabinet//Schedule//EN"
# A finished term stays in the feed for a while, so last term's lessons don't vanish from the calendar at once.
HISTORY = dt.timedelta(days=180)
REFRESH = dt.timedelta(hours=6)


def _feed_slots(user, since: dt.date):
    return (
        Slot.objects.filter(stream__in=timetable_streams(user), end_date__gte=since)
        .select_related("stream__discipline", "stream__teacher", "stream__term")
        .order_by("stream__term__start_date", "weekday", "start_time", "pk")
    )


def _feed_exams(user, since: dt.date):
    return (
        Exam.objects.filter(stream__in=timetable_streams(user), ends_at__gte=local_datetime(since, dt.time.min))
        .select_related("stream__discipline", "stream__teacher")
        .order_by("starts_at", "pk")
    )


def _lesson_event(slot: Slot, *, holidays: set[dt.date], uid_domain: str, stamp: dt.datetime):
    term_start = slot.stream.term.start_date
    meetings = list(slot_dates(slot, term_start=term_start, start=slot.start_date, end=slot.end_date))
    if not meetings:
        return None
    stream = slot.stream
    first, last = meetings[0], meetings[-1]
    event = icalendar.Event()
    event.add("uid", f"schedule-slot-{slot.pk}@{uid_domain}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{stream.discipline.name} ({stream.get_kind_display()})")
    event.add("dtstart", local_datetime(first, slot.start_time))
    event.add("dtend", local_datetime(first, slot.end_time))
    rule = {"freq": "weekly", "until": local_datetime(last, slot.start_time).astimezone(dt.UTC)}
    if slot.parity != Slot.Parity.EVERY:
        rule["interval"] = 2
    event.add("rrule", rule)
    skipped = [local_datetime(day, slot.start_time) for day in meetings if day in holidays]
    if skipped:
        event.add("exdate", skipped)
    if slot.room:
        event.add("location", slot.room)
    elif slot.online_url:
        event.add("location", slot.online_url)
    if slot.online_url:
        event.add("url", slot.online_url)
    lines = [
        _("Stream: %(code)s") % {"code": stream.code},
        _("Teacher: %(name)s") % {"name": stream.teacher.get_full_name()},
    ]
    if slot.parity != Slot.Parity.EVERY:
        lines.append(slot.get_parity_display())
    if slot.online_url:
        lines.append(_("Online lesson: %(url)s") % {"url": slot.online_url})
    event.add("description", "\n".join(lines))
    event.add("categories", [stream.get_kind_display()])
    return event


def _exam_event(exam: Exam, *, uid_domain: str, base_url: str, stamp: dt.datetime):
    event = icalendar.Event()
    event.add("uid", f"schedule-exam-{exam.pk}@{uid_domain}")
    event.add("dtstamp", stamp)
    event.add("summary", _("Exam: %(discipline)s") % {"discipline": exam.stream.discipline.name})
    event.add("dtstart", timezone.localtime(exam.starts_at, timezone.get_default_timezone()))
    event.add("dtend", timezone.localtime(exam.ends_at, timezone.get_default_timezone()))
    location = exam.room or (_("Online test") if exam.is_online else "")
    if location:
        event.add("location", location)
    lines = [_("Stream: %(code)s") % {"code": exam.stream.code}]
    if exam.is_online:
        if exam.test_url:
            link = exam.test_url if exam.test_url.startswith(("http://", "https://")) else base_url + exam.test_url
            event.add("url", link)
            lines.append(_("Test: %(url)s") % {"url": link})
        else:
            lines.append(_("The link to the test appears when the test is published."))
    event.add("description", "\n".join(lines))
    event.add("categories", [_("Exam")])
    return event


def feed_calendar(*, user, uid_domain: str, base_url: str, today: dt.date) -> icalendar.Calendar:
    """The person's lessons and exams, from `HISTORY` ago on, in their own language; four queries."""
    since = today - HISTORY
    with translation.override(user.preferred_language):
        slots = list(_feed_slots(user, since))
        holidays: set[dt.date] = set()
        if slots:
            holidays = set(
                Holiday.objects.filter(
                    university_q(user, "university_id"),
                    date__range=(min(s.start_date for s in slots), max(s.end_date for s in slots)),
                ).values_list("date", flat=True)
            )
        stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Timetable: %(name)s") % {"name": user.get_full_name() or user.email})
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", REFRESH)
        for slot in slots:
            event = _lesson_event(slot, holidays=holidays, uid_domain=uid_domain, stamp=stamp)
            if event is not None:
                cal.add_component(event)
        for exam in _feed_exams(user, since):
            cal.add_component(_exam_event(exam, uid_domain=uid_domain, base_url=base_url, stamp=stamp))
        cal.add_missing_timezones()
        if not cal.timezones:
            cal.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
    return cal

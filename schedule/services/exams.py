"""Writes of the exam timetable (docs/modules.md#exams): the registrar builds it; the stream's students then see it.

No separate exam registration: an exam belongs to a stream and every student who chose the stream sees it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from academic_calendar.models import Holiday
from core.validators import link_is_safe
from notifications.models import Kind
from notifications.services import notify

from ..models import Exam, Stream, StreamChoice

EXAM_FIELDS = ("starts_at", "ends_at", "room", "is_online", "test_url")


def _test_url_valid(url: str) -> bool:
    """A link inside the cabinet (the testing module's '/testing/...') or a full http(s) URL, read as a browser
    reads it (`/\\evil.example/` is another site: core/validators.py)."""
    return link_is_safe(url, allow_path=True, schemes=("http", "https"))


def exam_validate(
    *,
    stream: Stream,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: str = "",
    is_online: bool = False,
    test_url: str = "",
    exam: Exam | None = None,
) -> None:
    """Raise ValidationError (by field) unless the exam can be put on the timetable.

    - it ends after it starts;
    - a room is given, or it is an online test (an online test may still sit in a computer room);
    - only an online test has a test link, and the link is a cabinet path or an http(s) URL;
    - it is not on a public holiday of the university;
    - the room is free: another discipline's exam in the same room at an overlapping time is refused (several
      streams of one discipline may sit together in one hall).
    """
    errors: dict[str, str] = {}
    room = room.strip()
    if ends_at <= starts_at:
        errors["ends_at"] = _("The exam must end after it starts.")
    if not room and not is_online:
        errors["room"] = _("Give a room, or mark the exam as an online test.")
    if test_url and not is_online:
        errors["test_url"] = _("Only an online test has a link to the test.")
    elif test_url and not _test_url_valid(test_url):
        errors["test_url"] = _("Enter a link that starts with / (inside the cabinet) or with https://.")
    if "starts_at" not in errors:
        holiday = Holiday.objects.filter(
            university_id=stream.term.academic_year.university_id, date=timezone.localtime(starts_at).date()
        ).first()
        if holiday is not None:
            errors["starts_at"] = gettext("%(date)s is a public holiday: %(holiday)s.") % {
                "date": date_format(timezone.localtime(starts_at).date(), "DATE_FORMAT"),
                "holiday": holiday.name,
            }
    if room and "ends_at" not in errors:
        clash = (
            Exam.objects.filter(room__iexact=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .exclude(stream__discipline_id=stream.discipline_id)
            .exclude(pk=exam.pk if exam else None)
            .select_related("stream__discipline")
            .first()
        )
        if clash is not None:
            errors["room"] = gettext("Room %(room)s is taken at that time by the exam of %(stream)s.") % {
                "room": room,
                "stream": clash.stream,
            }
    if errors:
        raise ValidationError(errors)


def _notify_students(exam: Exam, *, changed: bool) -> None:
    """Tell the stream's students; each reads it in their own language (notify keeps the message ids)."""
    title = _("Exam moved: %(discipline)s") if changed else _("Exam scheduled: %(discipline)s")
    params = {
        "discipline": lambda: exam.stream.discipline.name,
        "when": exam.starts_at,
        "where": exam.room or _("online test"),
    }
    url = reverse("schedule:exam", args=[exam.pk])
    students = StreamChoice.objects.filter(stream=exam.stream, student__user__is_active=True).select_related(
        "student__user"
    )
    for choice in students:
        notify(
            recipient=choice.student.user,
            kind=Kind.SCHEDULE,
            title=title,
            body=_("%(when)s, %(where)s."),
            params=params,
            url=url,
        )


def exam_create(*, stream: Stream, **values) -> Exam:
    """Put an exam on the timetable (`values` as for exam_update); the stream's students see it and are notified."""
    return exam_update(exam=Exam(stream=stream), **values)


@transaction.atomic
def exam_update(
    *,
    exam: Exam,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: str = "",
    is_online: bool = False,
    test_url: str = "",
    notify_students: bool = True,
) -> Exam:
    """Write an exam's time and place, checked by exam_validate (a new exam comes unsaved, from exam_create).

    The students are told of a new exam, and of a changed one when its time or room changed.
    """
    adding = exam.pk is None
    exam_validate(
        stream=exam.stream,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        is_online=is_online,
        test_url=test_url,
        exam=None if adding else exam,
    )
    moved = (exam.starts_at, exam.ends_at, exam.room) != (starts_at, ends_at, room.strip())
    exam.starts_at, exam.ends_at, exam.room = starts_at, ends_at, room.strip()
    exam.is_online, exam.test_url = is_online, test_url.strip() if is_online else ""
    if adding:
        exam.save()
    else:
        exam.save(update_fields=[*EXAM_FIELDS, "updated_at"])
    if notify_students and (adding or moved):
        _notify_students(exam, changed=not adding)
    return exam


@transaction.atomic
def exam_set_test_url(*, exam: Exam, test_url: str) -> Exam:
    """The testing module (§2.13) fills the online exam's link once the test is published."""
    if not exam.is_online:
        raise ValidationError({"test_url": _("Only an online test has a link to the test.")})
    if test_url and not _test_url_valid(test_url):
        raise ValidationError({"test_url": _("Enter a link that starts with / (inside the cabinet) or with https://.")})
    exam.test_url = test_url.strip()
    exam.save(update_fields=["test_url", "updated_at"])
    return exam

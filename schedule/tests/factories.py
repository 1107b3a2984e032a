"""Factories of the schedule, shared by the selection, waitlist, timetable, exam and calendar-feed tests.

- `StreamFactory` (a lecture stream of a new discipline in the factories' autumn term, 30 seats)
- `SlotFactory` (Monday 09:00–09:50 every week over the term)
- `StreamChoiceFactory` (a student's seat: copies discipline, term and type from the stream and counts the seat
  in `stream.taken`, as the service does; for the rules themselves call `schedule.services.stream_choose`)
- `WaitlistEntryFactory`, `ExamFactory`, `CalendarFeedFactory`
- `selection_period(term)`: an open stream-selection period of the term; `registered_student(term, *disciplines)`;
  `stream_with_slot(weekday=..., start=(9, 0), end=(9, 50), **stream_kwargs)`.
"""

import datetime

import factory
from django.db.models import F
from django.utils import timezone

from academic_calendar.models import Period
from curriculum.tests.factories import DisciplineFactory, PeriodFactory, RegistrationFactory
from people.tests.factories import StudentRecordFactory, TeacherFactory, UserFactory
from schedule.models import CalendarFeed, Exam, LessonType, Slot, Stream, StreamChoice, WaitlistEntry
from university.tests.factories import TermFactory


class StreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stream
        skip_postgeneration_save = True

    discipline = factory.SubFactory(DisciplineFactory)
    term = factory.SubFactory(TermFactory)
    kind = LessonType.LECTURE
    code = factory.Sequence(lambda n: f"S-{n:03d}")
    teacher = factory.SubFactory(TeacherFactory)
    language = "kk"
    capacity = 30
    taken = 0

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.set(extracted)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    stream = factory.SubFactory(StreamFactory)
    weekday = Slot.Weekday.MONDAY
    start_time = datetime.time(9, 0)
    end_time = datetime.time(9, 50)
    room = factory.Sequence(lambda n: f"{100 + n % 400}")
    online_url = ""
    start_date = factory.LazyAttribute(lambda o: o.stream.term.start_date)
    end_date = factory.LazyAttribute(lambda o: o.stream.term.end_date)
    parity = Slot.Parity.EVERY


class StreamChoiceFactory(factory.django.DjangoModelFactory):
    """A seat as stored. Counts it in `stream.taken` (and refuses a full stream), so counters stay true."""

    class Meta:
        model = StreamChoice

    student = factory.SubFactory(StudentRecordFactory)
    stream = factory.SubFactory(StreamFactory)
    discipline = factory.SelfAttribute("stream.discipline")
    term = factory.SelfAttribute("stream.term")
    kind = factory.SelfAttribute("stream.kind")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        stream = kwargs["stream"]
        if not Stream.objects.filter(pk=stream.pk, taken__lt=F("capacity")).update(taken=F("taken") + 1):
            raise ValueError(f"Stream {stream} is full")
        stream.refresh_from_db(fields=["taken"])
        return super()._create(model_class, *args, **kwargs)


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitlistEntry

    student = factory.SubFactory(StudentRecordFactory)
    stream = factory.SubFactory(StreamFactory)
    status = WaitlistEntry.Status.WAITING


class ExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exam

    stream = factory.SubFactory(StreamFactory)
    starts_at = factory.LazyAttribute(
        lambda o: (
            timezone.make_aware(datetime.datetime.combine(o.stream.term.end_date, datetime.time(10, 0)))
            - datetime.timedelta(days=14)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    room = "301"
    is_online = False
    test_url = ""


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)


def selection_period(term, *, kind=Period.Kind.STREAM_SELECTION, days_left: int = 10) -> Period:
    """A stream-selection (or add/drop) period of `term` open today."""
    today = timezone.localdate()
    return PeriodFactory(
        term=term,
        kind=kind,
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=days_left),
    )


def registered_student(term, *disciplines, **kwargs):
    """A studying student (StudentRecord) with the disciplines in their IUP for `term`."""
    record = StudentRecordFactory(**kwargs)
    for discipline in disciplines:
        RegistrationFactory(student=record, discipline=discipline, term=term)
    return record


def stream_with_slot(*, weekday=Slot.Weekday.MONDAY, start=(9, 0), end=(9, 50), parity=Slot.Parity.EVERY, **kwargs):
    """A stream (StreamFactory kwargs) with one weekly slot."""
    stream = StreamFactory(**kwargs)
    SlotFactory(
        stream=stream,
        weekday=weekday,
        start_time=datetime.time(*start),
        end_time=datetime.time(*end),
        parity=parity,
    )
    return stream

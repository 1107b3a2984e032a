import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonType(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    PRACTICE = "practice", _("Practice")
    LAB = "lab", _("Lab")


class Stream(models.Model):
    """A section of a discipline in a term (docs/domain.md#glossary: поток): type, teacher, language, seats, timetable.

    `taken` is the seat counter: a seat is taken only by `UPDATE ... SET taken = taken + 1 WHERE taken < capacity`
    checked by its row count, and the database refuses `taken > capacity` (docs/architecture.md#hot-paths).
    """

    discipline = models.ForeignKey("curriculum.Discipline", on_delete=models.PROTECT, related_name="streams")
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="streams")
    kind = models.CharField(_("type"), max_length=10, choices=LessonType.choices)
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. L-01, P-03"))
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="streams",
        limit_choices_to={"is_teacher": True},
    )
    language = models.CharField(_("language of instruction"), max_length=2, choices=settings.LANGUAGES)
    capacity = models.PositiveIntegerField(_("capacity"))
    taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    groups = models.ManyToManyField(
        "university.StudyGroup", related_name="streams", blank=True, verbose_name=_("groups")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["discipline__code", "kind", "code"]
        verbose_name = _("stream")
        verbose_name_plural = _("streams")
        constraints = [
            models.UniqueConstraint(fields=["discipline", "term", "code"], name="stream_code_unique"),
            models.CheckConstraint(condition=models.Q(taken__lte=models.F("capacity")), name="stream_not_overbooked"),
        ]
        indexes = [models.Index(fields=["term", "discipline"], name="stream_term_discipline_idx")]

    def __str__(self):
        return f"{self.discipline.code} {self.code}"

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.taken, 0)


class Slot(models.Model):
    """One weekly meeting of a stream: weekday, time, room or online link, dates, week parity."""

    class Parity(models.TextChoices):
        EVERY = "every", _("Every week")
        ODD = "odd", _("Odd weeks")
        EVEN = "even", _("Even weeks")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    room = models.CharField(_("room"), max_length=50, blank=True)
    online_url = models.URLField(_("online lesson link"), blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    parity = models.CharField(_("weeks"), max_length=5, choices=Parity.choices, default=Parity.EVERY)

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name = _("timetable slot")
        verbose_name_plural = _("timetable slots")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_time__gt=models.F("start_time")), name="slot_times"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="slot_dates"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class StreamChoice(models.Model):
    """A student's seat in a stream. Discipline, term and type are copied from the stream so the database
    itself refuses two streams of the same type for one discipline."""

    # no index of their own for student and discipline: the unique constraints below lead with the student, and
    # a discipline's choices are asked for only when one is deleted (fewer indexes to update on every choice)
    student = models.ForeignKey(
        "people.StudentRecord", on_delete=models.CASCADE, related_name="stream_choices", db_index=False
    )
    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, related_name="choices")
    discipline = models.ForeignKey("curriculum.Discipline", on_delete=models.PROTECT, related_name="+", db_index=False)
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=10, choices=LessonType.choices)
    created_at = models.DateTimeField(_("chosen at"), auto_now_add=True)

    class Meta:
        ordering = ["term", "discipline", "kind"]
        verbose_name = _("stream choice")
        verbose_name_plural = _("stream choices")
        constraints = [
            models.UniqueConstraint(fields=["student", "stream"], name="stream_choice_unique"),
            models.UniqueConstraint(
                fields=["student", "discipline", "term", "kind"], name="stream_choice_one_per_type"
            ),
        ]

    def __str__(self):
        return f"{self.student_id} → {self.stream_id}"


class WaitlistEntry(models.Model):
    """A place in the queue for a full stream; the first in line is offered a freed seat until a deadline."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Seat offered")
        CLAIMED = "claimed", _("Seat taken")
        EXPIRED = "expired", _("Offer expired")
        CANCELLED = "cancelled", _("Left the waitlist")

    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="waitlist_entries")
    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="waitlist")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    offer_expires_at = models.DateTimeField(_("claim before"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "stream"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="waitlist_one_active_entry",
            ),
        ]
        indexes = [models.Index(fields=["stream", "status", "created_at"], name="waitlist_queue_idx")]

    def __str__(self):
        return f"{self.student_id} waits for {self.stream_id}"


class Exam(models.Model):
    """An exam of the exam timetable (docs/modules.md#exams): shown to the students of the stream like a lesson."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="exams")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=50, blank=True)
    is_online = models.BooleanField(_("online test"), default=False)
    test_url = models.CharField(_("link to the test"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("exam")
        verbose_name_plural = _("exam timetable")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="exam_times"),
        ]

    def __str__(self):
        return f"{self.stream} {self.starts_at:%Y-%m-%d %H:%M}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private iCalendar URL; revoking it gives a new token and the old URL stops working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user}"

"""A student's attempt at a test and its questions, each with the answer last saved.

The clock is the server's: `deadline` is fixed when the attempt starts (duration plus extra time, never past the
test's closing) and moves only by the time a proctored attempt spent paused. An answer arriving after the deadline
plus TESTING_NETWORK_GRACE_SECONDS is refused; an attempt past it is closed with what was saved.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .bank import Question
from .quiz import Quiz


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "progress", _("In progress")
        FINISHED = "finished", _("Finished")
        ANNULLED = "annulled", _("Annulled")

    class CloseReason(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted by the student")
        TIME_UP = "timeup", _("Time ran out")
        PAGE_CLOSED = "closed", _("The exam page was closed")
        ANNULLED = "annulled", _("Annulled by the proctor")

    class Review(models.TextChoices):
        NONE = "", _("Not flagged")
        FLAGGED = "flagged", _("Flagged for review")
        CLEARED = "cleared", _("Reviewed, no violation")
        ANNULLED = "annulled", _("Annulled")

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="test_attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("time is up at"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    close_reason = models.CharField(_("closed because"), max_length=10, choices=CloseReason.choices, blank=True)
    # the question the student is on (one-way navigation never goes below it)
    current_position = models.PositiveSmallIntegerField(default=0)
    # a proctored attempt is paused while its camera or screen share is lost; the clock stops meanwhile
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(_("points"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("out of"), max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    needs_grading = models.BooleanField(_("waits for hand grading"), default=False)
    review = models.CharField(_("proctoring review"), max_length=10, choices=Review.choices, blank=True, default="")
    review_reason = models.CharField(_("reason"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["quiz", "student", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "student", "number"], name="attempt_number_unique"),
            models.UniqueConstraint(
                fields=["quiz", "student"], condition=Q(status="progress"), name="attempt_one_in_progress"
            ),
        ]
        indexes = [
            # the beat job's "open attempts whose time is up"
            models.Index(fields=["deadline"], condition=Q(status="progress"), name="attempt_open_deadline_idx"),
            models.Index(fields=["student", "quiz"], name="attempt_student_idx"),
            models.Index(fields=["review"], condition=Q(review="flagged"), name="attempt_flagged_idx"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.number} ({self.student_id})"


class AttemptQuestion(models.Model):
    """A question as the attempt drew it: `snapshot` is the question's type, text, points and data at the start
    (a later edit of the bank changes no attempt), `order` the option order shown, `answer` the last one saved."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    snapshot = models.JSONField(default=dict)
    order = models.JSONField(default=list)
    answer = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # the client's counter of saves for this question: an older save arriving late never overwrites a newer one
    sequence = models.PositiveIntegerField(default=0)
    score = models.DecimalField(_("points given"), max_digits=6, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("question of the attempt")
        verbose_name_plural = _("questions of the attempt")
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="attempt_question_position")]

    def __str__(self):
        return f"{self.attempt_id}/{self.position}"

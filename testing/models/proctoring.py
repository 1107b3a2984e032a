"""The proctoring record (docs/modules.md#proctoring): the checks a student passed before a proctored attempt, and
the events of the attempt, from the browser's own checks or a vendor's webhook."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .attempt import Attempt
from .quiz import Quiz


class ProctorEventKind(models.TextChoices):
    """Examus's list of violations, plus the browser's own signals."""

    EXTRA_PERSON = "extra_person", _("Another person in the frame")
    STUDENT_ABSENT = "absent", _("The student is not in the frame")
    GAZE_AWAY = "gaze_away", _("Looking away from the screen")
    WINDOW_CHANGED = "window_changed", _("Switched to another window or tab")
    VOICE = "voice", _("Voices heard")
    SECOND_DISPLAY = "second_display", _("A second display")
    PHONE = "phone", _("A phone in use")
    NO_CAMERA = "no_camera", _("The camera is off")
    NO_MICROPHONE = "no_microphone", _("The microphone is off")
    NO_CONNECTION = "no_connection", _("The connection was lost")
    DESKTOP_NOT_SHARED = "no_desktop", _("The screen is not shared")
    FACE_MISMATCH = "face_mismatch", _("A different person")
    PAGE_CLOSED = "page_closed", _("The exam page was closed")
    RESUMED = "resumed", _("Camera and screen are back")
    OTHER = "other", _("Other")


class ProctorCheck(models.Model):
    """A student's steps before a proctored test: rules acknowledged, extension found, camera and microphone
    working, identification photo. The attempt it let start is set when it starts; each attempt needs its own."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="proctor_checks")
    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="proctor_checks")
    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, null=True, blank=True, related_name="proctor_check"
    )
    rules_accepted_at = models.DateTimeField(null=True, blank=True)
    extension = models.CharField(_("extension"), max_length=100, blank=True)
    extension_checked_at = models.DateTimeField(null=True, blank=True)
    devices_checked_at = models.DateTimeField(null=True, blank=True)
    photo = models.ImageField(_("identification photo"), upload_to="testing/proctoring/photos/", blank=True)
    photo_taken_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proctoring check")
        verbose_name_plural = _("proctoring checks")
        indexes = [models.Index(fields=["quiz", "student"], name="proctor_check_student_idx")]

    def __str__(self):
        return f"{self.quiz_id}/{self.student_id}"


class ProctorEvent(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="proctor_events")
    kind = models.CharField(_("event"), max_length=20, choices=ProctorEventKind.choices)
    source = models.CharField(_("source"), max_length=30, default="browser")
    # the vendor's own id of the event: a webhook delivered twice records it once
    external_id = models.CharField(max_length=100, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), default=1)
    at = models.DateTimeField(_("when"))
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempt", "at", "id"]
        verbose_name = _("proctoring event")
        verbose_name_plural = _("proctoring events")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="proctor_event_external_unique",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.attempt_id})"

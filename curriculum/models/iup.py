from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndividualPlan(models.Model):
    """The IUP of one student for one term, signed by the student, the advisor, then the registrar.

    `round` counts signature rounds: an add/drop change or a return starts a new round, and only the
    signatures of the current round count; earlier ones stay as history.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not signed")
        STUDENT_SIGNED = "student_signed", _("Awaiting the advisor")
        ADVISOR_SIGNED = "advisor_signed", _("Awaiting the registrar")
        APPROVED = "approved", _("Signed")
        RETURNED = "returned", _("Returned for changes")

    student = models.ForeignKey("people.StudentRecord", on_delete=models.CASCADE, related_name="plans")
    term = models.ForeignKey("university.Term", on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    round = models.PositiveSmallIntegerField(_("signature round"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term__start_date"]
        verbose_name = _("individual study plan")
        verbose_name_plural = _("individual study plans")
        constraints = [models.UniqueConstraint(fields=["student", "term"], name="iup_unique_per_term")]
        indexes = [models.Index(fields=["status", "term"], name="iup_status_term_idx")]

    def __str__(self):
        return f"{self.student} · {self.term}"


class IUPSignature(models.Model):
    class Step(models.TextChoices):
        STUDENT = "student", _("Student")
        ADVISOR = "advisor", _("Advisor")
        REGISTRAR = "registrar", _("Registrar")

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="signatures")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    round = models.PositiveSmallIntegerField(_("signature round"))
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="iup_signatures")
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["plan", "round", "signed_at"]
        verbose_name = _("IUP signature")
        verbose_name_plural = _("IUP signatures")
        constraints = [models.UniqueConstraint(fields=["plan", "step", "round"], name="iup_signature_once_per_round")]

    def __str__(self):
        return f"{self.plan_id} {self.step} r{self.round}"


class IUPEvent(models.Model):
    """The history of an IUP: signatures, returns with comments, restarts after add/drop."""

    class Action(models.TextChoices):
        SIGNED = "signed", _("Signed")
        RETURNED = "returned", _("Returned")
        RESTARTED = "restarted", _("Changed after signing; signatures restarted")

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    step = models.CharField(_("step"), max_length=10, choices=IUPSignature.Step.choices, blank=True)
    round = models.PositiveSmallIntegerField(_("signature round"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("IUP event")
        verbose_name_plural = _("IUP events")

    def __str__(self):
        return f"{self.plan_id} {self.action}"

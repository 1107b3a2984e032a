from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """Every action the portal audits. A new write that is audited adds its member here (the service refuses any
    other value); the values are what the audit table stores, so a member's value never changes."""

    REGISTRATION_ADD = "registration.add", _("Discipline added")
    REGISTRATION_REMOVE = "registration.remove", _("Discipline dropped")
    IUP_SIGN = "iup.sign", _("IUP signed")
    IUP_RETURN = "iup.return", _("IUP returned for changes")
    IUP_RESTART = "iup.restart", _("IUP signatures restarted")
    HOLD_PLACE = "hold.place", _("Hold placed")
    HOLD_LIFT = "hold.lift", _("Hold lifted")
    FINAL_GRADE_SET = "final_grade.set", _("Final grade set")
    FINAL_GRADE_WITHDRAW = "final_grade.withdraw", _("Final grade withdrawn")
    JOURNAL_COLUMN_ADD = "journal.column_add", _("Self-study column added")
    JOURNAL_COLUMN_EDIT = "journal.column_edit", _("Self-study column changed")
    JOURNAL_COLUMN_DELETE = "journal.column_delete", _("Self-study column deleted")
    STREAM_CHOOSE = "schedule.stream_choose", _("Stream chosen")
    STREAM_CANCEL = "schedule.stream_cancel", _("Stream choice cancelled")
    STREAM_SWITCH = "schedule.stream_switch", _("Stream switched")
    WAITLIST_CLAIM = "schedule.waitlist_claim", _("Seat taken from the waitlist")
    DOCUMENT_ISSUE = "document.issue", _("Document issued")
    DOCUMENT_REVOKE = "document.revoke", _("Document revoked")
    APPLICANT_ADMIT = "people.applicant_admit", _("Applicant admitted")
    STUDENT_CREATE = "people.student_create", _("Student enrolled")
    ASSIGNMENT_GRADE = "assignment.grade", _("Assignment graded")
    ASSIGNMENT_RETURN = "assignment.return", _("Assignment returned for rework")
    FINANCE_POST = "finance.post", _("Transaction posted")
    FINANCE_REVERSE = "finance.reverse", _("Transaction reversed")
    TOPUP_CONFIRM = "finance.topup_confirm", _("Top-up confirmed")
    TOPUP_REJECT = "finance.topup_reject", _("Top-up rejected")
    DISCOUNT_GRANT = "finance.discount_grant", _("Discount granted")
    REQUEST_CREATE = "request.create", _("Request filed")
    REQUEST_REVIEW = "request.review", _("Request taken into review")
    REQUEST_READY = "request.ready", _("Request ready")
    REQUEST_ISSUE = "request.issue", _("Request issued")
    REQUEST_REJECT = "request.reject", _("Request rejected")
    REQUEST_CANCEL = "request.cancel", _("Request withdrawn")
    REQUEST_APPLY = "request.apply", _("Add/drop request applied")
    ADVISOR_MATERIAL = "advisor.material", _("Advisor's material published")
    QUESTION_BANK_IMPORT = "testing.bank_import", _("Questions imported into a bank")
    # proctoring (issue 12, part 3)
    PROCTORING_CLEAR = "testing.proctoring_clear", _("Proctored attempt cleared")
    PROCTORING_ANNUL = "testing.proctoring_annul", _("Proctored attempt annulled")
    QUIZ_UPDATE = "testing.quiz_update", _("Test settings changed")
    QUIZ_PUBLISH = "testing.quiz_publish", _("Test published")
    QUIZ_UNPUBLISH = "testing.quiz_unpublish", _("Test returned to a draft")
    ACCOMMODATION_SET = "testing.accommodation_set", _("Extra time for a test set")
    ACCOMMODATION_REMOVE = "testing.accommodation_remove", _("Extra time for a test removed")
    # online courses (issue 12, part 4)
    COURSE_ENROLMENT_APPROVE = "courses.enrolment_approve", _("Course application approved")
    COURSE_ENROLMENT_REJECT = "courses.enrolment_reject", _("Course application rejected")


class AuditRecord(models.Model):
    """Who changed what and when, with the values before and after (docs/architecture.md#audit)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_records",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=100, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100)
    target_id = models.CharField(_("object id"), max_length=64)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"

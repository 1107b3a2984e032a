"""My requests (SPEC §2.16): the kinds of request the university takes, and each student's request with its files
and history (docs/modules.md#my-requests)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ALL_LANGUAGES = ["kk", "ru", "en"]


def all_languages() -> list[str]:
    return list(ALL_LANGUAGES)


class RequestKind(models.Model):
    """What a student may ask for: a certificate, a service, an add/drop change or another advisor. The university
    keeps them as rows (rules as data): name and description in three languages, price, the office that handles it."""

    class Category(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")
        SERVICE = "service", _("Service")
        ADD_DROP = "add-drop", _("Add/drop")
        ADVISOR_CHANGE = "advisor-change", _("Advisor change")

    class Office(models.TextChoices):
        REGISTRAR = "registrar", _("Registrar's office")
        FINANCE = "finance", _("Finance office")
        DEAN = "dean", _("Dean's office")

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    category = models.CharField(_("type"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(_("price, ₸"), max_digits=12, decimal_places=2, default=0, help_text=_("0 is free."))
    office = models.CharField(_("office"), max_length=20, choices=Office.choices, default=Office.REGISTRAR)
    document_template = models.SlugField(
        _("document template"),
        max_length=50,
        blank=True,
        help_text=_("The documents module's template a certificate of this kind is issued from."),
    )
    adddrop_action = models.CharField(
        _("add/drop action"),
        max_length=20,
        blank=True,
        choices=[
            ("replace", _("Replace a discipline")),
            ("drop", _("Drop a discipline")),
            ("add", _("Add a discipline")),
            ("stream", _("Change a stream")),
            ("late_drop", _("Late drop (after the add/drop period)")),
        ],
        help_text=_("For an add/drop kind: the one change it asks for (its price is that change's fee)."),
    )
    languages = models.JSONField(
        _("languages offered"), default=all_languages, help_text=_('Language codes, e.g. ["kk", "ru", "en"].')
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "position", "slug"]
        verbose_name = _("kind of request")
        verbose_name_plural = _("kinds of request")
        constraints = [models.CheckConstraint(condition=Q(price__gte=0), name="requests_kind_price_not_negative")]

    def __str__(self):
        return self.name

    @property
    def is_paid(self) -> bool:
        return self.price > 0

    @property
    def language_choices(self) -> list[tuple[str, str]]:
        names = dict(settings.LANGUAGES)
        return [(code, names[code]) for code in ALL_LANGUAGES if code in (self.languages or ALL_LANGUAGES)]


class Request(models.Model):
    """A student's request: new → in review → ready → issued, or rejected with a reason, or cancelled by the student
    while new (DOMAIN.md "Certificates and requests"). One open request per student and kind."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        READY = "ready", _("Ready")
        ISSUED = "issued", _("Issued")
        REJECTED = "rejected", _("Not fulfilled")
        CANCELLED = "cancelled", _("Withdrawn")

    OPEN = (Status.NEW, Status.IN_REVIEW, Status.READY)

    student = models.ForeignKey(
        "people.StudentRecord", on_delete=models.PROTECT, related_name="requests", verbose_name=_("student")
    )
    kind = models.ForeignKey(RequestKind, on_delete=models.PROTECT, related_name="requests", verbose_name=_("kind"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    language = models.CharField(_("language of the document"), max_length=5, choices=settings.LANGUAGES)
    comment = models.TextField(_("comment"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    amount = models.DecimalField(_("paid, ₸"), max_digits=12, decimal_places=2, default=0)
    payment = models.ForeignKey(
        "finance.Transaction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refund = models.ForeignKey("finance.Transaction", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    document = models.ForeignKey(
        "documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "kind"],
                condition=Q(status__in=["new", "in_review", "ready"]),
                name="requests_one_open_per_student_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="requests_rejected_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="requests_status_idx")]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self):
        return reverse("requests:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


def request_file_path(instance, filename: str) -> str:
    return f"requests/{instance.request_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:5]}"


class RequestFile(models.Model):
    """A file attached to a request by the student or the office; served only to them (views.student.file)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=request_file_path)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_office = models.BooleanField(_("from the office"), default=False)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request file")
        verbose_name_plural = _("request files")

    def __str__(self):
        return self.name


class RequestEvent(models.Model):
    """One step of a request's history as the detail page shows it (the audit keeps the same with before/after)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=Request.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self):
        return f"{self.request_id} {self.status}"

"""My advisor (SPEC §2.19): the materials an advisor publishes for their students. Who advises whom is
people.StudentRecord.advisor; the advisor's card reads people.TeacherRecord."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AdvisorMaterial(models.Model):
    """A note, file or link of an advisor for all their advisees or one group of them; students see it once
    published (docs/modules.md#my-advisor). Title and text exist in Kazakh, Russian and English (translation.py)."""

    class Audience(models.TextChoices):
        ALL = "all", _("All my advisees")
        GROUP = "group", _("One group")

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advisor_materials",
        limit_choices_to={"is_advisor": True},
        verbose_name=_("advisor"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="advising/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(_("file type"), max_length=100, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    audience = models.CharField(_("for whom"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    group = models.ForeignKey(
        "university.StudyGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advisor_materials",
        verbose_name=_("group"),
    )
    is_published = models.BooleanField(_("published"), default=False)
    # set the first time the material is published: the students are told once, not on every edit
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("advisor's material")
        verbose_name_plural = _("advisor's materials")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(audience="group", group__isnull=False) | models.Q(audience="all", group=None)),
                name="advisor_material_group_iff_audience_group",
            ),
        ]
        indexes = [models.Index(fields=["advisor", "is_published"], name="advisor_material_pub_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("advising:material_edit", args=[self.pk])

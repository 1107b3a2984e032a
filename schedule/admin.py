"""Django admin of the schedule: the registrar's office builds streams, their weekly timetables and the exam
timetable here (docs/modules.md#schedule, docs/modules.md#exams). Seats (`taken`) are never typed in: they move only
through stream selection."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from people.permissions import ReadOnlyAdminMixin, RegistrarAdminMixin
from university.models import Term

from .models import CalendarFeed, Exam, Slot, Stream, WaitlistEntry
from .services.exams import EXAM_FIELDS, exam_create, exam_update, exam_validate
from .services.feed import calendar_feed_rotate


class TimetableOfficeAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    """Registrars manage streams, timetables and exams without per-model permissions."""


class SlotInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        term = getattr(self.instance, "term", None) if self.instance.term_id else None
        if term is None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            start, end = data.get("start_date"), data.get("end_date")
            if start and end and (start < term.start_date or end > term.end_date):
                form.add_error(
                    "start_date" if start < term.start_date else "end_date",
                    _("The lessons must fall within the term (%(start)s – %(end)s).")
                    % {
                        "start": date_format(term.start_date, "SHORT_DATE_FORMAT"),
                        "end": date_format(term.end_date, "SHORT_DATE_FORMAT"),
                    },
                )


class SlotInline(RegistrarAdminMixin, admin.TabularInline):
    model = Slot
    formset = SlotInlineFormSet
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    fields = ["weekday", "start_time", "end_time", "room", "online_url", "start_date", "end_date", "parity"]


class StreamForm(forms.ModelForm):
    class Meta:
        model = Stream
        fields = ["discipline", "term", "kind", "code", "teacher", "language", "capacity", "groups"]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            taken = Stream.objects.filter(pk=self.instance.pk).values_list("taken", flat=True).first() or 0
            if capacity < taken:
                raise ValidationError(
                    _("%(taken)d students already chose this stream: the capacity cannot be less."),
                    params={"taken": taken},
                )
        return capacity


@admin.register(Stream)
class StreamAdmin(TimetableOfficeAdmin):
    form = StreamForm
    inlines = [SlotInline]
    list_display = ["code", "discipline", "term", "kind", "teacher", "language", "seats", "slot_count"]
    list_display_links = ["code", "discipline"]
    list_filter = [
        "term",
        ("discipline", admin.RelatedOnlyFieldListFilter),
        "kind",
        ("teacher", admin.RelatedOnlyFieldListFilter),
        "language",
    ]
    search_fields = [
        "code",
        "discipline__code",
        "discipline__name_kk",
        "discipline__name_ru",
        "discipline__name_en",
        "teacher__last_name",
        "teacher__email",
    ]
    list_select_related = ["discipline", "term__academic_year", "teacher"]
    filter_horizontal = ["groups"]
    readonly_fields = ["taken"]
    fieldsets = [
        (None, {"fields": ["discipline", "term", "kind", "code", "teacher", "language"]}),
        (_("Seats"), {"fields": ["capacity", "taken", "groups"]}),
    ]
    ordering = ["term__start_date", "discipline__code", "kind", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(slot_total=Count("slots"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "term":
            kwargs["queryset"] = Term.objects.select_related("academic_year")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("seats taken / capacity"), ordering=F("taken"))
    def seats(self, obj):
        return f"{obj.taken} / {obj.capacity}"

    @admin.display(description=_("timetable slots"), ordering="slot_total")
    def slot_count(self, obj):
        return obj.slot_total

    def save_model(self, request, obj, form, change):
        if not change:
            obj.save()
            return
        # `taken` moves under students' clicks while the form is open: never write back the value it was opened with.
        fields = [f.name for f in Stream._meta.concrete_fields if f.name not in ("id", "taken", "created_at")]
        obj.save(update_fields=fields)


class ExamForm(forms.ModelForm):
    class Meta:
        model = Exam
        fields = ["stream", *EXAM_FIELDS]
        help_texts = {
            "test_url": _(
                "Filled by the testing module when the test is published; until then students see that the link "
                "appears later."
            ),
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            exam_validate(
                stream=data["stream"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data.get("room", ""),
                is_online=data.get("is_online", False),
                test_url=data.get("test_url", ""),
                exam=self.instance if self.instance.pk else None,
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, field_errors)
        return data


@admin.register(Exam)
class ExamAdmin(TimetableOfficeAdmin):
    """The exam timetable: date, time, room or online test (with the link to the test when published)."""

    form = ExamForm
    list_display = ["stream", "discipline", "starts_at", "ends_at", "room", "is_online", "has_test_link"]
    list_filter = ["stream__term", "is_online", "stream__kind"]
    search_fields = [
        "stream__code",
        "stream__discipline__code",
        "stream__discipline__name_kk",
        "stream__discipline__name_ru",
        "stream__discipline__name_en",
        "room",
    ]
    list_select_related = ["stream__discipline"]
    date_hierarchy = "starts_at"
    ordering = ["starts_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "stream":
            kwargs["queryset"] = Stream.objects.select_related("discipline", "term__academic_year")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("discipline"), ordering="stream__discipline__code")
    def discipline(self, obj):
        return obj.stream.discipline.name

    @admin.display(description=_("test link"), boolean=True)
    def has_test_link(self, obj):
        return bool(obj.test_url) if obj.is_online else None

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data.get(name) for name in EXAM_FIELDS}
        values["room"] = values["room"] or ""
        values["test_url"] = values["test_url"] or ""
        if change:
            exam_update(exam=Exam.objects.select_related("stream").get(pk=obj.pk), **values)
        else:
            saved = exam_create(stream=form.cleaned_data["stream"], **values)
            obj.pk, obj.created_at, obj.updated_at = saved.pk, saved.created_at, saved.updated_at
            obj._state.adding = False


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdminMixin, TimetableOfficeAdmin):
    """Read-only: the queue moves through stream selection (join, offer, claim, expiry), not by hand."""

    list_display = ["stream", "student", "status", "offer_expires_at", "created_at"]
    list_filter = ["status", "stream__term"]
    search_fields = [
        "student__student_number",
        "student__user__last_name",
        "student__user__email",
        "stream__code",
        "stream__discipline__code",
    ]
    list_select_related = ["stream__discipline", "student__user"]
    readonly_fields = ["student", "stream", "status", "offer_expires_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(TimetableOfficeAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user"]
    readonly_fields = ["user", "token", "created_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # A person's link is made on their own feed page.
        return False

    @admin.action(description=_("Revoke the links and make new ones"))
    def revoke(self, request, queryset):
        count = 0
        for feed in queryset.select_related("user"):
            calendar_feed_rotate(user=feed.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d link revoked.", "%(count)d links revoked.", count) % {"count": count},
            messages.SUCCESS,
        )

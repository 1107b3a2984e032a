"""Forms of assignments: the teacher's new assignment, the student's answer, the grade, the return and a
thread message. Files are checked by the services (assignments/files.py), not here."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Assignment, LatePolicy


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class FirstErrorMixin:
    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class AssignmentForm(FirstErrorMixin, forms.ModelForm):
    files = MultipleFileField(label=_("Material files"))

    class Meta:
        model = Assignment
        fields = [
            "stream",
            "title",
            "description",
            "reading",
            "deadline",
            "allow_text",
            "allow_file",
            "allow_link",
            "max_points",
            "late_policy",
            "penalty_per_day",
            "penalty_floor",
        ]
        widgets = {
            "deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 5}),
            "reading": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        from schedule.models import Stream

        self.fields["stream"].queryset = (
            Stream.objects.filter(teacher=teacher, term__end_date__gte=timezone.localdate())
            .select_related("discipline")
            .order_by("discipline__code", "code")
        )
        self.fields["stream"].label_from_instance = lambda s: f"{s.discipline.code} {s.discipline.name} · {s.code}"
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["late_policy"].widget = forms.RadioSelect(choices=LatePolicy.choices)
        for name in ("title", "description", "reading", "deadline", "max_points", "penalty_per_day", "penalty_floor"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("allow_text", "allow_file", "allow_link")):
            raise forms.ValidationError(_("Allow at least one answer format."))
        return cleaned


class AnswerForm(FirstErrorMixin, forms.Form):
    text = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    link = forms.CharField(label=_("Link"), required=False, max_length=500)
    files = MultipleFileField(label=_("Files"))


class GradeForm(FirstErrorMixin, forms.Form):
    """The range 0..max is the service's rule (submission_grade), which answers with the message."""

    points = forms.IntegerField(
        label=_("Points"),
        error_messages={"required": _("Enter the points."), "invalid": _("Points are a whole number.")},
    )
    feedback = forms.CharField(label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, max_points: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].widget.attrs.update({"min": 0, "max": max_points})


class ReturnForm(FirstErrorMixin, forms.Form):
    feedback = forms.CharField(
        label=_("What to rework"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what to rework.")},
    )


class MessageForm(FirstErrorMixin, forms.Form):
    text = forms.CharField(
        label=_("Message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a message.")},
    )

"""Test builder forms: a new test, its settings (reusable by courses: it needs no discipline or term), fixed
questions, random pools and extra time."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Quiz
from . import Styled

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format=DATETIME_FORMAT)


class QuizCreateForm(Styled, forms.Form):
    offering = forms.ChoiceField(label=_("Discipline and term"))
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Quiz.Kind.choices, initial=Quiz.Kind.QUIZ)

    def __init__(self, *args, pairs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {f"{d.pk}-{t.pk}": (d, t) for d, t in pairs}
        self.fields["offering"].choices = [(key, f"{d.code} {d.name} · {t}") for key, (d, t) in self.pairs.items()]

    def chosen(self):
        return self.pairs[self.cleaned_data["offering"]]


class QuizSettingsForm(Styled, forms.ModelForm):
    """Every setting of a test. `streams` and `exams` (querysets) limit whom a streams test is for; a course's test
    leaves them out and the form has no such fields."""

    class Meta:
        model = Quiz
        fields = [
            "title", "description", "kind", "opens_at", "closes_at", "duration_minutes", "attempts_allowed",
            "grading", "navigation", "shuffle_questions", "pass_percent", "admission_required", "admission_min",
            "proctored", "show_percent", "show_points", "show_results", "streams", "timetable_exam",
        ]  # fmt: skip
        widgets = {
            "opens_at": DateTimeLocal(),
            "closes_at": DateTimeLocal(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "streams": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, streams=None, exams=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
            self.fields[name].help_text = _("In your time zone.")
        if streams is None:
            del self.fields["streams"]
        else:
            self.fields["streams"].queryset = streams
        if exams is None:
            del self.fields["timetable_exam"]
        else:
            self.fields["timetable_exam"].queryset = exams

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The test must close after it opens."))
        if data.get("admission_min") is not None and not data.get("admission_required"):
            data["admission_min"] = None
        if not data.get("show_percent") and not data.get("show_points") and data.get("show_results") != "never":
            self.add_error("show_percent", _("Show the percent, the points or both, or choose “Not shown”."))
        return data

    def settings(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "streams"}


class FixedQuestionForm(Styled, forms.Form):
    question = forms.ModelChoiceField(label=_("Question"), queryset=None)
    points = forms.DecimalField(
        label=_("Points"), required=False, min_value=0, max_digits=6, decimal_places=2, help_text=_("Blank: its own.")
    )

    def __init__(self, *args, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions
        self.fields["question"].label_from_instance = lambda q: f"{q.bank.title} · {q.category or '—'} · {q.name}"


class PoolForm(Styled, forms.Form):
    bank = forms.ModelChoiceField(label=_("Bank"), queryset=None)
    category = forms.CharField(label=_("Category"), required=False, max_length=255)
    include_subcategories = forms.BooleanField(label=_("With its subcategories"), required=False, initial=True)
    count = forms.IntegerField(label=_("Questions drawn"), min_value=1, max_value=500, initial=1)
    points = forms.DecimalField(
        label=_("Points each"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Blank: their own."),
    )

    def __init__(self, *args, banks=None, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks
        choices = [("", _("The whole bank"))] + [(c, f"{b} · {c}") for b, c in categories if c]
        self.fields["category"].widget = forms.Select(choices=choices, attrs={"class": "form-select"})


class AccommodationForm(Styled, forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None)
    extra_minutes = forms.IntegerField(label=_("Extra minutes"), min_value=1, max_value=600)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].label_from_instance = lambda s: f"{s.user.get_full_name()} ({s.student_number})"


STATUS_CHOICES = [
    ("", _("Any status")),
    (selectors.AVAILABLE, _("Available")),
    (selectors.IN_PROGRESS, _("In progress")),
    (selectors.PASSED, _("Passed")),
    (selectors.NOT_PASSED, _("Not passed")),
    (selectors.FINISHED, _("Finished, result later")),
    (selectors.UNAVAILABLE, _("Unavailable")),
]


class QuizFilter(Styled, forms.Form):
    """The student's list of tests: by semester, type and status (testing:index)."""

    term = forms.ChoiceField(label=_("Semester"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any type")), *Quiz.Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [(str(t.pk), str(t)) for t in terms]

"""The question editor: one form per type, each producing the `data` layout of testing.models.bank.Question.

A form is the question's common fields plus its rows (options, answers, pairs, items) as a formset with a few blank
rows; `is_valid()` checks both and the rules of the type; `payload()` gives the keyword arguments of
testing.services.authoring.question_save.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import QuestionBank, QuestionType
from . import Styled

HTML_HELP = _(
    "HTML is allowed (paragraphs, lists, tables, images of the question). Formulas in TeX: \\( x^2 \\) inline, "
    "$$ \\int_0^1 f(x)\\,dx $$ on a line of their own."
)
# Moodle's grades of an answer, in percent
FRACTIONS = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25", "20",
    "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)  # fmt: skip
POSITIVE_CHOICES = [(f, f"{f}%") for f in FRACTIONS] + [("0", _("None"))]
FRACTION_CHOICES = POSITIVE_CHOICES + [(f"-{f}", f"-{f}%") for f in FRACTIONS]
BLANK_ROWS = 2
NO_CATEGORY = "-"  # the bank filter's value for questions without a category


def fraction(percent: str) -> float:
    return round(float(percent or 0) / 100, 7)


def percent(value) -> str:
    """The choice closest to a stored fraction (1.0 → "100")."""
    wanted = float(value or 0) * 100
    choices = [c for c, _label in FRACTION_CHOICES]
    return min(choices, key=lambda c: abs(float(c) - wanted))


def parse_number(text: str) -> Decimal:
    """A number as a teacher types it: 3.14, 3,14, -2, 1e-3, with spaces between thousands."""
    cleaned = re.sub(r"[\s\u00a0]", "", str(text)).replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a number."), params={"value": text}) from None
    if not value.is_finite():
        raise ValidationError(_("“%(value)s” is not a number."), params={"value": text})
    return value


class HtmlArea(forms.Textarea):
    def __init__(self, rows=3):
        super().__init__(attrs={"rows": rows, "class": "font-monospace", "spellcheck": "true"})


# --- rows ------------------------------------------------------------------------------------------------------


class RowForm(Styled, forms.Form):
    id = forms.CharField(required=False, widget=forms.HiddenInput)
    #: the field whose emptiness makes a row blank (ignored)
    key = "text"

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get(self.key) or "").strip()


class OptionRowForm(RowForm):
    text = forms.CharField(label=_("Option"), required=False, widget=HtmlArea(2))
    fraction = forms.ChoiceField(label=_("Grade"), choices=FRACTION_CHOICES, initial="0", required=False)
    feedback = forms.CharField(label=_("Feedback"), required=False, widget=HtmlArea(1))


class ShortAnswerRowForm(RowForm):
    text = forms.CharField(label=_("Answer"), required=False, max_length=500, help_text=_("* matches any text."))
    fraction = forms.ChoiceField(label=_("Grade"), choices=POSITIVE_CHOICES, initial="100", required=False)


class NumericRowForm(RowForm):
    key = "value"
    value = forms.CharField(label=_("Answer"), required=False, max_length=50)
    tolerance = forms.CharField(label=_("Error allowed (±)"), required=False, max_length=50, initial="0")
    fraction = forms.ChoiceField(label=_("Grade"), choices=POSITIVE_CHOICES, initial="100", required=False)

    def clean_value(self):
        text = self.cleaned_data["value"].strip()
        return parse_number(text) if text else None

    def clean_tolerance(self):
        text = (self.cleaned_data["tolerance"] or "").strip() or "0"
        value = parse_number(text)
        if value < 0:
            raise ValidationError(_("The error allowed cannot be negative."))
        return value

    def is_blank(self) -> bool:
        return self.cleaned_data.get("value") is None


class PairRowForm(RowForm):
    key = "answer"
    prompt = forms.CharField(
        label=_("Question"), required=False, widget=HtmlArea(1), help_text=_("Leave empty for a distractor answer.")
    )
    answer = forms.CharField(label=_("Matching answer"), required=False, max_length=500)

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("answer") or "").strip() and not (self.cleaned_data.get("prompt") or "")

    def clean(self):
        data = super().clean()
        if (data.get("prompt") or "").strip() and not (data.get("answer") or "").strip():
            raise ValidationError(_("Give the matching answer of this question."))
        return data


class ItemRowForm(RowForm):
    text = forms.CharField(label=_("Item"), required=False, widget=HtmlArea(1))


# --- questions -------------------------------------------------------------------------------------------------


class QuestionForm(Styled, forms.Form):
    """The fields every question has; a type's form adds its rows and rules."""

    qtype: str = ""
    row_form: type[RowForm] | None = None
    min_rows = 0
    shuffle_applies = False

    name = forms.CharField(label=_("Name"), max_length=255, help_text=_("For you: students do not see it."))
    category = forms.CharField(
        label=_("Category"),
        max_length=255,
        required=False,
        help_text=_("A path such as “Chapter 1/Limits”; random pools draw by it."),
    )
    text = forms.CharField(label=_("Question text"), widget=HtmlArea(5), help_text=HTML_HELP)
    points = forms.DecimalField(label=_("Points"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2, initial=1)
    shuffle = forms.BooleanField(label=_("Shuffle the options"), required=False, initial=True)
    general_feedback = forms.CharField(
        label=_("General feedback"), required=False, widget=HtmlArea(2), help_text=_("Shown after the attempt.")
    )

    def __init__(self, data=None, *, question=None, **kwargs):
        self.question = question
        initial = kwargs.pop("initial", None) or {}
        rows_initial = None
        if question is not None:
            initial = (
                {
                    "name": question.name,
                    "category": question.category,
                    "text": question.text,
                    "points": question.points,
                    "shuffle": question.shuffle,
                    "general_feedback": question.general_feedback,
                }
                | self.initial_data(question.data or {})
                | initial
            )
            rows_initial = self.initial_rows(question.data or {})
        super().__init__(data, initial=initial, **kwargs)
        if not self.shuffle_applies:
            del self.fields["shuffle"]
        self.rows = None
        if self.row_form is not None:
            rows_initial = rows_initial or []
            extra = max(self.min_rows + BLANK_ROWS - len(rows_initial), BLANK_ROWS)
            formset = forms.formset_factory(self.row_form, extra=extra)
            # bound, the rows are what was posted (an initial would make unchanged rows look blank)
            self.rows = formset(data, initial=None if data is not None else rows_initial, prefix="rows")

    # what a stored question fills in
    def initial_data(self, data: dict) -> dict:
        return {}

    def initial_rows(self, data: dict) -> list[dict]:
        return []

    def is_valid(self) -> bool:
        main = super().is_valid()
        if self.rows is None:
            return main
        rows_valid = self.rows.is_valid()
        if main and rows_valid:
            filled = [row.cleaned_data for row in self.rows.forms if row.cleaned_data and not row.is_blank()]
            try:
                self.data_value = self.build_data(filled)
            except ValidationError as error:
                self.add_error(None, error)
                return False
            return True
        return False

    def build_data(self, rows: list[dict]) -> dict:
        return {}

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.rows is None and not self._errors:
            try:
                self.data_value = self.build_data([])
            except ValidationError as error:
                self.add_error(None, error)

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "qtype": self.qtype,
            "name": data["name"],
            "category": data.get("category", ""),
            "text": data["text"],
            "general_feedback": data.get("general_feedback", ""),
            "points": data["points"],
            "shuffle": data.get("shuffle", False) if self.shuffle_applies else False,
            "data": self.data_value,
        }

    @staticmethod
    def ids(rows: list[dict], start: str = "a") -> list[str]:
        """Each row keeps its id; a new row gets the next free one (a, b, c... or 1, 2, 3...)."""
        taken = {row["id"] for row in rows if row.get("id")}
        result, counter = [], 0
        for row in rows:
            if row.get("id"):
                result.append(row["id"])
                continue
            while True:
                counter += 1
                candidate = chr(ord("a") + counter - 1) if start == "a" and counter <= 26 else str(counter)
                if candidate not in taken:
                    break
            taken.add(candidate)
            result.append(candidate)
        return result


class ChoiceForm(QuestionForm):
    row_form = OptionRowForm
    min_rows = 4
    shuffle_applies = True

    def initial_rows(self, data):
        return [
            {"id": o.get("id", ""), "text": o.get("text", ""), "fraction": percent(o.get("fraction")),
             "feedback": o.get("feedback", "")}
            for o in data.get("options", [])
        ]  # fmt: skip

    def options(self, rows):
        if len(rows) < 2:
            raise ValidationError(_("Give at least two options."))
        return [
            {"id": i, "text": r["text"], "fraction": fraction(r["fraction"]), "feedback": r.get("feedback", "")}
            for i, r in zip(self.ids(rows), rows, strict=True)
        ]


class SingleChoiceForm(ChoiceForm):
    qtype = QuestionType.SINGLE

    def build_data(self, rows):
        options = self.options(rows)
        if sum(1 for o in options if o["fraction"] == 1.0) != 1:
            raise ValidationError(_("Exactly one option must be graded 100%."))
        return {"options": options}


class MultipleChoiceForm(ChoiceForm):
    qtype = QuestionType.MULTIPLE

    def build_data(self, rows):
        options = self.options(rows)
        positive = sum(o["fraction"] for o in options if o["fraction"] > 0)
        if abs(positive - 1.0) > 0.0001:
            raise ValidationError(
                _("The grades of the correct options must add up to 100%% (now %(sum)s%%).")
                % {"sum": f"{positive * 100:g}"}
            )
        return {"options": options}


class TrueFalseForm(QuestionForm):
    qtype = QuestionType.TRUE_FALSE
    correct = forms.TypedChoiceField(
        label=_("The correct answer"),
        choices=[("true", _("True")), ("false", _("False"))],
        widget=forms.RadioSelect,
    )
    feedback_true = forms.CharField(label=_("Feedback on “True”"), required=False, widget=HtmlArea(1))
    feedback_false = forms.CharField(label=_("Feedback on “False”"), required=False, widget=HtmlArea(1))

    def initial_data(self, data):
        options = {o.get("id"): o for o in data.get("options", [])}
        correct = "true" if float(options.get("true", {}).get("fraction", 0)) == 1.0 else "false"
        return {
            "correct": correct,
            "feedback_true": options.get("true", {}).get("feedback", ""),
            "feedback_false": options.get("false", {}).get("feedback", ""),
        }

    def build_data(self, rows):
        correct = self.cleaned_data["correct"]
        return {
            "options": [
                {"id": "true", "text": "True", "fraction": 1.0 if correct == "true" else 0.0,
                 "feedback": self.cleaned_data.get("feedback_true", "")},
                {"id": "false", "text": "False", "fraction": 1.0 if correct == "false" else 0.0,
                 "feedback": self.cleaned_data.get("feedback_false", "")},
            ]
        }  # fmt: skip


class ShortAnswerForm(QuestionForm):
    qtype = QuestionType.SHORT
    row_form = ShortAnswerRowForm
    min_rows = 3
    case_sensitive = forms.BooleanField(label=_("Case matters"), required=False)

    def initial_data(self, data):
        return {"case_sensitive": bool(data.get("case_sensitive"))}

    def initial_rows(self, data):
        return [{"text": a.get("text", ""), "fraction": percent(a.get("fraction"))} for a in data.get("answers", [])]

    def build_data(self, rows):
        answers = [{"text": r["text"].strip(), "fraction": fraction(r["fraction"])} for r in rows]
        if not any(a["fraction"] == 1.0 for a in answers):
            raise ValidationError(_("Give at least one answer graded 100%."))
        return {"answers": answers, "case_sensitive": self.cleaned_data.get("case_sensitive", False)}


class NumericForm(QuestionForm):
    qtype = QuestionType.NUMERIC
    row_form = NumericRowForm
    min_rows = 2

    def initial_data(self, data):
        self._units = data.get("units", [])
        return {}

    def initial_rows(self, data):
        return [
            {
                "value": f"{a.get('value')}",
                "tolerance": f"{a.get('tolerance', 0)}",
                "fraction": percent(a.get("fraction")),
            }
            for a in data.get("answers", [])
        ]

    def build_data(self, rows):
        answers = [
            {"value": float(r["value"]), "tolerance": float(r["tolerance"]), "fraction": fraction(r["fraction"])}
            for r in rows
        ]
        if not any(a["fraction"] == 1.0 for a in answers):
            raise ValidationError(_("Give at least one answer graded 100%."))
        return {"answers": answers, "units": getattr(self, "_units", [])}


class MatchingForm(QuestionForm):
    qtype = QuestionType.MATCHING
    row_form = PairRowForm
    min_rows = 4
    shuffle_applies = True

    def initial_rows(self, data):
        return [{"id": p.get("id", ""), "prompt": p.get("prompt", ""), "answer": p.get("answer", "")}
                for p in data.get("pairs", [])]  # fmt: skip

    def build_data(self, rows):
        if sum(1 for r in rows if (r.get("prompt") or "").strip()) < 2:
            raise ValidationError(_("Give at least two questions with their matching answers."))
        return {
            "pairs": [
                {"id": i, "prompt": (r.get("prompt") or "").strip(), "answer": r["answer"].strip()}
                for i, r in zip(self.ids(rows, start="1"), rows, strict=True)
            ]
        }


class OrderingForm(QuestionForm):
    qtype = QuestionType.ORDERING
    row_form = ItemRowForm
    min_rows = 4

    def initial_rows(self, data):
        return [{"id": i.get("id", ""), "text": i.get("text", "")} for i in data.get("items", [])]

    def build_data(self, rows):
        if len(rows) < 2:
            raise ValidationError(_("Give at least two items to put in order."))
        return {"items": [{"id": i, "text": r["text"]} for i, r in zip(self.ids(rows, start="1"), rows, strict=True)]}


class EssayForm(QuestionForm):
    qtype = QuestionType.ESSAY
    response_format = forms.ChoiceField(
        label=_("Response format"),
        choices=[
            ("editor", _("Formatted text")),
            ("plain", _("Plain text")),
            ("monospaced", _("Plain text, monospaced")),
        ],
    )
    min_words = forms.IntegerField(label=_("Minimum words"), min_value=0, max_value=100000, initial=0, required=False)
    max_words = forms.IntegerField(
        label=_("Maximum words"), min_value=0, max_value=100000, initial=0, required=False, help_text=_("0: no limit.")
    )
    grader_info = forms.CharField(
        label=_("Information for graders"), required=False, widget=HtmlArea(3), help_text=_("Students do not see it.")
    )

    def initial_data(self, data):
        return {k: data.get(k) for k in ("response_format", "min_words", "max_words", "grader_info") if k in data}

    def build_data(self, rows):
        data = self.cleaned_data
        low, high = data.get("min_words") or 0, data.get("max_words") or 0
        if high and low > high:
            raise ValidationError(_("The minimum number of words is above the maximum."))
        return {
            "response_format": data["response_format"],
            "min_words": low,
            "max_words": high,
            "grader_info": data.get("grader_info", ""),
        }


FORMS = {
    form.qtype: form
    for form in (
        SingleChoiceForm, MultipleChoiceForm, TrueFalseForm, ShortAnswerForm, NumericForm, MatchingForm,
        OrderingForm, EssayForm,
    )
}  # fmt: skip


def question_form_class(qtype: str) -> type[QuestionForm]:
    return FORMS[qtype]


class BankForm(Styled, forms.ModelForm):
    class Meta:
        model = QuestionBank
        fields = ["discipline", "title"]

    def __init__(self, *args, disciplines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if disciplines is None or self.instance.pk:
            del self.fields["discipline"]
        else:
            self.fields["discipline"].queryset = disciplines


class QuestionFileForm(Styled, forms.Form):
    upload = forms.ImageField(label=_("Image"), help_text=_("PNG, JPEG or WebP, at most 2 MB."))
    name = forms.CharField(label=_("File name"), max_length=200, required=False, help_text=_("Blank: the file's own."))


class BankFilterForm(Styled, forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types"))] + QuestionType.choices)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c or NO_CATEGORY, c or _("(no category)")) for c in categories
        ]

    def chosen_category(self) -> str | None:
        """The category chosen ("" for questions without one), or None for all."""
        chosen = self.cleaned_data.get("category") if self.is_valid() else None
        return "" if chosen == NO_CATEGORY else (chosen or None)

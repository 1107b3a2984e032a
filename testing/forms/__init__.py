"""Forms of testing: the question editor per type (questions.py), test settings and builder (quizzes.py)."""

from django import forms


class Styled:
    """Bootstrap classes on every control of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "").replace("form-control", "") + " " + css).strip()

"""Forms of My requests: the new request (type → kind → language, comment, files), the office's rejection, an
attached file and the queue's filters. Files are checked by their bytes in the service, not here."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Request, RequestKind


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


class RequestCreateForm(forms.Form):
    """Type, then the kind of that type, then the document's language. `kinds` is every active kind; the chosen
    type narrows the kind list, and the chosen kind the languages."""

    category = forms.ChoiceField(label=_("Type of request"), choices=RequestKind.Category.choices)
    kind = forms.ChoiceField(label=_("Request"))
    language = forms.ChoiceField(label=_("Language of the document"))
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(label=_("Files"), help_text=_("PDF, JPEG, PNG, DOCX or ODT, up to 10 MB each."))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        category = self._value("category")
        chosen = next((k for k in self.kinds if k.slug == self._value("kind")), None)
        if chosen is not None and not category:
            category = chosen.category
        elif chosen is not None and chosen.category != category:
            chosen = None  # the type was changed: its kinds are offered afresh
        present = [c for c in RequestKind.Category.choices if any(k.category == c[0] for k in self.kinds)]
        if category not in {value for value, _label in present}:
            category = present[0][0] if present else ""
        self.category_value, self.chosen = category, chosen
        self.fields["category"].choices = present
        self.fields["category"].initial = category
        self.kinds_in_category = [k for k in self.kinds if k.category == category]
        self.fields["kind"].choices = [("", _("Choose…"))] + [(k.slug, k.name) for k in self.kinds_in_category]
        self.fields["language"].choices = chosen.language_choices if chosen else []
        # choosing a type or a kind swaps the kind's block (its list, description, price, languages) in place
        swap = {"hx-get": reverse("requests:create"), "hx-target": "#kind-fields", "hx-swap": "outerHTML"}
        self.fields["category"].widget.attrs.update(swap, **{"hx-include": "#id_category"})
        self.fields["kind"].widget.attrs.update(swap, **{"hx-include": "#id_category, #id_kind"})

    def _value(self, name: str) -> str:
        if self.is_bound:
            return (self.data.get(name) or "").strip()
        return str(self.initial.get(name) or "")

    def clean_kind(self) -> RequestKind:
        return next(k for k in self.kinds_in_category if k.slug == self.cleaned_data["kind"])


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX or ODT, up to 10 MB."))


class QueueFilterForm(forms.Form):
    office = forms.ChoiceField(
        label=_("Office"), required=False, choices=[("", _("All offices")), *RequestKind.Office.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("", _("All statuses")), *Request.Status.choices],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    q = forms.CharField(label=_("Student"), required=False, max_length=100)
    date_from = forms.DateField(label=_("Filed from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Filed until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *((k.slug, k.name) for k in kinds)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": "open"}
        data = self.cleaned_data
        status = self.data.get("status", "open") if "status" in self.data else "open"
        return {
            "office": data["office"],
            "status": status if status in dict(self.fields["status"].choices) else "open",
            "kind": data["kind"],
            "search": data["q"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }

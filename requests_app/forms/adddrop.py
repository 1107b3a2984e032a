"""The add/drop request's fields (docs/domain.md#add-drop-by-request): what to drop, what to add, which streams.

The choices come from the other modules' selectors: the student's registrations and the disciplines the
registration tab offers (curriculum), the student's streams (schedule). The form checks the shape only; the rules
(period, holds, credits, seats...) are the services', asked by `adddrop_check` when the request is filed.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academic_calendar.models import Period
from curriculum.models import Discipline
from curriculum.selectors.plan import student_university_id
from curriculum.selectors.registration import iup_registrations, registration_page
from schedule.models import Stream
from schedule.selectors.selection import student_streams
from university.models import Term

from ..services.adddrop import ACTIONS, ADD, DROP, LATE_DROP, NEEDED, REPLACE, STREAM


def adddrop_terms(*, student, today=None):
    """Terms a request may act on: those in progress today, and those whose add/drop period is open today."""
    today = today or timezone.localdate()
    adddrop_open = Period.objects.filter(kind=Period.Kind.ADD_DROP, start_date__lte=today, end_date__gte=today).values(
        "term_id"
    )
    return (
        Term.objects.filter(academic_year__university_id=student_university_id(student))
        .filter(Q(start_date__lte=today, end_date__gte=today) | Q(pk__in=adddrop_open))
        .select_related("academic_year")
        .order_by("start_date")
    )


class StreamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.discipline.code} · {obj.code} ({obj.get_kind_display().lower()})"


class AddDropForm(forms.Form):
    """`AddDropForm(data, student=record)`; valid → `.details()`, the request's JSON details."""

    action = forms.ChoiceField(label=_("What to do"), choices=list(ACTIONS.items()))
    term = forms.ModelChoiceField(label=_("Semester"), queryset=Term.objects.none(), empty_label=None)
    drop = forms.ModelChoiceField(
        label=_("Discipline to drop"), queryset=Discipline.objects.none(), required=False, empty_label="—"
    )
    add = forms.ModelChoiceField(
        label=_("Discipline to add"), queryset=Discipline.objects.none(), required=False, empty_label="—"
    )
    from_stream = StreamChoiceField(
        label=_("Current stream"),
        queryset=Stream.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Leave empty to join a stream you are not in yet."),
    )
    to_stream = StreamChoiceField(
        label=_("New stream"),
        queryset=Stream.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("For an added discipline: its stream, if you want one now."),
    )

    def __init__(self, *args, student, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.student = student
        today = today or timezone.localdate()
        terms = list(adddrop_terms(student=student, today=today))
        self.fields["term"].queryset = Term.objects.filter(pk__in=[t.pk for t in terms]).select_related("academic_year")
        self.term = self._chosen_term(terms)
        if self.term is None:
            return
        registered = iup_registrations(student_id=student.pk, term_id=self.term.pk).values("discipline_id")
        self.fields["drop"].queryset = Discipline.objects.filter(pk__in=registered).order_by("code")
        self.fields["add"].queryset = Discipline.objects.filter(pk__in=self._offered(today)).order_by("code")
        own = [c.stream_id for c in student_streams(student=student) if c.term_id == self.term.pk]
        self.fields["from_stream"].queryset = Stream.objects.filter(pk__in=own).select_related("discipline")
        self.fields["to_stream"].queryset = (
            Stream.objects.filter(term=self.term)
            .filter(Q(discipline_id__in=registered) | Q(discipline_id__in=self._offered(today)))
            .exclude(pk__in=own)
            .select_related("discipline")
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def _chosen_term(self, terms):
        wanted = self.data.get(self.add_prefix("term")) if self.is_bound else self.initial.get("term")
        chosen = next((t for t in terms if str(t.pk) == str(getattr(wanted, "pk", wanted))), None)
        chosen = chosen or (terms[0] if terms else None)
        if chosen is not None and not self.is_bound:
            self.initial.setdefault("term", chosen.pk)
        return chosen

    def _offered(self, today) -> list[int]:
        """What the registration tab offers in the term and the student has not registered (the services decide
        the rest, e.g. a replace frees the credits a self-registration would lack)."""
        if not hasattr(self, "_offered_ids"):
            page = registration_page(student=self.student, term_id=self.term.pk, today=today)
            tab = page.tab if page.window is not None and page.window.term.pk == self.term.pk else None
            self._offered_ids = [
                r.discipline.pk for r in (tab.rows if tab else []) if r.registration is None and r.status.registrable
            ]
        return self._offered_ids

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action not in NEEDED:
            return data
        messages = {
            "drop": _("Choose the discipline to drop."),
            "add": _("Choose the discipline to add."),
            "to_stream": _("Choose the new stream."),
        }
        for name in NEEDED[action]:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, messages[name])
        if action == REPLACE and data.get("drop") and data.get("drop") == data.get("add"):
            self.add_error("add", _("Replace a discipline with another one, not with itself."))
        to_stream, added = data.get("to_stream"), data.get("add")
        if action in (REPLACE, ADD) and to_stream and added and to_stream.discipline_id != added.pk:
            self.add_error("to_stream", _("Choose a stream of the discipline you add."))
        from_stream = data.get("from_stream")
        if action == STREAM and to_stream and from_stream and from_stream.discipline_id != to_stream.discipline_id:
            self.add_error("to_stream", _("Choose a stream of the same discipline as your current one."))
        return data

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # Bootstrap's invalid look, and the error read with the field
                attrs = self.fields[name].widget.attrs
                attrs["class"] = "form-select is-invalid"
                helptext = f"{self[name].auto_id}_helptext " if self.fields[name].help_text else ""
                attrs["aria-describedby"] = f"{helptext}{self[name].auto_id}_error"

    def details(self) -> dict:
        """The request's details (JSON): only the ids its action uses."""
        data = self.cleaned_data
        action = data["action"]

        def pk(name, *actions):
            value = data.get(name)
            return value.pk if value is not None and action in actions else None

        return {
            "action": action,
            "term": data["term"].pk,
            "drop": pk("drop", REPLACE, DROP, LATE_DROP),
            "add": pk("add", REPLACE, ADD),
            "from_stream": pk("from_stream", STREAM),
            "to_stream": pk("to_stream", REPLACE, ADD, STREAM),
        }

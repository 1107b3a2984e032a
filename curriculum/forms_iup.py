"""Forms of the IUP screens: returning a plan with a comment, filtering the work queue."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from university.models import Programme, StudyGroup, Term

from .models import IndividualPlan
from .selectors.iup import iup_queue_for


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the student"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Write a comment: the student needs to know what to change.")},
    )


def _queue_ids(request, field: str):
    return iup_queue_for(request.user).values(field) if request is not None else []


def _groups(request):
    return StudyGroup.objects.filter(pk__in=_queue_ids(request, "student__group_id")).order_by("name")


def _programmes(request):
    return Programme.objects.filter(pk__in=_queue_ids(request, "student__programme_id")).order_by("code")


def _terms(request):
    return Term.objects.filter(pk__in=_queue_ids(request, "term_id")).select_related("academic_year")


def _queue_choice(field_name: str, queryset, label, empty_label) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=queryset,
        label=label,
        empty_label=empty_label,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class IUPQueueFilter(django_filters.FilterSet):
    """Filters of the advisor's and registrar's queue; the choices are only those present in the queue."""

    group = _queue_choice("student__group", _groups, _("Group"), _("All groups"))
    programme = _queue_choice("student__programme", _programmes, _("Educational programme"), _("All programmes"))
    term = _queue_choice("term", _terms, _("Term"), _("All terms"))

    class Meta:
        model = IndividualPlan
        fields = ["group", "programme", "term"]

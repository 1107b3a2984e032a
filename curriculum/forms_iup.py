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


class IUPQueueFilter(django_filters.FilterSet):
    """Filters of the advisor's and registrar's queue; the choices are only those present in the queue."""

    group = django_filters.ModelChoiceFilter(
        field_name="student__group",
        queryset=_groups,
        label=_("Group"),
        empty_label=_("All groups"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    programme = django_filters.ModelChoiceFilter(
        field_name="student__programme",
        queryset=_programmes,
        label=_("Educational programme"),
        empty_label=_("All programmes"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    term = django_filters.ModelChoiceFilter(
        field_name="term",
        queryset=_terms,
        label=_("Term"),
        empty_label=_("All terms"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = IndividualPlan
        fields = ["group", "programme", "term"]

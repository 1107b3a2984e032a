from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from university.models import StudyGroup

from .models import DocumentTemplate


class GroupCertificatesForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=StudyGroup.objects.order_by("name"))
    template = forms.ModelChoiceField(
        label=_("Certificate"), queryset=DocumentTemplate.objects.filter(is_active=True).order_by("kind", "slug")
    )
    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for revoking the document: the verification page shows it.")},
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from .files import ACCEPT, material_file_check
from .models import AdvisorMaterial
from .selectors import advisee_groups

TEXT = {"class": "form-control"}


class MaterialForm(forms.Form):
    """An advisor's material: title and text in three languages (Kazakh required), a file or a link, for whom,
    published or a draft. The service checks the rules again (the group is one of the advisor's)."""

    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    title_ru = forms.CharField(
        label=_("Title (Russian)"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    body_kk = forms.CharField(label=_("Text (Kazakh)"), required=False, widget=forms.Textarea(attrs=TEXT | {"rows": 4}))
    body_ru = forms.CharField(
        label=_("Text (Russian)"), required=False, widget=forms.Textarea(attrs=TEXT | {"rows": 4})
    )
    body_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs=TEXT | {"rows": 4})
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, image, Word, Excel, PowerPoint or text, up to 20 MB."),
        widget=forms.FileInput(attrs=TEXT | {"accept": ACCEPT}),
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs=TEXT | {"placeholder": "https://"}),
    )
    audience = forms.ChoiceField(
        label=_("For whom"),
        choices=AdvisorMaterial.Audience.choices,
        initial=AdvisorMaterial.Audience.ALL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=None,
        required=False,
        empty_label=_("Choose a group"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Only when the material is for one group."),
    )
    is_published = forms.BooleanField(
        label=_("Published: the students see it"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, advisor, material: AdvisorMaterial | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = advisee_groups(advisor=advisor)
        if material is not None and material.file:
            self.fields["remove_file"] = forms.BooleanField(
                label=_("Remove the file “%(name)s”") % {"name": material.file_name},
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            material_file_check(upload)
        return upload or None

    def clean(self):
        data = super().clean()
        if data.get("audience") == AdvisorMaterial.Audience.GROUP and not data.get("group"):
            self.add_error("group", _("Choose the group the material is for."))
        return data

    @staticmethod
    def initial_for(material: AdvisorMaterial) -> dict:
        names = ("title_kk", "title_ru", "title_en", "body_kk", "body_ru", "body_en", "url", "audience")
        return {name: getattr(material, name) for name in names} | {
            "group": material.group_id,
            "is_published": material.is_published,
        }


class AdviseeFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=None,
        required=False,
        empty_label=_("All groups"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    warnings = forms.BooleanField(
        label=_("With journal warnings"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    unsigned = forms.BooleanField(
        label=_("IUP not signed"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    holds = forms.BooleanField(
        label=_("With holds"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def __init__(self, *args, advisor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = advisee_groups(advisor=advisor)

"""Teachers' forms for the syllabus: the translated fields are grouped per language (a fieldset each in the page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Lesson, LessonLink, ReadingItem, Syllabus, SyllabusWeek

LANGUAGES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))


def translated(*names: str) -> list[str]:
    return [f"{name}_{lang}" for lang, _label in LANGUAGES for name in names]


def bootstrap(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


class TranslatedForm(forms.ModelForm):
    """`translated_fields` are shown in one fieldset per language; the Kazakh one is required (the fallback)."""

    translated_fields: tuple[str, ...] = ()
    required_translated: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.translated_fields:
            for lang, label in LANGUAGES:
                field = self.fields[f"{name}_{lang}"]
                field.required = lang == "kk" and name in self.required_translated
                field.widget.attrs["lang"] = lang
                base = self._meta.model._meta.get_field(name).verbose_name
                field.label = f"{str(base).capitalize()} ({label})"
        bootstrap(self)

    def language_groups(self):
        return [(lang, label, [self[f"{name}_{lang}"] for name in self.translated_fields]) for lang, label in LANGUAGES]

    def plain_fields(self):
        names = set(translated(*self.translated_fields))
        return [self[name] for name in self.fields if name not in names]


class SyllabusForm(TranslatedForm):
    translated_fields = ("summary", "skills")

    class Meta:
        model = Syllabus
        fields = [
            *translated("summary", "skills"),
            "hours_lecture",
            "hours_practice",
            "hours_lab",
            "hours_self_study",
            "control_form",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in translated("summary", "skills")}


class WeekForm(TranslatedForm):
    translated_fields = ("topic", "description")
    required_translated = ("topic",)

    class Meta:
        model = SyllabusWeek
        fields = translated("topic", "description")
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in translated("description")}


class LessonForm(TranslatedForm):
    translated_fields = ("title", "content")
    required_translated = ("title",)

    class Meta:
        model = Lesson
        fields = ["kind", "order", *translated("title", "content")]
        widgets = {f: forms.Textarea(attrs={"rows": 8}) for f in translated("content")}
        help_texts = {f: _("Basic formatting (bold, lists, links) is kept.") for f in translated("content")}


class LinkForm(TranslatedForm):
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")
    translated_fields = ("title",)
    required_translated = ("title",)

    class Meta:
        model = LessonLink
        fields = ["url", *translated("title")]


class ReadingForm(TranslatedForm):
    translated_fields = ("citation",)
    required_translated = ("citation",)

    class Meta:
        model = ReadingItem
        fields = ["required", *translated("citation")]


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title_kk = forms.CharField(label=_("Title (Қазақша)"), max_length=255, required=False)
    title_ru = forms.CharField(label=_("Title (Русский)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_kk"].widget.attrs["lang"] = "kk"
        self.fields["title_ru"].widget.attrs["lang"] = "ru"
        self.fields["title_en"].widget.attrs["lang"] = "en"
        bootstrap(self)

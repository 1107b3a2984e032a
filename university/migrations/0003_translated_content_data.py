"""Data: fill the `name` column django-modeltranslation added (0002) from the names already kept per language.

Forward: `name` takes the Kazakh name (else the Russian, else the English one); name_kk, name_ru and name_en keep
their values, so nothing read by a page changes. Backward: the empty translations (NULL is possible since 0002)
become "" again, so 0002 can make the columns NOT NULL again; the `name` column goes with 0002.
"""

from django.db import migrations

MODELS = ("University", "Faculty", "Department", "Programme")
LANGUAGES = ("kk", "ru", "en")


def fill_name(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("university", model_name)
        rows = list(model.objects.all())
        for row in rows:
            row.name = next((getattr(row, f"name_{lang}") for lang in LANGUAGES if getattr(row, f"name_{lang}")), "")
        model.objects.bulk_update(rows, ["name"], batch_size=500)


def empty_instead_of_null(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("university", model_name)
        for lang in LANGUAGES:
            model.objects.filter(**{f"name_{lang}__isnull": True}).update(**{f"name_{lang}": ""})


class Migration(migrations.Migration):
    dependencies = [
        ("university", "0002_translated_content"),
    ]

    operations = [
        migrations.RunPython(fill_name, empty_instead_of_null),
    ]

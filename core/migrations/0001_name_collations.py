"""The ICU collations people's names sort by on PostgreSQL (core.collation). SQLite gets Python ones of the same
names on every connection instead, so this migration does nothing there."""

from django.db import migrations

COLLATIONS = {"kk_icu": "kk-KZ", "ru_icu": "ru-RU"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, locale in COLLATIONS.items():
        schema_editor.execute(f"CREATE COLLATION IF NOT EXISTS {name} (provider = icu, locale = '{locale}')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in COLLATIONS:
        schema_editor.execute(f"DROP COLLATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]

"""Data: a teacher's position, academic degree and competences keep what they showed, now in the columns of their
language (0002).

Forward: each existed in one language only (the demo wrote English; the office may have written Kazakh or
Russian). The value goes into the column of the language it is written in, told by its letters (see
`written_in`), and also into the Kazakh column when that is empty: Kazakh is the default language and the
fallback of the others, so a value only in its English column would disappear from every Kazakh and Russian
page; until someone translates it, a Kazakh page shows it as before.

Backward: the single columns keep their values (or take the first translation there is); 0002 drops the others.
"""

from django.db import migrations

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def written_in(text: str) -> str:
    """The language a text is written in, by its letters: Latin is English, Cyrillic with one of the letters only
    Kazakh has (ә, ғ, қ, ң, ө, ұ, ү, һ, і) is Kazakh, other Cyrillic is Russian."""
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    if latin > cyrillic:
        return "en"
    return "kk" if KAZAKH_LETTERS.intersection(text) else "ru"


def spread(rows, field: str) -> None:
    """The single value of `field` goes into the column of its language, and into the Kazakh one when that is
    empty, so the default language (and the fallback of the others) still shows it; a translation already there
    is kept."""
    for row in rows:
        value = getattr(row, field)
        if not value:
            continue
        for lang in (written_in(value), DEFAULT_LANGUAGE):
            if not getattr(row, f"{field}_{lang}"):
                setattr(row, f"{field}_{lang}", value)


def gather(rows, field: str, order=LANGUAGES) -> None:
    """Backward: the single column keeps its value, or takes the first translation there is (in `order`)."""
    for row in rows:
        if not getattr(row, field):
            setattr(row, field, next((v for lang in order if (v := getattr(row, f"{field}_{lang}"))), ""))


def translations(field: str) -> list[str]:
    return [f"{field}_{lang}" for lang in LANGUAGES]

FIELDS = ("position", "academic_degree", "competences")


def forward(apps, schema_editor):
    TeacherRecord = apps.get_model("people", "TeacherRecord")
    records = list(TeacherRecord.objects.all())
    for field in FIELDS:
        spread(records, field)
    TeacherRecord.objects.bulk_update(records, [name for field in FIELDS for name in translations(field)], 500)


def backward(apps, schema_editor):
    TeacherRecord = apps.get_model("people", "TeacherRecord")
    records = list(TeacherRecord.objects.all())
    for field in FIELDS:
        gather(records, field)
    TeacherRecord.objects.bulk_update(records, list(FIELDS), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_translated_content"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]

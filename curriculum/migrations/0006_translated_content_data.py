"""Data: every discipline and elective group keeps what it showed, now in the columns of its language (0005).

Forward:
- a discipline's `name` (the column django-modeltranslation added) takes its Kazakh name, else the Russian, else
  the English one; name_kk, name_ru, name_en stay;
- a description, competences or an elective group's title existed in one language only (the demo wrote English,
  a registrar may have written Kazakh or Russian): the value goes into the column of the language it is written
  in, told by its letters (see `written_in`), and also into the Kazakh column when that is empty. Kazakh is the
  default language and the fallback of the others: a value only in its English column would disappear from
  every Kazakh and Russian page, so until someone translates it, a Kazakh page shows it as it showed it before.
  A translation already there (an elective group's title_kk and title_ru) is kept.

Backward: the single columns keep their values (or take the first translation there is) and the empty
translations become "" instead of NULL, so 0005 can drop the new columns and make the old ones NOT NULL again.
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


def forward(apps, schema_editor):
    Discipline = apps.get_model("curriculum", "Discipline")
    ElectiveGroup = apps.get_model("curriculum", "ElectiveGroup")
    disciplines = list(Discipline.objects.all())
    for discipline in disciplines:
        discipline.name = next((v for lang in LANGUAGES if (v := getattr(discipline, f"name_{lang}"))), "")
    spread(disciplines, "description")
    spread(disciplines, "competences")
    Discipline.objects.bulk_update(
        disciplines, ["name", *translations("description"), *translations("competences")], batch_size=500
    )
    groups = list(ElectiveGroup.objects.all())
    spread(groups, "title")
    ElectiveGroup.objects.bulk_update(groups, translations("title"), batch_size=500)


def backward(apps, schema_editor):
    Discipline = apps.get_model("curriculum", "Discipline")
    ElectiveGroup = apps.get_model("curriculum", "ElectiveGroup")
    disciplines = list(Discipline.objects.all())
    gather(disciplines, "description")
    gather(disciplines, "competences")
    for discipline in disciplines:
        for lang in LANGUAGES:
            if getattr(discipline, f"name_{lang}") is None:
                setattr(discipline, f"name_{lang}", "")
    Discipline.objects.bulk_update(disciplines, ["description", "competences", *translations("name")], batch_size=500)
    groups = list(ElectiveGroup.objects.all())
    gather(groups, "title", order=("en", "kk", "ru"))  # the single title was the English one
    for group in groups:
        group.title_kk, group.title_ru = group.title_kk or "", group.title_ru or ""
    ElectiveGroup.objects.bulk_update(groups, ["title", "title_kk", "title_ru"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0005_translated_content"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]

"""Data: holidays and calendar periods keep what they showed, now in the columns of their language (0002).

Forward:
- a holiday's `name` (the column django-modeltranslation added) takes its Kazakh name, else the Russian, else
  the English one; name_kk, name_ru, name_en stay;
- a period's optional title existed in one language only: it goes into the column of the language it is written
  in, told by its letters (see `written_in`), and also into the Kazakh column when that is empty, since Kazakh
  is the default language and the fallback of the others (a title only in its English column would disappear
  from every Kazakh and Russian page).

Backward: a period's title keeps its value (or takes the first translation there is); a holiday's empty names
become "" instead of NULL, so 0002 can make the columns NOT NULL again.
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
    Holiday = apps.get_model("academic_calendar", "Holiday")
    Period = apps.get_model("academic_calendar", "Period")
    holidays = list(Holiday.objects.all())
    for holiday in holidays:
        holiday.name = next((v for lang in LANGUAGES if (v := getattr(holiday, f"name_{lang}"))), "")
    Holiday.objects.bulk_update(holidays, ["name"], batch_size=500)
    periods = list(Period.objects.exclude(title=""))
    spread(periods, "title")
    Period.objects.bulk_update(periods, translations("title"), batch_size=500)


def backward(apps, schema_editor):
    Holiday = apps.get_model("academic_calendar", "Holiday")
    Period = apps.get_model("academic_calendar", "Period")
    for lang in LANGUAGES:
        Holiday.objects.filter(**{f"name_{lang}__isnull": True}).update(**{f"name_{lang}": ""})
    periods = list(Period.objects.all())
    gather(periods, "title")
    Period.objects.bulk_update(periods, ["title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("academic_calendar", "0002_translated_content"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]

"""People sort by their alphabet, not by character code (docs/architecture.md#languages).

By code, Ә, Қ, Ң, Ө, Ұ, Ү, І and Һ come after Я and Ё before А. Lists of people order through `collated()`,
which names a collation of the active language: `ru_icu` on a Russian page, else `kk_icu` (Kazakh is the
university's language and its alphabet covers Russian names too).

- PostgreSQL: ICU collations made by core's migration 0001 (`kk-KZ`, `ru-RU`).
- SQLite has no ICU: the same two names are registered on every new connection as Python collations that
  follow the same alphabets (`sort_key`), so a query reads alike on both databases.

A leaf module: Django only, no app of the project.
"""

import unicodedata

from django.db.models import F
from django.db.models.functions import Collate
from django.utils import translation

KAZAKH = "kk_icu"
RUSSIAN = "ru_icu"
ICU_LOCALES = {KAZAKH: "kk-KZ", RUSSIAN: "ru-RU"}

# The Kazakh Cyrillic alphabet (Ё is a letter of its own, after Е, as ICU's kk tailoring has it).
KAZAKH_ALPHABET = "А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я"
# The Russian alphabet with the Kazakh letters after their base letters, as ICU's ru collation has them; there Ё
# differs from Е only at the second level (ёж sorts beside еж, before ежов).
RUSSIAN_ALPHABET = "А Ә Б В Г Ғ Д Е Ж З И І Й К Қ Л М Н Ң О Ө П Р С Т У Ү Ұ Ф Х Һ Ц Ч Ш Щ Ъ Ы Ь Э Ю Я"
SECONDARY = {RUSSIAN: {"ё": "е"}, KAZAKH: {}}

_RANKS = {
    name: {letter.lower(): rank for rank, letter in enumerate(alphabet.split())}
    for name, alphabet in ((KAZAKH, KAZAKH_ALPHABET), (RUSSIAN, RUSSIAN_ALPHABET))
}


def collation_for(language: str | None = None) -> str:
    """The collation of people's names for a language (the active one by default)."""
    language = (language or translation.get_language() or "kk").split("-")[0]
    return RUSSIAN if language == "ru" else KAZAKH


class Collated(Collate):
    """`COLLATE` in the alphabet of the language active when the query is compiled, not when it is written, so a
    model's or an admin's ordering declared at import time follows each reader's language."""

    def __init__(self, expression, language: str | None = None):
        self.language = language
        super().__init__(expression, collation_for(language))

    def as_sql(self, compiler, connection, **extra_context):
        collation = collation_for(self.language)
        extra_context.setdefault("collation", connection.ops.quote_name(collation))
        return super().as_sql(compiler, connection, **extra_context)


def collated(field: str, language: str | None = None) -> Collated:
    """`field` in the alphabet of `language` (the active one by default): `order_by(collated("user__last_name"))`."""
    return Collated(F(field), language)


def name_order(prefix: str = "", language: str | None = None) -> list[Collated]:
    """`order_by(*name_order("student__user__"))`: last name, first name, patronymic in the language's alphabet."""
    return [collated(f"{prefix}{field}", language) for field in ("last_name", "first_name", "middle_name")]


def _char_key(char: str, collation: str) -> tuple[int, int, int]:
    """(primary, secondary, tertiary) weights of one character, in the order ICU gives them: spaces and
    punctuation, digits, Cyrillic by the alphabet, then Latin and the rest; lower case before upper case."""
    lower = char.lower()
    tertiary = 0 if char == lower else 1
    base = SECONDARY[collation].get(lower)
    secondary = 0
    if base is not None:
        lower, secondary = base, 1
    rank = _RANKS[collation].get(lower)
    if rank is not None:
        return (3_000_000 + rank, secondary, tertiary)
    category = unicodedata.category(char)
    if category[0] in "PZS":
        return (1_000_000 + ord(char), 0, 0)
    if category[0] == "N":
        return (2_000_000 + ord(char), 0, 0)
    if "CYRILLIC" in unicodedata.name(char, ""):
        return (3_000_100 + ord(lower), 0, tertiary)
    return (4_000_000 + ord(lower), 0, tertiary)


def sort_key(value: str, collation: str = KAZAKH) -> tuple:
    """A key that sorts like the collation: letters first (ёж beside еж in Russian), then accents, then case."""
    weights = [_char_key(char, collation) for char in value or ""]
    return (
        tuple(w[0] for w in weights),
        tuple(w[1] for w in weights),
        tuple(w[2] for w in weights),
    )


def _sqlite_compare(collation: str):
    def compare(left: str, right: str) -> int:
        a, b = sort_key(left, collation), sort_key(right, collation)
        return (a > b) - (a < b)

    return compare


def register_sqlite_collations(sender=None, connection=None, **kwargs) -> None:
    """`connection_created` receiver: give a new SQLite connection the collations PostgreSQL has from ICU."""
    if connection is None or connection.vendor != "sqlite":
        return
    for name in ICU_LOCALES:
        connection.connection.create_collation(name, _sqlite_compare(name))

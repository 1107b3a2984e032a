"""People sort by their alphabet (issue 9, §5.7): by character code Ә, Қ, Ң, Ө, Ұ, Ү, І, Һ came after Я."""

import random

import pytest
from django.db import connection
from django.utils import translation

from core.collation import KAZAKH, KAZAKH_ALPHABET, RUSSIAN, name_order, sort_key
from people.models import User
from people.tests.factories import UserFactory

# Kazakh order: every letter of the alphabet in its place, Ё a letter of its own after Е.
KAZAKH_NAMES = [
    "Абаев",
    "Әбілқасымова",
    "Әлиев",
    "Бекова",
    "Ғабитов",
    "Елтай",
    "Ешім",
    "Ёлкин",
    "Жанаров",
    "Иманов",
    "Кенжебаев",
    "Қасымов",
    "Құлмағамбетова",
    "Нұрланов",
    "Ңұров",
    "Омаров",
    "Өтепов",
    "Сейітқали",
    "Тоқаев",
    "Уәлиев",
    "Ұлықпанов",
    "Үсенова",
    "Хасенов",
    "Һашимов",
    "Шәкенов",
    "Ыбырай",
    "Іргебаев",
    "Юсупова",
    "Ясинов",
]
# Russian order: Ё beside Е (ёж next to еж, before ежов), the Kazakh letters after their base letters.
RUSSIAN_NAMES = ["Абаев", "Әлиев", "Бекова", "Ежов", "Ёлкин", "Елтай", "Жуков", "Иванов", "Іргебаев", "Қасымов", "Яшин"]


def shuffled(values):
    values = list(values)
    random.Random(9).shuffle(values)
    return values


def test_the_key_follows_the_kazakh_alphabet():
    letters = KAZAKH_ALPHABET.split()
    assert sorted(shuffled(letters), key=lambda v: sort_key(v, KAZAKH)) == letters
    assert sorted(shuffled(KAZAKH_NAMES), key=lambda v: sort_key(v, KAZAKH)) == KAZAKH_NAMES
    assert sorted(KAZAKH_NAMES) != KAZAKH_NAMES  # what character codes gave: Ә, Қ, Ү... after Я


def test_the_key_follows_the_russian_alphabet_and_case_and_spaces():
    assert sorted(shuffled(RUSSIAN_NAMES), key=lambda v: sort_key(v, RUSSIAN)) == RUSSIAN_NAMES
    spelled = ["ким", "Ким", "Ким Ли", "Ким-Ли", "Кимов"]  # lower case first, then a space, a hyphen, a letter
    assert sorted(shuffled(spelled), key=sort_key) == spelled


def _ordered(names, language) -> list[str]:
    for name in shuffled(names):
        UserFactory(last_name=name, first_name="Айгүл")
    with translation.override(language):
        return list(User.objects.order_by(*name_order(), "pk").values_list("last_name", flat=True))


@pytest.mark.django_db
def test_people_order_by_the_kazakh_alphabet_in_the_database():
    """SQLite through the Python collation registered on each connection; PostgreSQL through ICU (kk-KZ)."""
    assert _ordered(KAZAKH_NAMES, "kk") == KAZAKH_NAMES
    assert _ordered([], "en") == KAZAKH_NAMES  # English pages list Kazakh names in the Kazakh order


@pytest.mark.django_db
def test_people_order_by_the_russian_alphabet_on_a_russian_page():
    assert _ordered(RUSSIAN_NAMES, "ru") == RUSSIAN_NAMES


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("collation", [KAZAKH, RUSSIAN])
def test_sqlites_collation_sorts_as_postgresqls_icu(collation):
    """The SQLite equivalent gives the order ICU gives, on names, case, spaces, hyphens and Latin letters."""
    assert connection.vendor == "postgresql"
    names = [*KAZAKH_NAMES, *RUSSIAN_NAMES, "ёж", "еж", "Еж", "Ким Ли", "Ким-Ли", "Кимов", "Smith", "abc", "Zhan"]
    names = sorted(set(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT n FROM unnest(%s::text[]) AS n ORDER BY n COLLATE "{collation}"',  # noqa: S608 (a constant)
            [names],
        )
        icu = [row[0] for row in cursor.fetchall()]
    assert icu == sorted(names, key=lambda v: sort_key(v, collation))

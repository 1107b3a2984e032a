"""Names in the genitive and dative for certificates: Russian by the petrovich rules, Kazakh by vowel harmony."""

import pytest

from documents.declension import DATIVE, GENITIVE, decline_kazakh, decline_name, kazakh_case_suffix


@pytest.mark.parametrize(
    ("parts", "dative", "genitive"),
    [
        (("Иванов", "Пётр", "Сергеевич"), "Иванову Петру Сергеевичу", "Иванова Петра Сергеевича"),
        (("Ахметова", "Айгерим", "Нурлановна"), "Ахметовой Айгерим Нурлановне", "Ахметовой Айгерим Нурлановны"),
        (("Ахметов", "Айдар", "Серикович"), "Ахметову Айдару Сериковичу", "Ахметова Айдара Сериковича"),
        # a Kazakh patronymic is not declined in Russian; it also tells the gender
        (("Ким", "Алексей", "Ерланұлы"), "Киму Алексею Ерланұлы", "Кима Алексея Ерланұлы"),
        (("Сейтқали", "Дана", "Нұрланқызы"), "Сейтқали Дане Нұрланқызы", "Сейтқали Даны Нұрланқызы"),
        (("Петрова", "Мария", ""), "Петровой Марии", "Петровой Марии"),
    ],
)
def test_russian_names_are_declined(parts, dative, genitive):
    last, first, middle = parts
    assert decline_name(last_name=last, first_name=first, middle_name=middle, case=DATIVE, language="ru") == dative
    assert decline_name(last_name=last, first_name=first, middle_name=middle, case=GENITIVE, language="ru") == genitive


@pytest.mark.parametrize(
    ("word", "dative"),
    [
        ("Астана", "ға"),  # back vowel, ends in a vowel
        ("Әсем", "ге"),  # front vowel, nasal
        ("Нұрлан", "ға"),
        ("Айгерім", "ге"),
        ("Марат", "қа"),  # voiceless
        ("Серік", "ке"),
        ("Ахметов", "қа"),  # в is heard voiceless at the end
        ("Ерланұлы", "на"),  # the possessive of a patronymic
        ("Нұрланқызы", "на"),
        ("Әлиев", "ке"),
        ("Сейтқали", "ға"),  # и follows the word's other vowels
        ("Әли", "ге"),
        ("Ким", "ге"),
        ("Игорь", "ге"),
        ("Абай", "ға"),
        ("Гүлнұр", "ға"),  # ұ is back
        ("Төлеген", "ге"),
    ],
)
def test_kazakh_dative_by_vowel_harmony(word, dative):
    assert kazakh_case_suffix(word, DATIVE) == dative


@pytest.mark.parametrize(
    ("word", "genitive"),
    [("Астана", "ның"), ("Нұрлан", "ның"), ("Абай", "дың"), ("Ерлан", "ның"), ("Серік", "тің"), ("Гүл", "дің")],
)
def test_kazakh_genitive(word, genitive):
    assert kazakh_case_suffix(word, GENITIVE) == genitive


def test_the_kazakh_ending_goes_on_the_last_word_only():
    assert decline_kazakh("Ахметова  Айгерім Нұрланқызы", DATIVE) == "Ахметова Айгерім Нұрланқызына"
    assert decline_name(last_name="Серікбаев", first_name="Марат", case=DATIVE, language="kk") == "Серікбаев Маратқа"


def test_english_names_stay_as_written():
    assert decline_name(last_name="Smith", first_name="John", case=DATIVE, language="en") == "Smith John"


def test_unknown_and_double_names():
    assert decline_name(last_name="O'Brien", first_name="John", case=DATIVE, language="ru") == "O'Brien John"
    assert (
        decline_name(last_name="Петрова-Водкина", first_name="Анна", case=DATIVE, language="ru")
        == "Петровой-Водкиной Анне"
    )

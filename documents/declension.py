"""Names in the grammatical case a certificate needs ("issued to Ахметову Айдару", "Ахметов Айдарға берілді").

Russian: the surname, first name and patronymic are declined by the petrovich rules (pytrovich), the person's
gender told by the patronymic (a Kazakh one, "-ұлы" / "-қызы", included), else by the first name. A Kazakh
patronymic ("Серікұлы", "Нұрланқызы") is not declined in a Russian text, as the rules say; a name the rules do not
know is left as written.

Kazakh: the case ending goes once, on the last word of the name, by vowel harmony and the last sound
(docs/domain.md#certificates): dative -ға/-ге after a vowel or a voiced consonant, -қа/-ке after a voiceless one,
-на/-не after the third-person possessive of a patronymic (-ұлы, -қызы); genitive -ның/-нің after a vowel or
м, н, ң (Қазақстанның), -дың/-дің after the other voiced ones (Абайдың), -тың/-тің after a voiceless one.

English and any other language: the name as written.
"""

from functools import lru_cache

GENITIVE, DATIVE = "genitive", "dative"
CASES = (GENITIVE, DATIVE)

# --- Kazakh -------------------------------------------------------------------------------------------------------

BACK_VOWELS = set("аоұыяёАОҰЫЯЁ")
FRONT_VOWELS = set("әөүіеэӘӨҮІЕЭ")
# и, у, ю follow the word's other vowels (Сейтқали → Сейтқалиға, Әли → Әлиге); alone, и and ю are front, у back
AMBIGUOUS_VOWELS = {"и": "front", "ю": "front", "у": "back"}
VOWELS = BACK_VOWELS | FRONT_VOWELS | set("иуюИУЮ")
# б, в, г, д at a word's end are heard voiceless in Kazakh: Ахметовқа, Глебке
VOICELESS = set("кқпстфхцчшщбвгд")
NASALS = set("мнң")
POSSESSIVE_ENDINGS = ("ұлы", "улы", "қызы", "кызы")


def _harmony(word: str) -> str:
    if word.lower().endswith("ь"):  # a soft sign softens the ending: Игорьге
        return "front"
    for letter in reversed(word):
        if letter in BACK_VOWELS:
            return "back"
        if letter in FRONT_VOWELS:
            return "front"
    for letter in reversed(word.lower()):
        if letter in AMBIGUOUS_VOWELS:
            return AMBIGUOUS_VOWELS[letter]
    return "back"


def _last_sound(word: str) -> str:
    """The last letter that is heard: a soft or hard sign is not."""
    stripped = word.lower().rstrip("ьъ")
    return stripped[-1:] if stripped else ""


def kazakh_case_suffix(word: str, case: str) -> str:
    """The ending `word` takes in `case` by Kazakh vowel harmony and its last sound."""
    if case not in CASES:
        raise ValueError(case)
    back = _harmony(word) == "back"
    lower = word.lower()
    last = _last_sound(word)
    if case == DATIVE:
        if lower.endswith(POSSESSIVE_ENDINGS):
            return "на" if back else "не"
        if last in VOICELESS:
            return "қа" if back else "ке"
        return "ға" if back else "ге"
    if lower.endswith(POSSESSIVE_ENDINGS) or last in VOWELS or last in NASALS:
        return "ның" if back else "нің"
    if last in VOICELESS:
        return "тың" if back else "тің"
    return "дың" if back else "дің"


def decline_kazakh(full_name: str, case: str) -> str:
    """The Kazakh ending goes on the name's last word only: "Ахметова Айгерім Нұрланқызына"."""
    full_name = " ".join(full_name.split())
    if not full_name:
        return full_name
    return full_name + kazakh_case_suffix(full_name.split(" ")[-1], case)


# --- Russian ------------------------------------------------------------------------------------------------------

MALE_PATRONYMIC_ENDINGS = ("ович", "евич", "ич", "ұлы", "улы", "оглы")
FEMALE_PATRONYMIC_ENDINGS = ("овна", "евна", "ична", "инична", "қызы", "кызы")


@lru_cache(maxsize=1)
def _petrovich():
    # loaded on first use: the rules are parsed once per process
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


def russian_gender(*, first_name: str, middle_name: str = ""):
    from pytrovich.enums import Gender

    middle = middle_name.strip().lower()
    if middle.endswith(FEMALE_PATRONYMIC_ENDINGS):
        return Gender.FEMALE
    if middle.endswith(MALE_PATRONYMIC_ENDINGS):
        return Gender.MALE
    _maker, detector = _petrovich()
    # a name the detector does not know (Latin letters, a rare one) is androgynous: the rules common to both
    return detector.detect(firstname=first_name.strip()) if first_name.strip() else Gender.ANDROGYNOUS


def decline_russian(*, last_name: str, first_name: str, middle_name: str = "", case: str) -> str:
    """ "Ахметову Айдару Сериковичу": each part by its own rules; a Kazakh patronymic stays as it is."""
    from pytrovich.enums import Case, NamePart

    if case not in CASES:
        raise ValueError(case)
    maker, _detector = _petrovich()
    gender = russian_gender(first_name=first_name, middle_name=middle_name)
    target = Case.GENITIVE if case == GENITIVE else Case.DATIVE

    def make(part, value):
        value = value.strip()
        if not value:
            return ""
        if part == NamePart.MIDDLENAME and value.lower().endswith(("ұлы", "улы", "қызы", "кызы", "оглы")):
            return value
        # a double name declines each part; a name the rules do not know comes back as written
        return "-".join(maker.make(part, gender, target, piece) for piece in value.split("-"))

    parts = [
        make(NamePart.LASTNAME, last_name),
        make(NamePart.FIRSTNAME, first_name),
        make(NamePart.MIDDLENAME, middle_name),
    ]
    return " ".join(part for part in parts if part)


# --- any language -------------------------------------------------------------------------------------------------


def decline_name(*, last_name: str, first_name: str, middle_name: str = "", case: str, language: str) -> str:
    """The person's full name ("Last First Patronymic") in `case`, by the grammar of `language`."""
    if language == "ru":
        return decline_russian(last_name=last_name, first_name=first_name, middle_name=middle_name, case=case)
    full = " ".join(part.strip() for part in (last_name, first_name, middle_name) if part and part.strip())
    if language == "kk":
        return decline_kazakh(full, case)
    return full

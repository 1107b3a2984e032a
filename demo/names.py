"""Kazakh and Russian names for the demo people, and the transliteration that turns them into e-mails.

Surnames are kept in the masculine form; `surname_for` gives the feminine one. Patronymics are built
from a father's first name: Kazakh ones with -ұлы / -қызы (Асқарұлы, Болатқызы), Russian ones from
explicit pairs (Сергеевич / Сергеевна), because Russian patronymic endings do not follow one rule.
"""

import random
import re
from dataclasses import dataclass

KAZAKH_MALE = (
    "Нұрлан", "Асқар", "Ерлан", "Бауыржан", "Дәулет", "Ержан", "Қайрат", "Серік", "Болат", "Марат",
    "Ақжол", "Әлихан", "Нұрсұлтан", "Ернар", "Темірлан", "Дамир", "Арман", "Жандос", "Мұхтар", "Ғалым",
    "Еркебұлан", "Бекзат", "Айбек", "Санжар", "Талғат", "Жасұлан", "Нұрбол", "Олжас", "Рүстем", "Ақылбек",
    "Төлеген", "Мирас", "Әділет", "Ілияс", "Ансар", "Алдияр", "Бексұлтан", "Дінмұхамед", "Әлішер", "Нұрасыл",
)  # fmt: skip
KAZAKH_FEMALE = (
    "Айгерім", "Гүлнар", "Әсел", "Жанар", "Дана", "Аружан", "Мөлдір", "Ақбота", "Балжан", "Динара",
    "Жансая", "Назерке", "Айдана", "Гүлмира", "Сәуле", "Ләззат", "Меруерт", "Аяулым", "Толғанай", "Ұлжан",
    "Айжан", "Салтанат", "Камила", "Іңкәр", "Жұлдыз", "Томирис", "Шолпан", "Дариға", "Әсем", "Нұрай",
    "Інжу", "Перизат", "Гүлназ", "Ақерке",
)  # fmt: skip
KAZAKH_SURNAMES = (
    "Сейітов", "Жұмабаев", "Қасымов", "Омаров", "Байжанов", "Ахметов", "Серікбаев", "Нұрланов", "Әбішев",
    "Тоқтаров", "Жақсылықов", "Мұқанов", "Оспанов", "Сәрсенбаев", "Бекмұхамедов", "Әлиев", "Исаев",
    "Қожахметов", "Ержанов", "Тұрсынов", "Мұратов", "Құдайбергенов", "Ибраев", "Есенов", "Қалиев",
    "Шәкенов", "Абдрахманов", "Темірбеков", "Бақытжанов", "Нұрпейісов", "Сұлтанов", "Дүйсенов", "Әміров",
    "Смағұлов", "Тілеубаев", "Оразбаев", "Көшербаев", "Ысқақов", "Жаңабаев", "Бейсенов",
)  # fmt: skip

RUSSIAN_MALE = (
    "Дмитрий", "Сергей", "Александр", "Андрей", "Алексей", "Максим", "Иван", "Михаил", "Никита", "Артём",
    "Егор", "Кирилл", "Владимир", "Павел", "Роман", "Денис", "Евгений", "Николай", "Виктор", "Игорь",
    "Антон", "Константин", "Илья", "Тимофей", "Даниил",
)  # fmt: skip
RUSSIAN_FEMALE = (
    "Анна", "Екатерина", "Мария", "Ольга", "Елена", "Татьяна", "Наталья", "Ирина", "Светлана", "Юлия",
    "Дарья", "Алина", "Виктория", "Полина", "Ксения", "Анастасия", "Валерия", "Софья", "Марина",
    "Людмила", "Вероника", "Кристина", "Елизавета",
)  # fmt: skip
RUSSIAN_SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
    "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
    "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Белов", "Тарасов", "Белоусов",
    "Ильин", "Гусев", "Титов", "Островский",
)  # fmt: skip
# (son, daughter) of the same father
RUSSIAN_PATRONYMICS = (
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Андреевич", "Андреевна"),
    ("Алексеевич", "Алексеевна"), ("Дмитриевич", "Дмитриевна"), ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"),
    ("Викторович", "Викторовна"), ("Игоревич", "Игоревна"), ("Павлович", "Павловна"),
    ("Евгеньевич", "Евгеньевна"), ("Юрьевич", "Юрьевна"), ("Олегович", "Олеговна"),
    ("Анатольевич", "Анатольевна"), ("Васильевич", "Васильевна"), ("Петрович", "Петровна"),
    ("Геннадьевич", "Геннадьевна"), ("Валерьевич", "Валерьевна"), ("Константинович", "Константиновна"),
    ("Вадимович", "Вадимовна"),
)  # fmt: skip

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip


@dataclass(frozen=True)
class PersonName:
    first_name: str
    middle_name: str
    last_name: str
    female: bool
    kazakh: bool

    @property
    def full(self) -> str:
        return f"{self.first_name} {self.middle_name} {self.last_name}"


def transliterate(text: str) -> str:
    """Kazakh or Russian Cyrillic to plain lower-case ASCII: Жұмабаева -> zhumabaeva."""
    latin = "".join(_LATIN.get(ch, ch) for ch in text.lower())
    return re.sub(r"[^a-z0-9]+", "", latin)


def surname_for(surname: str, *, female: bool) -> str:
    """The feminine form of a masculine surname: Сейітов -> Сейітова, Островский -> Островская."""
    if not female:
        return surname
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def kazakh_patronymic(father: str, *, female: bool) -> str:
    return father + ("қызы" if female else "ұлы")


def random_name(rng: random.Random, *, kazakh: bool, female: bool) -> PersonName:
    if kazakh:
        first = rng.choice(KAZAKH_FEMALE if female else KAZAKH_MALE)
        middle = kazakh_patronymic(rng.choice(KAZAKH_MALE), female=female)
        last = surname_for(rng.choice(KAZAKH_SURNAMES), female=female)
    else:
        first = rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE)
        middle = rng.choice(RUSSIAN_PATRONYMICS)[1 if female else 0]
        last = surname_for(rng.choice(RUSSIAN_SURNAMES), female=female)
    return PersonName(first, middle, last, female=female, kazakh=kazakh)


def email_local_part(name: PersonName) -> str:
    return f"{transliterate(name.first_name)}.{transliterate(name.last_name)}"


def unique_email(name: PersonName, *, domain: str, taken: set[str]) -> str:
    """first.last@domain, or first.last2@domain, ... when taken; the result is added to `taken`."""
    local = email_local_part(name)
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email

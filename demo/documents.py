"""Demo certificates (issue 11, part 3): the university's certificate templates in kk/ru/en, the rector who signs
them (a signature and a seal drawn here with Pillow), and certificates of student@demo.kz, one revoked.

Idempotent: templates by slug, the rector by English name, and the student's certificates only when they have
none yet.
"""

import datetime as dt
import io
import math
import random

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from documents.models import DocumentTemplate, IssuedDocument, Signatory
from documents.services import certificate_issue, document_revoke
from people.models import User

STUDY_BODY = {
    "kk": (
        "Осы анықтама {full_name_dative} {university} «{programme}» ({programme_code}) білім беру бағдарламасы "
        "бойынша {course}-курста {study_form} оқу нысанында оқитынын растау үшін берілді.\n\n"
        "Оқуға түскен жылы: {start_year}. Оқуды аяқтау жылы: {end_year}. Топ: {group}.\n\n"
        "Анықтама талап етілген жерге ұсыну үшін берілді."
    ),
    "ru": (
        "Настоящая справка выдана {full_name_dative} в том, что он(а) действительно обучается в {university} "
        "на {course} курсе по образовательной программе «{programme}» ({programme_code}), форма обучения: "
        "{study_form}.\n\nГод поступления: {start_year}. Год окончания: {end_year}. Группа: {group}.\n\n"
        "Справка выдана для предъявления по месту требования."
    ),
    "en": (
        "This is to certify that {full_name} is a {study_form} student in year {course} of the educational "
        "programme \u201c{programme}\u201d ({programme_code}) at {university}.\n\n"
        "Year of admission: {start_year}. Expected year of graduation: {end_year}. Group: {group}."
    ),
}

MILITARY_BODY = {
    "kk": (
        "{university} {full_name_dative} (студенттік билет № {student_number}) {course}-курста {study_form} оқу "
        "нысанында «{programme}» білім беру бағдарламасы бойынша оқитынын растайды.\n\n"
        "Оқу мерзімі: {start_year} – {end_year}. Анықтама әскери істер жөніндегі департаментке ұсыну үшін берілді."
    ),
    "ru": (
        "{university} подтверждает, что {full_name} (студенческий билет № {student_number}) обучается на "
        "{course} курсе, форма обучения: {study_form}, по образовательной программе «{programme}».\n\n"
        "Срок обучения: {start_year} – {end_year}. Справка выдана {full_name_dative} для представления в "
        "департамент по делам обороны."
    ),
    "en": (
        "{university} confirms that {full_name} (student ID {student_number}) is a {study_form} student in year "
        "{course} of the programme \u201c{programme}\u201d.\n\nPeriod of study: {start_year} – {end_year}. "
        "Issued for the military office."
    ),
}

PENSION_BODY = {
    "kk": (
        "Осы анықтама {full_name_dative} {university} {course}-курсында {study_form} оқу нысанында оқитынын "
        "растау үшін берілді (оқуға түскен жылы {start_year}, оқуды аяқтау жылы {end_year}).\n\n"
        "Анықтама зейнетақы төлеу орталығына ({form}-нысан) ұсыну үшін берілді және {valid_until} дейін жарамды."
    ),
    "ru": (
        "Настоящая справка выдана {full_name_dative} в том, что он(а) обучается на {course} курсе {university}, "
        "форма обучения: {study_form} (год поступления {start_year}, год окончания {end_year}).\n\n"
        "Справка выдана для представления в центр по выплате пенсий (форма {form}) и действительна до "
        "{valid_until}."
    ),
    "en": (
        "This is to certify that {full_name} is a {study_form} student in year {course} at {university} "
        "(admitted in {start_year}, graduating in {end_year}).\n\nIssued for the pension payment centre "
        "(form {form}); valid until {valid_until}."
    ),
}

TEMPLATES = [
    (
        "study",
        DocumentTemplate.Kind.STUDY,
        {"kk": "Анықтама", "ru": "Справка", "en": "Certificate of study"},
        {"kk": "Талап етілген жерге", "ru": "По месту требования", "en": "To whom it may concern"},
        STUDY_BODY,
        None,
    ),
    (
        "military",
        DocumentTemplate.Kind.MILITARY,
        {
            "kk": "Әскери есепке арналған анықтама",
            "ru": "Справка для военкомата",
            "en": "Certificate for the military office",
        },
        {
            "kk": "Әскери істер жөніндегі департаментке",
            "ru": "В департамент по делам обороны",
            "en": "To the military office",
        },
        MILITARY_BODY,
        None,
    ),
] + [
    (
        f"pension-{form}",
        getattr(DocumentTemplate.Kind, f"PENSION_{form}"),
        {
            "kk": f"Зейнетақы төлеу орталығына анықтама ({form}-нысан)",
            "ru": f"Справка в центр по выплате пенсий (форма {form})",
            "en": f"Certificate for the pension centre (form {form})",
        },
        {"kk": "Зейнетақы төлеу орталығына", "ru": "В центр по выплате пенсий", "en": "To the pension payment centre"},
        {language: text.replace("{form}", str(form)) for language, text in PENSION_BODY.items()},
        365,
    )
    for form in (4, 6, 21)
]

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _png(image: Image.Image, name: str) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=name)


def draw_signature(seed: str = "rector") -> ContentFile:
    """A handwritten-looking stroke in dark blue ink on a transparent background."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (480, 180), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for step in range(160):
        t = step / 159
        x = 30 + 420 * t
        y = 95 + 45 * math.sin(t * 11 + rng.random() * 0.3) * (1 - t * 0.6) + 12 * math.sin(t * 37)
        points.append((x, y))
    draw.line(points, fill=(18, 32, 120, 255), width=5, joint="curve")
    draw.line([(60, 140), (420, 128)], fill=(18, 32, 120, 230), width=3)
    return _png(image, "signature.png")


def draw_seal(text: str = "DEMO UNIVERSITY") -> ContentFile:
    """A round blue seal: two rings, the university's name around, a star in the middle."""
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue = (30, 60, 190, 215)
    draw.ellipse((8, 8, size - 8, size - 8), outline=blue, width=10)
    draw.ellipse((70, 70, size - 70, size - 70), outline=blue, width=5)
    try:
        font = ImageFont.truetype(FONT, 30)
    except OSError:
        font = ImageFont.load_default()
    letters = list(text.upper())
    for index, letter in enumerate(letters):
        angle = math.pi * (1.05 + 0.9 * index / max(len(letters) - 1, 1))
        x = size / 2 + 150 * math.cos(angle)
        y = size / 2 + 150 * math.sin(angle)
        draw.text((x, y), letter, fill=blue, font=font, anchor="mm")
    star = [
        (
            size / 2 + (60 if k % 2 == 0 else 25) * math.cos(math.pi / 2 + k * math.pi / 5),
            size / 2 - (60 if k % 2 == 0 else 25) * math.sin(math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=blue)
    return _png(image, "seal.png")


def seed_templates() -> dict[str, DocumentTemplate]:
    templates = {}
    for slug, kind, titles, addressees, bodies, valid_days in TEMPLATES:
        fields = {"kind": kind, "valid_days": valid_days}
        for language in ("kk", "ru", "en"):
            fields[f"title_{language}"] = titles[language]
            fields[f"addressee_{language}"] = addressees[language]
            fields[f"body_{language}"] = bodies[language]
        templates[slug], _created = DocumentTemplate.objects.update_or_create(slug=slug, defaults=fields)
    return templates


def seed_signatory() -> Signatory:
    signatory = Signatory.objects.filter(name_en="Askar Serikbayev").first()
    if signatory is None:
        Signatory.objects.filter(is_active=True).update(is_active=False)
        signatory = Signatory(
            name_kk="Асқар Серікбаев",
            name_ru="Аскар Серикбаев",
            name_en="Askar Serikbayev",
            position_kk="Ректор",
            position_ru="Ректор",
            position_en="Rector",
            is_active=True,
        )
    if not signatory.signature:
        signatory.signature = draw_signature()
    if not signatory.seal:
        signatory.seal = draw_seal()
    signatory.save()
    return signatory


@transaction.atomic
def seed_documents(*, today: dt.date) -> None:
    templates = seed_templates()
    seed_signatory()
    student = User.objects.filter(email="student@demo.kz").first()
    office = User.objects.filter(email="registrar@demo.kz").first()
    if student is None or office is None or not hasattr(student, "student_record"):
        return
    if IssuedDocument.objects.filter(holder=student, kind=IssuedDocument.Kind.CERTIFICATE).exists():
        return
    certificate_issue(holder=student, template=templates["study"], language="kk", actor=office)
    certificate_issue(holder=student, template=templates["study"], language="ru", actor=office)
    certificate_issue(holder=student, template=templates["pension-4"], language="ru", actor=office)
    wrong = certificate_issue(holder=student, template=templates["military"], language="en", actor=office)
    document_revoke(document=wrong, actor=office, reason="Issued in the wrong language; a Russian copy replaces it.")

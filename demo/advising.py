"""Demo "My advisor" (SPEC §2.19): advisor@demo.kz has written materials for student@demo.kz's group and for all
their advisees, in Kazakh, Russian and English: a checklist with a PDF, a link, a note, and a draft the students do
not see. Written through the services (audited, the students told once).

Idempotent: a material is made only when the advisor has none with its Kazakh title yet."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from advising.models import AdvisorMaterial
from advising.services import material_create
from people.models import User


def _pdf(text: str) -> bytes:
    """A one-page PDF saying `text` (ASCII), small and valid, with its cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


MATERIALS = [
    {
        "title_kk": "Тіркелуге дайындық: тексеру парағы",
        "title_ru": "Подготовка к регистрации: чек-лист",
        "title_en": "Getting ready for registration: a checklist",
        "body_kk": (
            "Тіркелу басталмас бұрын оқу жоспарыңызды қараңыз, пререквизиттерді тексеріңіз және ЖОЖ-ға қол қойыңыз."
        ),
        "body_ru": "До начала регистрации просмотрите учебный план, проверьте пререквизиты и подпишите ИУП.",
        "body_en": (
            "Before registration opens, look through your curriculum, check the prerequisites and sign your IUP."
        ),
        "file": ("registration-checklist.pdf", "Registration checklist"),
        "for_group": True,
    },
    {
        "title_kk": "Академиялық күнтізбе және маңызды мерзімдер",
        "title_ru": "Академический календарь и важные сроки",
        "title_en": "The academic calendar and key dates",
        "body_kk": "Add/drop, аралық бақылау және емтихан мерзімдері күнтізбеде.",
        "body_ru": "Сроки add/drop, рубежного контроля и экзаменов — в календаре.",
        "body_en": "Add/drop, midterm and exam dates are in the calendar.",
        "url": "https://example.kz/academic-calendar",
        "for_group": True,
    },
    {
        "title_kk": "Кеңес беру сағаттары",
        "title_ru": "Часы консультаций",
        "title_en": "Office hours",
        "body_kk": "Сәрсенбі күні 14:00–16:00, IS-305 кабинеті. Алдын ала хабарласыңыз.",
        "body_ru": "По средам с 14:00 до 16:00, кабинет IS-305. Напишите заранее.",
        "body_en": "Wednesdays 14:00–16:00, room IS-305. Write in advance.",
        "for_group": False,
    },
    {
        "title_kk": "Келесі семестрге арналған элективтер (жоба)",
        "title_ru": "Элективы на следующий семестр (черновик)",
        "title_en": "Electives for next semester (draft)",
        "body_kk": "Әзірленуде.",
        "body_ru": "В работе.",
        "body_en": "Work in progress.",
        "for_group": True,
        "draft": True,
    },
]


@transaction.atomic
def seed_advising(*, today: dt.date) -> None:
    advisor = User.objects.filter(email="advisor@demo.kz", is_advisor=True).first()
    student = User.objects.filter(email="student@demo.kz").select_related("student_record__group").first()
    if advisor is None or student is None or student.student_record.advisor_id != advisor.pk:
        return
    group = student.student_record.group
    existing = set(AdvisorMaterial.objects.filter(advisor=advisor).values_list("title_kk", flat=True))
    # oldest first, so the list shows the checklist on top (newest first)
    for spec in reversed(MATERIALS):
        if spec["title_kk"] in existing:
            continue
        texts = {k: v for k, v in spec.items() if k.startswith(("title_", "body_"))}
        file = None
        if "file" in spec:
            name, text = spec["file"]
            file = ContentFile(_pdf(text), name=name)
        for_group = spec["for_group"] and group is not None
        material_create(
            actor=advisor,
            **texts,
            file=file,
            url=spec.get("url", ""),
            audience=AdvisorMaterial.Audience.GROUP if for_group else AdvisorMaterial.Audience.ALL,
            group=group if for_group else None,
            is_published=not spec.get("draft"),
        )

"""Demo requests (issue 11 part 2): the kinds the university takes (certificates, paid services, add/drop changes,
another advisor) in Kazakh, Russian and English, and requests of student@demo.kz in every status, plus a few of
other students for the office's queue. Idempotent: kinds by their code, requests only for a student who has none."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from people.models import StudentRecord, User
from requests_app.models import Request, RequestKind
from requests_app.services.requests import (
    request_cancel,
    request_create,
    request_issue,
    request_ready,
    request_reject,
    request_review,
)

C, S, AD, AC = (
    RequestKind.Category.CERTIFICATE,
    RequestKind.Category.SERVICE,
    RequestKind.Category.ADD_DROP,
    RequestKind.Category.ADVISOR_CHANGE,
)
REG, FIN, DEAN = RequestKind.Office.REGISTRAR, RequestKind.Office.FINANCE, RequestKind.Office.DEAN

# slug, category, office, price, document template, (kk, ru, en) names, (kk, ru, en) descriptions
KINDS = [
    (
        "study-certificate",
        C,
        REG,
        "500",
        "study",
        (
            "Оқу орнынан анықтама (талап етілген жерге)",
            "Справка с места учёбы (по месту требования)",
            "Certificate of study (to whom it may concern)",
        ),
        (
            "Сіздің осы университетте оқитыныңызды растайды.",
            "Подтверждает, что вы обучаетесь в университете.",
            "Confirms that you study at the university.",
        ),
    ),
    (
        "military-certificate",
        C,
        REG,
        "0",
        "military",
        ("Әскери комиссариатқа анықтама", "Справка в военкомат", "Certificate for the military registration office"),
        ("Әскерге шақыруды кейінге қалдыру үшін.", "Для отсрочки от призыва.", "For a deferment of military service."),
    ),
    (
        "pension-form-4",
        C,
        REG,
        "0",
        "pension-4",
        ("ЗТМО-ға анықтама (4-нысан)", "Справка в ГЦВП (форма 4)", "Certificate for the pension centre (form 4)"),
        ("Бір жыл жарамды.", "Действительна один год.", "Valid for one year."),
    ),
    (
        "pension-form-6",
        C,
        REG,
        "0",
        "pension-6",
        ("ЗТМО-ға анықтама (6-нысан)", "Справка в ГЦВП (форма 6)", "Certificate for the pension centre (form 6)"),
        ("Бір жыл жарамды.", "Действительна один год.", "Valid for one year."),
    ),
    (
        "pension-form-21",
        C,
        REG,
        "0",
        "pension-21",
        ("ЗТМО-ға анықтама (21-нысан)", "Справка в ГЦВП (форма 21)", "Certificate for the pension centre (form 21)"),
        ("Бір жыл жарамды.", "Действительна один год.", "Valid for one year."),
    ),
    (
        "official-transcript",
        C,
        REG,
        "1000",
        "official-transcript",
        ("Ресми транскрипт", "Официальный транскрипт", "Official transcript"),
        (
            "Университет мөрімен расталған барлық бағалар.",
            "Все оценки, заверенные печатью университета.",
            "Every grade, sealed by the university.",
        ),
    ),
    (
        "retake",
        S,
        REG,
        "5000",
        "",
        ("Пәнді қайта тапсыру", "Пересдача дисциплины", "Retake of a discipline"),
        (
            "Ақылы қайта тапсыру: пәнді түсініктемеде көрсетіңіз.",
            "Платная пересдача: укажите дисциплину в комментарии.",
            "A paid retake: name the discipline in the comment.",
        ),
    ),
    (
        "student-card-duplicate",
        S,
        REG,
        "1500",
        "",
        ("Студенттік билеттің телнұсқасы", "Дубликат студенческого билета", "Duplicate student card"),
        (
            "Жоғалған немесе бүлінген билеттің орнына.",
            "Взамен утерянного или испорченного.",
            "In place of a lost or damaged card.",
        ),
    ),
    (
        "id-card-restoration",
        S,
        REG,
        "0",
        "",
        ("ID картаны қалпына келтіру", "Восстановление ID-карты", "ID card restoration"),
        ("Кіру картасын қалпына келтіру.", "Восстановление карты доступа.", "A new access card."),
    ),
    (
        "dormitory",
        S,
        DEAN,
        "0",
        "",
        ("Жатақханадан орын", "Место в общежитии", "A dormitory place"),
        (
            "Деканат орындар бар болса береді.",
            "Деканат выделяет места при наличии.",
            "The dean's office gives places while there are any.",
        ),
    ),
    (
        "adddrop-replace",
        AD,
        REG,
        "0",
        "",
        ("Пәнді ауыстыру", "Замена дисциплины", "Replace a discipline"),
        (
            "Ағымдағы пән мен жаңа пәнді таңдаңыз.",
            "Выберите текущую и новую дисциплину.",
            "Choose the current discipline and the new one.",
        ),
    ),
    (
        "adddrop-drop",
        AD,
        REG,
        "0",
        "",
        ("Пәннен бас тарту", "Отказ от дисциплины", "Drop a discipline"),
        ("Тіркелу кезеңінде.", "В период регистрации.", "During the registration period."),
    ),
    (
        "adddrop-add",
        AD,
        REG,
        "0",
        "",
        ("Пән қосу", "Добавление дисциплины", "Add a discipline"),
        ("Кредит шегі сақталады.", "С учётом лимита кредитов.", "Within the credit limit."),
    ),
    (
        "adddrop-stream",
        AD,
        REG,
        "0",
        "",
        ("Ағынды ауыстыру", "Смена потока", "Change stream"),
        ("Бос орын болса.", "При наличии свободных мест.", "While the stream has seats."),
    ),
    (
        "late-drop",
        AD,
        REG,
        "3000",
        "",
        ("Кеш бас тарту (ақылы)", "Поздний отказ (платно)", "Late drop (paid)"),
        (
            "Тіркелу кезеңінен кейін пәннен бас тарту.",
            "Отказ от дисциплины после периода регистрации.",
            "Dropping a discipline after the registration period.",
        ),
    ),
    (
        "advisor-change",
        AC,
        DEAN,
        "0",
        "",
        ("Эдвайзерді ауыстыру немесе шағым", "Смена эдвайзера или жалоба", "Another advisor or a complaint"),
        ("Себебін түсініктемеде жазыңыз.", "Опишите причину в комментарии.", "Say why in the comment."),
    ),
]


ADDDROP_ACTIONS = {
    "adddrop-replace": "replace",
    "adddrop-drop": "drop",
    "adddrop-add": "add",
    "adddrop-stream": "stream",
    "late-drop": "late_drop",
}


def seed_request_kinds() -> dict[str, RequestKind]:
    kinds = {}
    for position, (slug, category, office, price, template, names, descriptions) in enumerate(KINDS):
        values = {"category": category, "office": office, "price": Decimal(price), "document_template": template}
        values["adddrop_action"] = ADDDROP_ACTIONS.get(slug, "")
        values["position"] = position
        for lang, name, description in zip(("kk", "ru", "en"), names, descriptions, strict=True):
            values[f"name_{lang}"], values[f"description_{lang}"] = name, description
        kinds[slug], _created = RequestKind.objects.update_or_create(slug=slug, defaults=values)
    return kinds


def _file(student, kind, actor, **kwargs):
    values = {"language": "kk", "comment": "", "details": {}, "files": []} | kwargs
    return request_create(student=student, kind=kind, actor=actor, **values)


@transaction.atomic
def seed_requests(*, today: dt.date) -> None:
    kinds = seed_request_kinds()
    office = User.objects.filter(email="registrar@demo.kz").first()
    student = StudentRecord.objects.filter(user__email="student@demo.kz").select_related("user").first()
    if office is None or student is None or Request.objects.filter(student=student).exists():
        return
    me = student.user
    issued = _file(student, kinds["study-certificate"], me, comment="Жұмыс орнына")
    for step in (request_review, request_ready, request_issue):
        step(request=issued, actor=office)
    ready = _file(student, kinds["military-certificate"], me, language="ru")
    request_review(request=ready, actor=office)
    request_ready(request=ready, actor=office)
    request_review(request=_file(student, kinds["pension-form-4"], me), actor=office)
    _file(student, kinds["id-card-restoration"], me, comment="Карта жоғалды")
    _file(student, kinds["official-transcript"], me, language="en")  # paid from the balance
    rejected = _file(student, kinds["student-card-duplicate"], me)
    request_reject(request=rejected, actor=office, reason="Билет жарамды: оны деканаттан алыңыз.")
    request_cancel(request=_file(student, kinds["dormitory"], me), actor=me)
    # a few other students' requests, so the office's queue has work in it
    others = StudentRecord.objects.exclude(pk=student.pk).select_related("user").order_by("pk")[:6]
    for i, other in enumerate(others):
        req = _file(other, kinds["military-certificate" if i % 2 else "pension-form-6"], other.user, language="ru")
        if i % 3 == 2:
            request_review(request=req, actor=office)
    _seed_adddrop_requests(others, kinds)


def _seed_adddrop_requests(others, kinds) -> None:
    """Two other students ask to drop a discipline of the current term by request, so the office's queue has
    add/drop work to approve (each filed only when the rules accept it on the demo's day)."""
    from requests_app.forms.adddrop import AddDropForm

    filed = 0
    for other in others:
        form = AddDropForm(student=other)
        term = form.fields["term"].queryset.first()
        drop = form.fields["drop"].queryset.first()
        if term is None or drop is None:
            continue
        details = {"action": "drop", "term": term.pk, "drop": drop.pk, "add": None}
        details |= {"from_stream": None, "to_stream": None}
        try:
            _file(other, kinds["adddrop-drop"], other.user, details=details, comment="Кесте сәйкес келмейді")
        except ValidationError:
            continue
        filed += 1
        if filed == 2:
            return

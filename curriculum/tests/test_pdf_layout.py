"""Every PDF of the study plan fits its cells in Kazakh, Russian and English (issue 9, §5.3).

Each document is rendered with the longest labels the portal prints (every cycle, component and traditional grade,
long names, a long verification address) and read back with pypdf: no text run may cross a column border or leave
the page's margins (`documents.tests.pdf_layout`).
"""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from curriculum.models import Discipline, GradeBand
from curriculum.pdf import iup_pdf, transcript_official_pdf, transcript_pdf
from curriculum.permissions import plan_get_for_user_or_404
from curriculum.services.iup import iup_plan_get_or_create, iup_sign
from curriculum.services.transcript import transcript_issue_official
from curriculum.tests.factories import (
    DisciplineFactory,
    RegistrationFactory,
    academic_terms,
    grade,
    install_grade_scale,
)
from documents.tests.pdf_layout import overflows, read_layout
from people.permissions import student_record_for_user_or_404
from people.tests.factories import AdvisorFactory, RegistrarFactory, StudentRecordFactory
from university.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ("kk", "ru", "en")
SITE = "https://cabinet.kazakh-national-technical-university.example.kz"

NAMES = [
    (
        "Ақпараттық-коммуникациялық технологиялар және электроэнергетикалық жүйелердің автоматтандырылуы",
        "Информационно-коммуникационные технологии и автоматизация электроэнергетических систем",
        "Information and communication technologies and the automation of electrical power systems",
    ),
    ("Қазақ тілі", "Казахский язык", "Kazakh language"),
    ("Физикалық мәдениет", "Физическая культура", "Physical education"),
    ("Жоғары математика", "Высшая математика", "Higher mathematics"),
]
# One grade of every traditional grade: 5, 4, 3 and the longest word, 2 (қанағаттанарлықсыз, неудовлетворительно).
PERCENTS = (96, 81, 52, 30)


@pytest.fixture
def documents():
    """A student with two graded terms and a signed IUP for a third one that has not ended, at every step."""
    install_grade_scale()
    first_year = timezone.localdate().year - 1
    terms = academic_terms(first_year=first_year, years=2)
    past, current = terms[:2], terms[-1]
    assert current.end_date > timezone.localdate()
    programme = ProgrammeFactory(
        name_kk="Электроэнергетика және ақпараттық-коммуникациялық технологиялар (ағылшын тілінде оқытылатын)",
        name_ru="Электроэнергетика и информационно-коммуникационные технологии (с обучением на английском языке)",
        name_en="Electrical power engineering and information and communication technologies (taught in English)",
    )
    advisor = AdvisorFactory(last_name="Сейітқалиева-Әбдіғаппарова", first_name="Гүлназираш", middle_name="Жанұзаққызы")
    registrar = RegistrarFactory(last_name="Мұхаммедқалиұлы", first_name="Айдарбекжан", middle_name="Серікболұлы")
    student = StudentRecordFactory(
        advisor=advisor,
        programme=programme,
        year_of_study=2,
        user__last_name="Әбдіқадырова-Нұрмұхамбетова",
        user__first_name="Ақмаржан-Қызғалдақ",
        user__middle_name="Төлеутайқызы",
    )
    cycles, components = list(Discipline.Cycle), list(Discipline.Component)
    number = 0
    for semester, term in enumerate([*past, current], start=1):
        for index, (kk, ru, en) in enumerate(NAMES):
            number += 1
            discipline = DisciplineFactory(
                code=f"ЭЛЕКТРОЭНЕРГ-{number:04d}",
                name_kk=kk,
                name_ru=ru,
                name_en=en,
                credits=(5, 4, 3, 10)[index],
                cycle=cycles[index % 3],  # every cycle and every component in each term
                component=components[(index + semester) % 3],
            )
            registration = RegistrationFactory(student=student, term=term, discipline=discipline, semester=semester)
            if term in past:
                grade(registration, PERCENTS[index])
    plan = iup_plan_get_or_create(student=student, term=current)
    for actor in (student.user, advisor, registrar):
        iup_sign(plan=plan, actor=actor)
    return student


def _render(kind: str, student) -> bytes:
    user = student.user
    if kind == "iup":
        plan = plan_get_for_user_or_404(user, student.plans.get().pk)
        return iup_pdf(plan=plan)
    record = student_record_for_user_or_404(user)
    if kind == "transcript":
        return transcript_pdf(student=record)
    document = transcript_issue_official(student=record, actor=user, site_root=SITE)
    return transcript_official_pdf(document=document)


def _labels(kind: str) -> list[str]:
    """The column headers and worded values the document prints, in the active language."""
    headers = ["Code", "Discipline", "Credits"]
    if kind == "iup":
        return [gettext(h) for h in [*headers, "Cycle", "Component"]] + [
            str(label) for label in [*Discipline.Cycle.labels, *Discipline.Component.labels]
        ]
    return [gettext(h) for h in [*headers, "Letter", "Points", "Traditional grade"]] + [
        str(label) for label in GradeBand.Traditional.labels
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["iup", "transcript", "official"])
def test_every_pdf_fits_its_cells(documents, kind, language):
    with translation.override(language):
        content = _render(kind, documents)
        labels = _labels(kind)

    runs, rules, _sizes = read_layout(content)
    assert rules, "the document has tables"
    words = set(" ".join(run.text for run in runs).split())
    for label in labels:  # every label is on the page, each word whole (not broken or hyphenated to fit)
        missing = [word for word in label.split() if word not in words]
        assert not missing, f"{label!r}: {missing}"
    assert overflows(content) == []


def test_the_check_sees_a_column_overrun():
    """The check itself: a header wider than its fixed column is reported, as the Kazakh transcript's was."""
    from weasyprint import HTML

    html = (
        '<table style="table-layout: fixed; width: 60mm; border-collapse: collapse">'
        '<colgroup><col style="width: 12mm"><col></colgroup>'
        '<tr><th style="border: 0.3pt solid #888">Кредиттер</th><td style="border: 0.3pt solid #888">5</td></tr>'
        "</table>"
    )
    found = overflows(HTML(string=html).write_pdf())
    assert len(found) == 1 and "Кредиттер" in found[0] and "crosses the column border" in found[0]

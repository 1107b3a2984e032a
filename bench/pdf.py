"""How long the IUP and transcript PDFs take to render for a fourth-year student (issue 3: under 1.5 s each).

    .venv/bin/python -m bench.pdf

Builds a throw-away test database (config.settings.test: in-memory SQLite unless DATABASE_URL is set), a
fourth-year student with seven graded terms and a signed IUP for the eighth, then renders each PDF once to warm
up and five times more, and prints the medians as one JSON line.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

RUNS = 5
TERMS = 8
PER_TERM = 7


def build():
    """A fourth-year student: terms 1–7 graded (with one failed and retaken discipline), term 8 registered."""
    from django.utils import timezone

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
    from people.permissions import student_record_for_user_or_404
    from people.tests.factories import AdvisorFactory, RegistrarFactory, StudentRecordFactory

    install_grade_scale()
    # the eighth term has not ended yet, so its IUP can still be signed (a past term's plan is read-only)
    terms = academic_terms(first_year=timezone.localdate().year - 3, years=TERMS // 2)
    advisor, registrar = AdvisorFactory(), RegistrarFactory()
    student = StudentRecordFactory(
        advisor=advisor, year_of_study=4, user__last_name="Әбілқасымова", user__first_name="Гүлнұр"
    )
    failed = None
    for index, term in enumerate(terms, start=1):
        for n in range(PER_TERM):
            discipline = DisciplineFactory(
                code=f"ҚАЗ{index}{n:02d}",
                name_kk=f"Ақпараттық жүйелердің қауіпсіздігі және өңдеу әдістері {index}.{n}",
                credits=5 if n % 3 else 4,
            )
            registration = RegistrationFactory(student=student, term=term, discipline=discipline, semester=index)
            if index < TERMS:
                percent = 30 if (index, n) == (2, 0) else 55 + (index * 7 + n * 5) % 45
                grade(registration, percent)
                if (index, n) == (2, 0):
                    failed = discipline
        if index == 4:  # the failed discipline taken again two terms later
            grade(RegistrationFactory(student=student, term=term, discipline=failed, semester=2), 78)
    plan = iup_plan_get_or_create(student=student, term=terms[-1])
    for actor in (student.user, advisor, registrar):
        iup_sign(plan=plan, actor=actor)
    record = student_record_for_user_or_404(student.user)
    document = transcript_issue_official(student=record, actor=student.user)
    return plan_get_for_user_or_404(student.user, plan.pk), record, document


def median_seconds(render) -> float:
    render()  # warm-up: fonts, templates, WeasyPrint's own imports
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        content = render()
        times.append(time.perf_counter() - start)
        assert content.startswith(b"%PDF"), "not a PDF"
    return round(statistics.median(times), 3)


def main() -> None:
    from curriculum.pdf import iup_pdf, transcript_official_pdf, transcript_pdf

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with translation.override("kk"):
            plan, record, document = build()
            figures = {
                "iup_pdf_s": median_seconds(lambda: iup_pdf(plan=plan)),
                "transcript_pdf_s": median_seconds(lambda: transcript_pdf(student=record)),
                "official_transcript_pdf_s": median_seconds(lambda: transcript_official_pdf(document=document)),
            }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    figures["target_s"] = 1.5
    figures["ok"] = all(value < 1.5 for key, value in figures.items() if key.endswith("_pdf_s"))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

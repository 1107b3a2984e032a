"""Certificates (issue 11, part 3): one certificate issued and rendered in under 1 s; 300 for a group in one job.

    .venv/bin/python bench/certificates.py [--students 300] [--runs 20]

Builds a throw-away SQLite test database in a temporary file (config.settings.test; a file, not memory, so the
observer thread below reads what the job writes), the rector with a signature and a seal, a Russian certificate
template and a group of `--students` students with Russian and Kazakh names. Then:

1. *single*: `certificate_issue` + `certificate_pdf` for one student, once to warm up and `--runs` times more
   (p50 and p95 of the two together, and of the PDF alone);
2. *job*: `certificate_job_start` for the whole group, run in process by the eager Celery task, while another
   thread reads the job's `done` every 0.2 s as the progress bar does; then the ZIP is opened and its PDFs counted.

Prints its progress on stderr and one JSON line last on stdout.
"""

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

TARGET_S = 1.0
NAMES = [
    ("Ахметов", "Айдар", "Серикович"),
    ("Жұмабаева", "Айгерім", "Болатқызы"),
    ("Иванова", "Мария", "Петровна"),
    ("Сейтқали", "Нұржан", "Ерланұлы"),
    ("Ким", "Алексей", "Викторович"),
    ("Петров-Водкин", "Кузьма", "Сергеевич"),
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(students: int):
    from documents.tests.factories import DocumentTemplateFactory, SignatoryFactory
    from people.tests.factories import RegistrarFactory, StudentRecordFactory
    from university.tests.factories import StudyGroupFactory

    SignatoryFactory()
    template = DocumentTemplateFactory(slug="study")
    office = RegistrarFactory(email="office@bench.kz")
    group = StudyGroupFactory(name="ИС-24-01")
    records = []
    for index in range(students):
        last, first, middle = NAMES[index % len(NAMES)]
        records.append(
            StudentRecordFactory(
                group=group,
                programme=group.programme,
                year_of_study=2,
                user__last_name=last,
                user__first_name=first,
                user__middle_name=middle,
            )
        )
    return template, office, group, records


def single(template, office, record, runs: int) -> dict:
    from documents.services import certificate_issue, certificate_pdf

    def once():
        start = time.perf_counter()
        document = certificate_issue(holder=record.user, template=template, language="ru", actor=office)
        issued = time.perf_counter()
        content = certificate_pdf(document)
        done = time.perf_counter()
        assert content.startswith(b"%PDF"), "not a PDF"
        return done - start, done - issued

    once()  # warm-up: fonts, templates, WeasyPrint's imports, the petrovich rules
    both, pdf_only = zip(*(once() for _ in range(runs)), strict=True)
    return {
        "single_p50_s": round(statistics.median(both), 3),
        "single_p95_s": round(percentile(list(both), 0.95), 3),
        "single_pdf_p50_s": round(statistics.median(pdf_only), 3),
    }


def job_run(template, office, records) -> dict:
    from documents.models import CertificateJob
    from documents.services import certificate_job_start

    samples: list[int] = []
    stop = threading.Event()

    def observe():
        try:
            while not stop.is_set():
                job = CertificateJob.objects.order_by("-pk").values("done", "status").first()
                if job is not None:
                    samples.append(job["done"])
                time.sleep(0.2)
        finally:
            connections.close_all()

    observer = threading.Thread(target=observe, daemon=True)
    observer.start()
    start = time.perf_counter()
    job = certificate_job_start(
        template=template, language="ru", actor=office, student_ids=[r.pk for r in records], site_root=""
    )
    elapsed = time.perf_counter() - start
    stop.set()
    observer.join()
    job.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(job.zip_file.read())) as archive:
        pdfs = sum(1 for name in archive.namelist() if archive.read(name).startswith(b"%PDF"))
    distinct = sorted(set(samples))
    return {
        "job_students": len(records),
        "job_status": job.status,
        "job_s": round(elapsed, 2),
        "job_per_certificate_s": round(elapsed / max(len(records), 1), 3),
        "zip_pdfs": pdfs,
        "progress_samples": len(samples),
        "progress_distinct": len(distinct),
        "progress_monotonic": samples == sorted(samples),
        "progress_last_seen": samples[-1] if samples else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-certificates-")
    settings.MEDIA_ROOT = Path(workdir) / "media"
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir) / "bench.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with translation.override("ru"):
            log(f"building {options.students} students…")
            template, office, _group, records = build(options.students)
            log("single certificate…")
            figures = single(template, office, records[0], options.runs)
            log(f"a job for {options.students} students…")
            figures |= job_run(template, office, records)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    figures["target_s"] = TARGET_S
    figures["ok"] = (
        figures["single_p95_s"] < TARGET_S
        and figures["job_status"] == "done"
        and figures["zip_pdfs"] == options.students
        and figures["progress_monotonic"]
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

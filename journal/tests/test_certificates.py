"""Medical certificates: the window, the file's content and size, who sees the file, confirmation excuses absences."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from journal.models import Cell, CellChange, MedicalCertificate
from people.tests.factories import TeacherFactory, UserFactory

from .factories import column, journal_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return journal_world(students=2)


def hand_in(client, world, *, start, end, content=PDF, name="note.pdf"):
    client.force_login(world.students[0].user)
    return client.post(
        reverse("journal:certificate_upload"),
        {"start_date": start.isoformat(), "end_date": end.isoformat(), "file": SimpleUploadedFile(name, content)},
    )


def test_hand_in_confirm_and_absences_excused(client, world):
    today = timezone.localdate()
    student = world.students[0]
    lesson = column(world, date=today)
    cell = Cell.objects.create(column=lesson, student=student, attendance="absent", absence_hours=1)
    assert hand_in(client, world, start=today - dt.timedelta(days=1), end=today).status_code == 302
    certificate = MedicalCertificate.objects.get()
    assert client.get(reverse("journal:certificate_file", args=[certificate.pk])).status_code == 200
    client.force_login(world.students[1].user)  # another student
    assert client.get(reverse("journal:certificate_file", args=[certificate.pk])).status_code == 404
    client.force_login(TeacherFactory())  # a teacher who does not teach the student
    review = reverse("journal:certificate_review", args=[certificate.pk])
    assert client.post(review, {"decision": "confirm"}).status_code == 404
    client.force_login(world.practice.teacher)
    assert client.get(reverse("journal:certificate_file", args=[certificate.pk])).status_code == 200
    assert client.get(reverse("journal:certificates_pending")).status_code == 200
    client.post(reverse("journal:certificate_review", args=[certificate.pk]), {"decision": "confirm"})
    cell.refresh_from_db()
    assert (cell.attendance, cell.version) == ("excused", 2)
    assert CellChange.objects.get(cell=cell).reason == f"medical certificate #{certificate.pk}"
    certificate.refresh_from_db()
    assert certificate.status == "confirmed" and certificate.reviewed_by == world.practice.teacher


def test_late_certificate_and_bad_files_refused(client, world):
    today = timezone.localdate()
    late = hand_in(client, world, start=today - dt.timedelta(days=9), end=today - dt.timedelta(days=4))
    assert late.status_code == 400 and "within 3 days" in late.content.decode()
    fake = hand_in(client, world, start=today, end=today, content=b"MZ\x90\x00 not a pdf", name="x.pdf")
    assert fake.status_code == 400 and "PDF, JPEG or PNG" in fake.content.decode()
    big = hand_in(client, world, start=today, end=today, content=PDF + b"0" * (5 * 1024 * 1024))
    assert big.status_code == 400 and "5 MB" in big.content.decode()
    assert not MedicalCertificate.objects.exists()


def test_registrar_confirms(client, world):
    today = timezone.localdate()
    hand_in(client, world, start=today, end=today)
    certificate = MedicalCertificate.objects.get()
    client.force_login(UserFactory(is_registrar=True, is_staff=True))
    client.post(reverse("journal:certificate_review", args=[certificate.pk]), {"decision": "reject"})
    certificate.refresh_from_db()
    assert certificate.status == "rejected"

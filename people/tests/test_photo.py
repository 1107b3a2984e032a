import io
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from people.models import User
from people.photos import MAX_PIXELS
from people.tests.factories import (
    AdvisorFactory,
    RegistrarFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ORIENTATION = 0x0112
MAKE = 0x010F


def jpeg_with_exif(width=1200, height=800) -> bytes:
    """A camera-like photo: landscape pixels with EXIF saying "rotate 90° clockwise" and a camera maker."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "Secret Camera Co"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def image_bytes(fmt: str, mode="RGB", size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(data: bytes, name="me.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def signed_in(client, student):
    student.language = "en"
    student.save()
    client.force_login(student)
    return client


def test_uploaded_photo_is_turned_upright_resized_and_stripped(signed_in, student):
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()[MAKE] == "Secret Camera Co"

    response = signed_in.post(reverse("people:settings"), {"photo": upload(original)}, follow=True)

    assert "Your photo is saved." in response.content.decode()
    student.refresh_from_db()
    assert student.photo.name.endswith(".jpg")
    with student.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= 512
        assert image.size == (341, 512)  # the EXIF orientation was applied: the landscape pixels stand upright
        assert len(image.getexif()) == 0
        assert "exif" not in image.info
    with student.photo.open("rb") as stored:
        assert b"Secret Camera Co" not in stored.read()


def test_png_with_transparency_is_accepted_and_stored_as_jpeg(signed_in, student):
    response = signed_in.post(
        reverse("people:settings"), {"photo": upload(image_bytes("PNG", "RGBA"), "me.png", "image/png")}
    )

    assert response.status_code == 302
    student.refresh_from_db()
    with student.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (64, 64)


def test_webp_is_accepted(signed_in, student):
    signed_in.post(reverse("people:settings"), {"photo": upload(image_bytes("WEBP"), "me.webp", "image/webp")})

    student.refresh_from_db()
    assert student.photo


@pytest.fixture
def with_photo(signed_in, student):
    signed_in.post(reverse("people:settings"), {"photo": upload(image_bytes("JPEG"))})
    student.refresh_from_db()
    assert student.photo
    return student.photo.name


def test_too_large_file_is_refused_and_nothing_changes(signed_in, student, with_photo, settings):
    settings.PHOTO_MAX_BYTES = 1024
    big = jpeg_with_exif()
    assert len(big) > 1024

    response = signed_in.post(reverse("people:settings"), {"photo": upload(big)})

    assert response.status_code == 200
    assert "The photo is too large: at most 1.0\xa0KB." in response.content.decode()
    student.refresh_from_db()
    assert student.photo.name == with_photo
    assert default_storage.exists(with_photo)


def test_text_file_named_jpg_is_refused_and_nothing_changes(signed_in, student, with_photo):
    fake = upload(b"#!/bin/sh\necho this is not a photo\n" * 20, "holiday.jpg", "image/jpeg")

    response = signed_in.post(reverse("people:settings"), {"photo": fake})

    assert response.status_code == 200
    assert "This file is not an image we can read." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    student.refresh_from_db()
    assert student.photo.name == with_photo


def test_truncated_jpeg_is_refused(signed_in, student):
    broken = jpeg_with_exif()[:400]

    response = signed_in.post(reverse("people:settings"), {"photo": upload(broken)})

    assert "This file is not an image we can read." in response.content.decode()
    student.refresh_from_db()
    assert not student.photo


def test_gif_is_refused_by_its_content_even_when_named_png(signed_in, student):
    response = signed_in.post(reverse("people:settings"), {"photo": upload(image_bytes("GIF"), "me.png", "image/png")})

    assert "Upload a JPEG, PNG or WebP image." in response.content.decode()
    student.refresh_from_db()
    assert not student.photo


def test_posting_without_a_file_asks_for_one(signed_in, student):
    response = signed_in.post(reverse("people:settings"), {})

    assert "Choose a photo to upload." in response.content.decode()
    student.refresh_from_db()
    assert not student.photo


def test_replacing_the_photo_deletes_the_old_file(signed_in, student, with_photo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("people:settings"), {"photo": upload(image_bytes("PNG"), "new.png", "image/png")})

    student.refresh_from_db()
    assert student.photo.name != with_photo
    assert default_storage.exists(student.photo.name)
    assert not default_storage.exists(with_photo)


def test_remove_photo(signed_in, student, with_photo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("people:photo_remove"), follow=True)

    assert "Your photo is removed." in response.content.decode()
    student.refresh_from_db()
    assert not student.photo
    assert not default_storage.exists(with_photo)


def test_remove_photo_needs_post(signed_in, student, with_photo):
    assert signed_in.get(reverse("people:photo_remove")).status_code == 405
    student.refresh_from_db()
    assert student.photo.name == with_photo


def test_photo_view_requires_sign_in(client, student, with_photo):
    client.logout()

    response = client.get(reverse("people:photo", args=[student.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not hasattr(response, "streaming_content")


def test_the_person_gets_their_photo_with_a_validator(client, student, with_photo):
    client.force_login(student)

    response = client.get(reverse("people:photo", args=[student.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    with student.photo.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()

    again = client.get(reverse("people:photo", args=[student.pk]), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def _stream_teacher_of(record):
    from schedule.tests.factories import StreamChoiceFactory

    return StreamChoiceFactory(student=record).stream.teacher


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(lambda student: RegistrarFactory(), id="registrar"),
        pytest.param(lambda student: UserFactory(is_administrator=True, is_staff=True), id="administrator"),
        pytest.param(lambda student: User.objects.create_superuser(email="su@x.kz", password="p"), id="superuser"),
        pytest.param(lambda student: _advisor_of(student.student_record), id="their advisor"),
        pytest.param(lambda student: _stream_teacher_of(student.student_record), id="a teacher of their stream"),
    ],
)
def test_staff_and_the_teachers_who_work_with_a_student_see_the_photo(client, student, with_photo, viewer):
    client.force_login(viewer(student))
    assert client.get(reverse("people:photo", args=[student.pk])).status_code == 200


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(lambda student: UserFactory(is_applicant=True), id="a fresh applicant"),
        pytest.param(lambda student: UserFactory(), id="an account without a role"),
        pytest.param(lambda student: StudentFactory(), id="another student"),
        pytest.param(lambda student: TeacherFactory(), id="a teacher who does not teach them"),
        pytest.param(lambda student: AdvisorFactory(), id="another advisor"),
        pytest.param(lambda student: UserFactory(is_staff=True), id="staff status without an office role"),
    ],
)
def test_nobody_else_downloads_a_students_photo_by_id(client, student, with_photo, viewer):
    """Security review: anyone signed in, a fresh applicant included, downloaded every photo (issue 9, part 7.5)."""
    client.force_login(viewer(student))
    response = client.get(reverse("people:photo", args=[student.pk]))
    assert response.status_code == 404  # as for a person without a photo: nothing to learn
    assert not hasattr(response, "streaming_content")


def test_a_teachers_photo_is_seen_by_students_not_by_applicants(client, teacher):
    client.force_login(teacher)
    client.post(reverse("people:settings"), {"photo": upload(image_bytes("JPEG"))})
    teacher.refresh_from_db()
    assert teacher.photo  # shown beside the disciplines they teach

    client.force_login(StudentFactory())
    assert client.get(reverse("people:photo", args=[teacher.pk])).status_code == 200
    client.force_login(TeacherFactory())
    assert client.get(reverse("people:photo", args=[teacher.pk])).status_code == 200
    client.force_login(UserFactory(is_applicant=True))
    assert client.get(reverse("people:photo", args=[teacher.pk])).status_code == 404


def _advisor_of(record):
    advisor = AdvisorFactory()
    record.advisor = advisor
    record.save(update_fields=["advisor"])
    return advisor


def test_photo_view_is_404_without_a_photo_or_a_person(signed_in, student):
    assert signed_in.get(reverse("people:photo", args=[student.pk])).status_code == 404
    assert signed_in.get(reverse("people:photo", args=[999_999])).status_code == 404


def test_photo_view_is_404_when_the_file_is_gone(signed_in, student, with_photo):
    default_storage.delete(with_photo)

    assert signed_in.get(reverse("people:photo", args=[student.pk])).status_code == 404


def test_photos_are_not_under_a_public_media_url(client, student, with_photo, settings):
    client.logout()

    response = client.get(settings.MEDIA_URL + with_photo)

    assert response.status_code in (302, 404)


# --- huge bitmaps (issue 9, part 7.6) -----------------------------------------------------------------------------


def test_a_small_file_that_unpacks_into_a_huge_bitmap_is_refused_before_decoding(signed_in, student):
    """Security review: a 7070×7070 PNG of a few KB was accepted and cost 570 MB of memory and 3.7 s to decode."""
    buffer = io.BytesIO()
    Image.new("1", (7070, 7070)).save(buffer, format="PNG")  # 50 megapixels in a few kilobytes
    assert len(buffer.getvalue()) < 200_000

    started = time.monotonic()
    response = signed_in.post(reverse("people:settings"), {"photo": upload(buffer.getvalue(), "big.png", "image/png")})

    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert "The image has too many pixels: at most 16 megapixels." in response.content.decode()
    student.refresh_from_db()
    assert not student.photo


def test_sixteen_megapixels_are_accepted_and_one_row_more_is_not(signed_in, student):
    assert MAX_PIXELS == 4096 * 4096
    for size, saved in (((4096, 4097), False), ((4096, 4096), True)):
        buffer = io.BytesIO()
        Image.new("L", size, 128).save(buffer, format="JPEG", quality=50)
        response = signed_in.post(reverse("people:settings"), {"photo": upload(buffer.getvalue())}, follow=True)
        assert ("Your photo is saved." in response.content.decode()) is saved, size
    student.refresh_from_db()
    with student.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (512, 512)


DECODE_PEAK = """
import resource, sys
from PIL import Image
from people.photos import decode_reduced
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with Image.open(sys.argv[1]) as image:
    small = decode_reduced(image)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(small.size[0], small.size[1], (after - before) // 1024)
"""


def test_a_jpeg_is_decoded_at_a_fraction_of_its_size(tmp_path):
    """16 megapixels of RGB are 48 MB decoded whole; the decoder's own 1/8 scale needs under 1 MB."""
    path = tmp_path / "camera.jpg"
    Image.effect_noise((4096, 4096), 64).convert("RGB").save(path, format="JPEG")
    result = subprocess.run(
        [sys.executable, "-c", DECODE_PEAK, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    width, height, peak_mb = map(int, result.stdout.split())
    assert (width, height) == (512, 512)
    assert peak_mb < 16

"""Importing into a bank and exporting it: all or nothing, images checked, the preview and its confirmation, and
who may do it."""

import base64
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditRecord
from curriculum.tests.factories import DisciplineFactory
from people.tests.factories import StudentFactory, TeacherFactory
from testing import formats
from testing.models import Question, QuestionBank, QuestionFile
from testing.services.banks import bank_export, bank_import, pending_imports_clean
from testing.tasks import clean_pending_imports

from .samples import PNG, xml_samples

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
MOODLE = (DATA / "moodle-4x-export.xml").read_bytes()


@pytest.fixture
def bank(teacher):
    return QuestionBank.objects.create(discipline=DisciplineFactory(), owner=teacher, title="Calculus")


def upload(content: bytes, name: str = "bank.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def stored_fields(bank):
    return [
        {
            f: getattr(q, f)
            for f in ("type", "name", "text", "category", "general_feedback", "points", "shuffle", "data")
        }
        for q in Question.objects.filter(bank=bank).order_by("category", "id")
    ]


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_moodle_bank_is_imported_with_its_image(bank, teacher):
    report = bank_import(bank=bank, upload=upload(MOODLE), file_format="auto", actor=teacher)
    assert report.file_format == "xml" and report.total == 8 and report.files == 1
    assert report.created == {t: 1 for t in ("single", "multiple", "truefalse", "short", "numeric", "matching",
                                             "ordering", "essay")}  # fmt: skip
    assert [name for name, _why in report.skipped] == ["About this part", "Integral gaps"]
    parsed = formats.parse(MOODLE, "xml", max_questions=100)
    assert stored_fields(bank) == sorted(
        (q.fields() for q in parsed.questions), key=lambda f: f["category"]
    )  # every field as the file had it
    image = QuestionFile.objects.get(question__bank=bank)
    assert (image.name, image.content_type, image.size) == ("graph.png", "image/png", len(image.file.read()))
    assert len(image.token) == 32 and image.token in image.file.name and "graph" not in image.file.name
    record = AuditRecord.objects.get(action=AuditAction.QUESTION_BANK_IMPORT)
    assert record.actor == teacher and record.target_id == str(bank.pk) and record.after["created"]["essay"] == 1


def test_a_dry_run_writes_nothing(bank, teacher, settings):
    report = bank_import(bank=bank, upload=upload(MOODLE), file_format="xml", actor=teacher, dry_run=True)
    assert report.total == 8 and report.dry_run
    assert not Question.objects.exists() and not QuestionFile.objects.exists() and not AuditRecord.objects.exists()
    assert media_files(settings) == []


@pytest.mark.parametrize("file_format", ["xml", "gift"])
def test_an_export_re_imports_to_an_equal_bank(bank, teacher, file_format):
    source = (
        xml_samples()
        if file_format == "xml"
        else formats.parse(formats.write(xml_samples(), "gift"), "gift", max_questions=100).questions
    )
    bank_import(bank=bank, upload=upload(formats.write(source, file_format)), file_format=file_format, actor=teacher)
    exported = bank_export(bank=bank, file_format=file_format)
    other = QuestionBank.objects.create(discipline=bank.discipline, owner=teacher, title="Copy")
    bank_import(bank=other, upload=upload(exported), file_format="auto", actor=teacher)
    assert stored_fields(other) == stored_fields(bank) and len(stored_fields(bank)) == len(source)
    if file_format == "xml":
        copy = QuestionFile.objects.get(question__bank=other)
        assert copy.file.read() == PNG and copy.name == "plot.png"


def test_an_export_of_one_category_holds_it_and_those_under_it(bank, teacher):
    bank_import(bank=bank, upload=upload(formats.write(xml_samples(), "xml")), file_format="xml", actor=teacher)
    part = formats.parse(bank_export(bank=bank, file_format="xml", category="Chapter 2"), "xml", max_questions=99)
    assert sorted(q.name for q in part.questions) == ["Essay", "Matching", "Numeric", "Ordering", "Short"]


NOT_AN_IMAGE = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<quiz><question type='essay'><name><text>ok</text></name></question>"
         b"<question type='numerical'><name><text>bad</text></name><answer fraction='100'><text>x</text></answer>"
         b"</question></quiz>", "is not a number"),
        ("<quiz><question type='essay'><name><text>ok</text></name><questiontext><text>x</text>"
         "<file name='a.png' encoding='base64'>" + base64.b64encode(PNG).decode() + "</file></questiontext></question>"
         "<question type='essay'><name><text>svg</text></name><questiontext><text>y</text>"
         f"<file name='b.png' encoding='base64'>{NOT_AN_IMAGE}</file></questiontext></question></quiz>",
         "is not an image"),
        (b"::a:: fine {T}\n\n::b:: broken {T\n", "Line 3"),
        (b"<!DOCTYPE quiz [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><quiz>&x;</quiz>", "DTD or entities"),
        (b"   \n", "empty"),
        (b"// only a comment\n", "no questions"),
    ],
    ids=["bad-number", "not-an-image", "broken-gift", "xxe", "empty", "nothing"],
)  # fmt: skip
def test_a_refused_file_writes_nothing(bank, teacher, settings, content, message):
    content = content.encode() if isinstance(content, str) else content
    with pytest.raises(ValidationError, match=message):
        bank_import(bank=bank, upload=upload(content), file_format="auto", actor=teacher)
    assert not Question.objects.exists() and not QuestionFile.objects.exists() and not AuditRecord.objects.exists()
    assert media_files(settings) == []


def test_size_limits(bank, teacher, settings):
    settings.TESTING_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="too large"):
        bank_import(bank=bank, upload=upload(b"<quiz>" + b" " * 1000 + b"</quiz>"), file_format="xml", actor=teacher)
    settings.TESTING_IMPORT_MAX_BYTES = 10**6
    settings.TESTING_IMPORT_MAX_FILE_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        bank_import(bank=bank, upload=upload(formats.write(xml_samples(), "xml")), file_format="xml", actor=teacher)
    settings.TESTING_IMPORT_MAX_QUESTIONS = 3
    with pytest.raises(ValidationError, match="more than 3 questions"):
        bank_import(bank=bank, upload=upload(b"::a::a{}\n\n::b::b{}\n\n::c::c{}\n\n::d::d{}"), file_format="gift",
                    actor=teacher)  # fmt: skip
    assert not Question.objects.exists()


# --- the pages ----------------------------------------------------------------------------------------------------


def test_the_import_page_previews_then_imports(client, bank, teacher, settings):
    client.force_login(teacher)
    url = reverse("testing:bank_import", kwargs={"pk": bank.pk})
    page = client.get(url)
    assert page.status_code == 200 and b'type="file"' in page.content
    preview = client.post(url, {"step": "preview", "file_format": "auto", "file": upload(MOODLE, "math.xml")})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert (
        'data-testid="import-preview"' in html and "About this part" in html and "Default for MATH 101/Limits" in html
    )
    assert not Question.objects.exists()
    token = client.session["testing_bank_import"]["token"]
    assert len(media_files(settings)) == 1  # the upload, kept for the confirmation
    done = client.post(url, {"step": "confirm", "token": token})
    assert done.status_code == 302
    assert Question.objects.filter(bank=bank).count() == 8
    assert "testing_bank_import" not in client.session
    assert len(media_files(settings)) == 1  # the upload is gone; the question's image stays
    again = client.post(url, {"step": "confirm", "token": token})  # a second confirmation imports nothing twice
    assert again.status_code == 302 and Question.objects.filter(bank=bank).count() == 8


def test_a_preview_left_unconfirmed_is_deleted_the_next_day(client, bank, teacher, settings):
    client.force_login(teacher)
    url = reverse("testing:bank_import", kwargs={"pk": bank.pk})
    client.post(url, {"step": "preview", "file_format": "auto", "file": upload(MOODLE, "math.xml")})
    assert len(media_files(settings)) == 1
    assert clean_pending_imports.delay().get() == 0  # an hour-old preview may still be confirmed
    assert pending_imports_clean(now=timezone.now() + dt.timedelta(days=1, minutes=1)) == 1
    assert media_files(settings) == []
    token = client.session["testing_bank_import"]["token"]
    late = client.post(url, {"step": "confirm", "token": token}, follow=True)
    assert late.status_code == 200 and not Question.objects.exists()


def test_a_refused_file_shows_the_form_again_with_the_reason(client, bank, teacher):
    client.force_login(teacher)
    url = reverse("testing:bank_import", kwargs={"pk": bank.pk})
    response = client.post(url, {"step": "preview", "file_format": "gift", "file": upload(b"::a:: no braces\n")},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    assert 'data-testid="import-error"' in response.content.decode()
    assert 'value="gift" selected' in response.content.decode()  # the choice stays
    assert "testing_bank_import" not in client.session and not Question.objects.exists()


def test_a_forged_token_imports_nothing(client, bank, teacher):
    client.force_login(teacher)
    url = reverse("testing:bank_import", kwargs={"pk": bank.pk})
    client.post(url, {"step": "preview", "file_format": "auto", "file": upload(MOODLE)})
    response = client.post(url, {"step": "confirm", "token": "0" * 32})
    assert response.status_code == 302 and not Question.objects.exists()


def test_a_token_does_not_carry_to_another_bank(client, bank, teacher):
    client.force_login(teacher)
    other = QuestionBank.objects.create(discipline=bank.discipline, owner=teacher, title="Other")
    client.post(reverse("testing:bank_import", kwargs={"pk": bank.pk}), {"step": "preview", "file_format": "auto",
                "file": upload(MOODLE)})  # fmt: skip
    token = client.session["testing_bank_import"]["token"]
    client.post(reverse("testing:bank_import", kwargs={"pk": other.pk}), {"step": "confirm", "token": token})
    assert not Question.objects.exists()


def test_exports_download(client, bank, teacher):
    bank_import(bank=bank, upload=upload(MOODLE), file_format="xml", actor=teacher)
    client.force_login(teacher)
    xml = client.get(reverse("testing:bank_export", kwargs={"pk": bank.pk, "fmt": "xml"}))
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/xml")
    assert xml["Content-Disposition"] == f'attachment; filename="bank-{bank.pk}-calculus.xml"'
    assert len(formats.parse(xml.content, "xml", max_questions=99).questions) == 8
    gift = client.get(
        reverse("testing:bank_export", kwargs={"pk": bank.pk, "fmt": "gift"}),
        {"category": "Default for MATH 101/Derivatives"},
    )
    assert gift.status_code == 200 and gift["Content-Type"].startswith("text/plain")
    assert [q.name for q in formats.parse(gift.content, "gift", max_questions=99).questions] == [
        "Derivatives", "Explain the derivative",
    ]  # fmt: skip
    assert client.get(reverse("testing:bank_export", kwargs={"pk": bank.pk, "fmt": "pdf"})).status_code == 404


@pytest.mark.parametrize("who", ["other teacher", "student"])
def test_others_get_404(client, bank, who):
    client.force_login(TeacherFactory() if who == "other teacher" else StudentFactory())
    for url in (
        reverse("testing:bank_import", kwargs={"pk": bank.pk}),
        reverse("testing:bank_export", kwargs={"pk": bank.pk, "fmt": "xml"}),
    ):
        assert client.get(url).status_code == 404
    response = client.post(reverse("testing:bank_import", kwargs={"pk": bank.pk}),
                           {"step": "preview", "file_format": "auto", "file": upload(MOODLE)})  # fmt: skip
    assert response.status_code == 404 and not Question.objects.exists()


def test_the_export_reads_a_bounded_number_of_queries(client, bank, teacher, django_assert_max_num_queries):
    client.force_login(teacher)
    url = reverse("testing:bank_export", kwargs={"pk": bank.pk, "fmt": "xml"})
    bank_import(bank=bank, upload=upload(MOODLE), file_format="xml", actor=teacher)
    with django_assert_max_num_queries(8):
        client.get(url)
    for _ in range(3):
        bank_import(bank=bank, upload=upload(MOODLE), file_format="xml", actor=teacher)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_the_preview_reads_a_bounded_number_of_queries(client, bank, teacher, django_assert_max_num_queries):
    client.force_login(teacher)
    url = reverse("testing:bank_import", kwargs={"pk": bank.pk})
    body = MOODLE.split(b"<quiz>", 1)[1].rsplit(b"</quiz>", 1)[0]
    many = b"<quiz>" + body * 3 + b"</quiz>"  # three times the questions
    for content in (MOODLE, many):
        with django_assert_max_num_queries(10):
            response = client.post(url, {"step": "preview", "file_format": "xml", "file": upload(content)})
        assert response.status_code == 200
    assert response.context["report"].total == 24

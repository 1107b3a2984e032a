"""core.files: what a file is comes from its bytes, whatever its name says; a protected file is served privately."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from core import files


def archive(*names, mimetype=None) -> io.BytesIO:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        if mimetype:
            z.writestr("mimetype", mimetype)
        for name in names:
            z.writestr(name, "x")
    data.seek(0)
    return data


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (io.BytesIO(b"%PDF-1.7\n..."), files.PDF),
        (io.BytesIO(b"\x89PNG\r\n\x1a\n...."), files.PNG),
        (io.BytesIO(b"\xff\xd8\xff\xe0...."), files.JPEG),
        (io.BytesIO(b"RIFF\x10\x00\x00\x00WEBPVP8 "), files.WEBP),
        (archive("[Content_Types].xml", "word/document.xml"), files.DOCX),
        (archive("[Content_Types].xml", "xl/workbook.xml"), files.XLSX),
        (archive("[Content_Types].xml", "ppt/slides/slide1.xml"), files.PPTX),
        (archive("content.xml", mimetype="application/vnd.oasis.opendocument.text"), files.ODT),
        (archive("notes.txt"), files.ZIP),
        (io.BytesIO("Сәлем, әлем\r\n\tline two".encode()), files.TEXT),
        (io.BytesIO(b"  <!DOCTYPE html><script>alert(1)</script>"), files.MARKUP),
        (io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), files.MARKUP),
        (io.BytesIO(b"PK\x03\x04 not really an archive"), None),
        (io.BytesIO(b"text\x00with a NUL"), None),
        (io.BytesIO(b"bell \x07 in text"), None),
        (io.BytesIO(b"\xc3\x28 not UTF-8"), None),
        (io.BytesIO(b""), None),
    ],
)
def test_sniff_reads_the_bytes_and_leaves_the_file_at_its_start(content, kind):
    assert files.sniff(content) == kind
    assert content.tell() == 0


def test_a_character_cut_at_the_end_of_the_sample_is_still_text():
    data = ("a" * (files.SNIFF_BYTES - 1)).encode() + "ә".encode()  # the sample ends inside "ә"
    assert files.sniff(io.BytesIO(data)) == files.TEXT


@pytest.mark.django_db
def test_a_protected_file_is_private_and_a_missing_one_is_404(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("private/report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    field = type("Field", (), {"storage": default_storage})()
    stored = FieldFile(None, field, name)
    response = files.protected_file_response(stored, content_type=files.PDF, filename="Report.pdf")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    response.close()
    default_storage.delete(name)
    with pytest.raises(Http404):
        files.protected_file_response(FieldFile(None, field, name), content_type=files.PDF, filename="Report.pdf")

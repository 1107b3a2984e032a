"""Uploaded files are judged by their bytes and size, not their name or the type the browser sent."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments import files
from assignments.files import check_upload, check_uploads
from demo.assignments import tiny_pdf


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)


def office(part):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return data.getvalue()


@pytest.mark.parametrize(
    "name,data,kind",
    [
        ("a.pdf", tiny_pdf("x"), "application/pdf"),
        ("scan.bin", tiny_pdf("x"), "application/pdf"),  # the name does not matter, the content does
        ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        ("notes.txt", "Жауап: 42\n".encode(), "text/plain"),
        (
            "a.docx",
            office("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("a.xlsx", office("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("code.zip", office("src/main.py"), "application/zip"),
    ],
)
def test_accepted_files_are_typed_by_content(name, data, kind):
    checked = check_upload(upload(name, data, "text/html"))
    assert (checked.content_type, checked.size, checked.name) == (kind, len(data), name)
    assert len(checked.token) == 32


@pytest.mark.parametrize(
    "name,data",
    [
        ("essay.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
        ("pic.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("run.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 40),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
        ("latin1.txt", "café".encode("latin-1")),
    ],
)
def test_disguised_or_unknown_files_are_refused(name, data):
    with pytest.raises(ValidationError, match="is not a file we accept"):
        check_upload(upload(name, data, "application/pdf"))


def test_size_limits(monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError, match="too large"):
        check_upload(upload("big.txt", b"a" * 1001, "text/plain"))
    assert check_upload(upload("ok.txt", b"a" * 1000, "text/plain")).size == 1000
    with pytest.raises(ValidationError, match="is empty"):
        check_upload(upload("empty.txt", b"", "text/plain"))
    with pytest.raises(ValidationError, match="at most 5 files"):
        check_uploads([upload(f"{n}.txt", b"a") for n in range(6)])


def test_a_long_text_cut_inside_a_letter_is_still_text():
    data = ("a" + "ж" * 10_000).encode()  # byte 8192 falls inside a two-byte letter
    assert check_upload(upload("long.txt", data, "text/plain")).content_type == "text/plain"

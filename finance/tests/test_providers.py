"""The provider interface: the registry from FINANCE_PROVIDERS, signatures, and receipts checked by their bytes.

Also the sample files other top-up tests upload: a real one-page PDF (pypdf) and a real PNG and JPEG (Pillow)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image
from pypdf import PdfWriter

from finance.providers.base import Provider, hmac_sha256, signature_valid
from finance.providers.halyk import HalykProvider, canonical_body
from finance.providers.kaspi import canonical_query
from finance.providers.receipt import ReceiptProvider, receipt_check
from finance.providers.registry import provider_choices, provider_get, providers

ALL = [
    "finance.providers.receipt.ReceiptProvider",
    "finance.providers.halyk.HalykProvider",
    "finance.providers.kaspi.KaspiProvider",
]


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def pdf_upload(name="receipt.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


def png_upload(name="receipt.png"):
    return SimpleUploadedFile(name, image_bytes(), "image/png")


def exe_upload(name="receipt.pdf"):
    """A Windows program renamed .pdf, sent with the type a browser would claim from the name."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program", "application/pdf")


def test_the_registry_builds_the_configured_providers_in_order(settings):
    settings.FINANCE_PROVIDERS = ALL
    assert list(providers()) == ["receipt", "halyk", "kaspi"]
    assert isinstance(provider_get("receipt"), ReceiptProvider)
    settings.FINANCE_PROVIDERS = ALL[:1]
    assert list(providers()) == ["receipt"]
    with pytest.raises(Http404):
        provider_get("halyk")


def test_halyk_is_offered_only_when_configured_and_kaspi_never(settings):
    settings.FINANCE_PROVIDERS = ALL
    settings.HALYK_PAY_URL = settings.HALYK_SECRET = settings.HALYK_STATUS_URL = ""
    assert [code for code, _label in provider_choices()] == ["receipt"]
    settings.HALYK_PAY_URL, settings.HALYK_SECRET = "https://pay.example/", "s3cret"
    settings.HALYK_STATUS_URL = "https://api.example/status"
    assert [code for code, _label in provider_choices()] == ["receipt", "halyk"]


def test_a_provider_answers_its_interface():
    base = Provider()
    with pytest.raises(NotImplementedError):
        base.start(None, None)
    assert base.handle_callback(None).status_code == 404
    assert HalykProvider().code == "halyk"


def test_signatures_need_the_secret_and_the_exact_message():
    signature = hmac_sha256("s3cret", "a=1&b=2")
    assert signature_valid("s3cret", "a=1&b=2", signature)
    assert signature_valid("s3cret", "a=1&b=2", signature.upper())
    assert not signature_valid("s3cret", "a=1&b=3", signature)
    assert not signature_valid("other", "a=1&b=2", signature)
    assert not signature_valid("", "a=1&b=2", hmac_sha256("", "a=1&b=2"))  # no secret configured: refuse all
    assert not signature_valid("s3cret", "a=1&b=2", None)


def test_canonical_forms_ignore_order_and_spacing():
    assert canonical_body({"b": 1, "a": "x"}) == canonical_body({"a": "x", "b": 1}) == b'{"a":"x","b":1}'
    assert canonical_query({"sum": "5", "command": "pay", "sign": "zz"}) == "command=pay&sum=5"


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (pdf_upload(), "application/pdf"),
        (png_upload(), "image/png"),
        (SimpleUploadedFile("r.jpg", image_bytes("JPEG"), "image/jpeg"), "image/jpeg"),
        (SimpleUploadedFile("scan", image_bytes(), "application/octet-stream"), "image/png"),  # name is not asked
    ],
)
def test_a_receipt_is_what_its_bytes_are(upload, content_type):
    assert receipt_check(upload) == content_type


@pytest.mark.parametrize(
    "upload",
    [
        exe_upload(),
        SimpleUploadedFile("r.pdf", b"%PDF-1.4\nnot really a pdf", "application/pdf"),  # only the magic bytes
        SimpleUploadedFile("r.png", image_bytes()[:40], "image/png"),  # truncated
        SimpleUploadedFile("r.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
    ],
)
def test_anything_else_is_refused_with_a_message(upload):
    with pytest.raises(ValidationError, match="PDF, JPEG or PNG"):
        receipt_check(upload)


def test_a_receipt_over_the_size_limit_is_refused(settings):
    settings.RECEIPT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="larger than"):
        receipt_check(pdf_upload())

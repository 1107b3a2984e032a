"""The demo certificates: templates in three languages, the rector with a signature and a seal, student@demo.kz's
certificates (one revoked with its reason), and a second run that adds nothing."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from documents.models import DocumentTemplate, IssuedDocument, Signatory
from documents.services import certificate_pdf
from requests_app.models import Request

pytestmark = pytest.mark.django_db


def test_seed_demo_issues_certificates_to_the_demo_student():
    call_command("seed_demo", students=40, quiet=True, stdout=io.StringIO())

    assert set(DocumentTemplate.objects.values_list("kind", flat=True)) == set(DocumentTemplate.Kind.values)
    for template in DocumentTemplate.objects.all():
        assert template.title_kk and template.title_ru and template.title_en
        assert template.body_kk and template.body_ru and template.body_en
        template.full_clean()
    assert DocumentTemplate.objects.get(slug="pension-21").valid_days == 365
    rector = Signatory.objects.get(is_active=True)
    for image in (rector.signature, rector.seal):
        with Image.open(image.path) as opened:
            assert opened.format == "PNG"

    # the documents step's own (My requests' demo issues more, through requests that are ready or issued)
    certificates = IssuedDocument.objects.filter(holder__email="student@demo.kz", kind="certificate", job=None).exclude(
        pk__in=Request.objects.exclude(document=None).values("document")
    )
    assert certificates.count() == 4
    revoked = certificates.get(revoked_at__isnull=False)
    assert revoked.revoke_reason
    russian = certificates.filter(content__language="ru", content__template="study").get()
    assert "Жұмабаевой Айгерім Болатқызы" in russian.content["paragraphs"][0]
    kazakh = certificates.filter(content__language="kk").get()
    assert "Жұмабаева Айгерім Болатқызына" in kazakh.content["paragraphs"][0]
    assert certificate_pdf(kazakh).startswith(b"%PDF")

    call_command("seed_demo", students=40, quiet=True, stdout=io.StringIO())
    assert certificates.count() == 4 and Signatory.objects.count() == 1

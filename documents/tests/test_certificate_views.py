"""The certificate pages: the PDF for its holder and the office only, the group job with its progress and ZIP,
revoking from the verification page, the verification page's rate limit, query budgets."""

import zipfile

import pytest
from django.urls import reverse

from documents.models import CertificateJob
from documents.services import certificate_issue
from documents.tests.factories import DocumentTemplateFactory, SignatoryFactory
from people.tests.factories import RegistrarFactory, StudentRecordFactory
from university.tests.factories import StudyGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    SignatoryFactory()
    template = DocumentTemplateFactory(slug="study")
    office = RegistrarFactory(email="office@example.kz")
    record = StudentRecordFactory()
    document = certificate_issue(holder=record.user, template=template, language="en", actor=office)
    return {"template": template, "office": office, "record": record, "document": document}


def test_the_holder_and_the_office_download_the_pdf_others_get_404(client, setup):
    url = reverse("documents:file", args=[setup["document"].code])
    client.force_login(setup["record"].user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")

    client.force_login(setup["office"])
    assert client.get(url).status_code == 200

    client.force_login(StudentRecordFactory().user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("documents:file", args=["NOSUCHCODE42"])).status_code == 404


def test_the_office_starts_a_group_job_and_follows_it(client, setup, django_capture_on_commit_callbacks):
    group = StudyGroupFactory()
    for _ in range(3):
        StudentRecordFactory(group=group, programme=group.programme)
    client.force_login(setup["office"])
    assert client.get(reverse("documents:group_certificates")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:group_certificates"),
            {"group": group.pk, "template": setup["template"].pk, "language": "kk"},
        )
    job = CertificateJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:job", args=[job.pk])
    assert (job.status, job.done, job.total) == (CertificateJob.Status.DONE, 3, 3)

    page = client.get(reverse("documents:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert page.status_code == 200 and b'id="job-progress"' in page.content and b"<html" not in page.content
    assert reverse("documents:job_file", args=[job.pk]).encode() in page.content
    zipped = client.get(reverse("documents:job_file", args=[job.pk]))
    assert zipped.status_code == 200
    import io

    with zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))) as archive:
        assert len(archive.namelist()) == 3


def test_a_running_job_page_polls_and_a_done_one_stops(client, setup):
    job = CertificateJob.objects.create(
        created_by=setup["office"], template=setup["template"], language="en", student_ids=[1, 2], total=2, done=1
    )
    client.force_login(setup["office"])
    page = client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="1"' in page
    job.status, job.done = CertificateJob.Status.DONE, 2
    job.save()
    assert 'hx-trigger="every 2s"' not in client.get(reverse("documents:job", args=[job.pk])).content.decode()


def test_a_student_gets_404_from_the_office_pages(client, setup):
    job = CertificateJob.objects.create(
        created_by=setup["office"], template=setup["template"], language="en", student_ids=[1], total=1
    )
    client.force_login(setup["record"].user)
    assert client.get(reverse("documents:group_certificates")).status_code == 404
    assert client.get(reverse("documents:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("documents:job_file", args=[job.pk])).status_code == 404
    response = client.post(reverse("documents:revoke", args=[setup["document"].code]), {"reason": "x"})
    assert response.status_code == 404
    setup["document"].refresh_from_db()
    assert setup["document"].revoked_at is None


def test_a_bad_group_form_stays_filled_with_a_message(en_client, setup):
    en_client.force_login(setup["office"])
    response = en_client.post(
        reverse("documents:group_certificates"), {"group": "", "template": setup["template"].pk, "language": "ru"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required" in body
    assert f'<option value="{setup["template"].pk}" selected>' in body
    assert not CertificateJob.objects.exists()


def test_an_empty_group_is_refused_with_a_message(en_client, setup):
    en_client.force_login(setup["office"])
    response = en_client.post(
        reverse("documents:group_certificates"),
        {"group": StudyGroupFactory().pk, "template": setup["template"].pk, "language": "ru"},
    )
    assert response.status_code == 400 and "no student" in response.content.decode()


def test_the_office_revokes_from_the_verification_page(en_client, setup):
    document = setup["document"]
    en_client.force_login(setup["office"])
    page = en_client.get(reverse("documents:verify", args=[document.code])).content.decode()
    assert 'data-testid="revoke-form"' in page

    response = en_client.post(reverse("documents:revoke", args=[document.code]), {"reason": ""})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.revoked_at is None

    response = en_client.post(
        reverse("documents:revoke", args=[document.code]), {"reason": "Wrong programme"}, follow=True
    )
    body = response.content.decode()
    assert 'data-testid="verify-revoked"' in body and "Wrong programme" in body


def test_the_public_page_shows_the_certificate_without_a_revoke_form(en_client, setup):
    page = en_client.get(reverse("documents:verify", args=[setup["document"].code])).content.decode()
    assert 'data-testid="verify-genuine"' in page and 'data-testid="revoke-form"' not in page
    assert setup["document"].content["paragraphs"][0][:30] in page


def test_an_expired_certificate_says_so(en_client, setup):
    import datetime as dt

    from django.utils import timezone

    document = setup["document"]
    document.valid_until = timezone.localdate() - dt.timedelta(days=1)
    document.save()
    page = en_client.get(reverse("documents:verify", args=[document.code])).content.decode()
    assert 'data-testid="verify-expired"' in page


def test_the_verification_page_is_rate_limited_per_address(en_client, settings, setup):
    settings.VERIFY_RATE_LIMIT = "3/m"
    url = reverse("documents:verify", args=[setup["document"].code])
    assert [en_client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = en_client.get(url)
    assert response.status_code == 429
    assert "Too many documents checked" in response.content.decode()
    # another address is not held back
    assert en_client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_page_queries_do_not_grow(client, setup, django_assert_max_num_queries):
    client.force_login(setup["office"])
    document = setup["document"]
    for _ in range(3):
        CertificateJob.objects.create(
            created_by=setup["office"], template=setup["template"], language="en", student_ids=[1], total=1
        )
        StudyGroupFactory()
    urls = [
        reverse("documents:group_certificates"),
        reverse("documents:verify", args=[document.code]),
        reverse("documents:job", args=[CertificateJob.objects.first().pk]),
        reverse("documents:file", args=[document.code]),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(14) as captured:
            client.get(url)
        counts[url] = len(captured.captured_queries)
    for _ in range(5):
        CertificateJob.objects.create(
            created_by=RegistrarFactory(), template=DocumentTemplateFactory(), language="ru", student_ids=[1], total=1
        )
        StudyGroupFactory()
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)

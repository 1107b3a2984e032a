"""Issue 3 end to end in a real browser, on the demo university: register, sign the IUP as student, advisor and
registrar, download the signed IUP and the official transcript, and confirm the transcript through its public page.
"""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from conftest import browser_sign_in
from curriculum.models import IndividualPlan, Registration
from documents.models import IssuedDocument
from people.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo12345"


@pytest.fixture
def demo():
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    User.objects.filter(email__in=["student@demo.kz", "advisor@demo.kz", "registrar@demo.kz"]).update(language="en")
    return User.objects.get(email="student@demo.kz")


def pdf_text(response) -> str:
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages)


def test_register_sign_the_iup_and_verify_the_official_transcript(browser_page, demo):
    from playwright.sync_api import expect

    page, student = browser_page, demo
    record = student.student_record

    # The student registers a discipline in place and the counter follows.
    browser_sign_in(page, student.email, PASSWORD)
    page.goto("/study/registration/")
    counter = page.get_by_test_id("credit-counter")
    before = Registration.objects.filter(student=record).count()
    fact_before = counter.inner_text()
    row = page.locator("[data-testid=rows-current] li:has([data-testid=register]:not([disabled]))").first
    code = row.get_attribute("data-testid").removeprefix("reg-row-")
    row.get_by_test_id("register").click()
    expect(page.get_by_test_id(f"reg-row-{code}").get_by_test_id("drop")).to_be_visible()
    expect(counter).not_to_have_text(fact_before)
    assert Registration.objects.filter(student=record).count() == before + 1
    # A discipline whose prerequisites are missing says why and cannot be registered.
    refused = page.locator("li:has([data-testid=register][disabled])").first
    expect(refused.get_by_test_id("refusal")).to_contain_text("prerequisite")

    # The student signs the IUP of that term.
    term = Registration.objects.get(student=record, discipline__code=code).term
    page.goto(f"/study/iup/?term={term.pk}")
    page.get_by_test_id("iup-sign").click()
    # signing asks once, in a dialog that says what it means and takes the focus (Escape would close it)
    dialog = page.get_by_role("dialog", name="Sign your IUP?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("a change restarts the signatures")
    assert IndividualPlan.objects.get(student=record, term=term).status == IndividualPlan.Status.DRAFT
    dialog.get_by_test_id("iup-sign-confirm").click()
    expect(page.get_by_test_id("iup-status")).to_have_text("Awaiting the advisor")
    plan = IndividualPlan.objects.get(student=record, term=term)
    assert plan.status == IndividualPlan.Status.STUDENT_SIGNED

    # The advisor, then the registrar, find it in their queue and sign it.
    for email, status in (
        ("advisor@demo.kz", IndividualPlan.Status.ADVISOR_SIGNED),
        ("registrar@demo.kz", IndividualPlan.Status.APPROVED),
    ):
        browser_sign_in(page, email, PASSWORD)
        page.goto("/study/iup/queue/")
        page.get_by_test_id("queue-row").filter(has_text=student.last_name).get_by_role("link").first.click()
        page.get_by_test_id("iup-sign").click()
        plan.refresh_from_db()
        assert plan.status == status, email

    # The student downloads the signed IUP: a real PDF with the three signatures' names.
    browser_sign_in(page, student.email, PASSWORD)
    page.goto(f"/study/iup/?term={term.pk}")
    expect(page.get_by_test_id("iup-sign")).to_have_count(0)
    text = pdf_text(page.request.get(f"/study/iup/{plan.pk}/pdf/"))
    assert student.last_name in text and code in text
    assert record.advisor.last_name in text

    # The official transcript is issued as a PDF whose QR leads to the public page that confirms it.
    page.goto("/study/transcript/")
    with page.expect_download() as download:
        page.get_by_test_id("transcript-official").click()
    assert download.value.suggested_filename.endswith(".pdf")
    document = IssuedDocument.objects.get(holder=student, kind=IssuedDocument.Kind.TRANSCRIPT)
    page.context.clear_cookies()
    page.goto(f"/verify/{document.code}/")
    expect(page.get_by_test_id("verify-genuine")).to_be_visible()
    expect(page.get_by_test_id("verify-holder")).to_contain_text(student.last_name)
    assert student.email not in page.content()
    assert page.goto("/verify/NOSUCHCODE00/").status == 404
    assert page.problems == []

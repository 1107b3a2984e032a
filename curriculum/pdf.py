"""Printable study-plan documents: the IUP and the transcript (unofficial and official), as PDF bytes."""

from django.utils import timezone, translation

from documents.pdf import render_pdf
from documents.qr import qr_svg_data_uri
from documents.selectors import document_verify_url

from .selectors.iup import plan_detail
from .selectors.transcript import transcript_content, transcript_for


def iup_pdf(*, plan, request=None) -> bytes:
    """`plan` as loaded by plan_get_for_user_or_404 (student, programme… university, advisor, term)."""
    context = {
        "detail": plan_detail(plan=plan),
        "plan": plan,
        "student": plan.student,
        "university": plan.student.programme.department.faculty.university,
        "printed_at": timezone.localtime(),
    }
    return render_pdf("pdf/iup.html", context, request=request)


def transcript_pdf(*, student, request=None) -> bytes:
    """The unofficial copy: live data, watermarked, no verification code."""
    content = transcript_content(transcript_for(student=student))
    return render_pdf("pdf/transcript.html", {"content": content, "official": False}, request=request)


def transcript_official_pdf(*, document, request=None) -> bytes:
    """The official copy, rendered from the issued content in the language it was issued in."""
    with translation.override(document.content.get("language") or None):
        verify_url = document_verify_url(document, request=request)
        context = {
            "content": document.content,
            "official": True,
            "document": document,
            "verify_url": verify_url,
            "qr": qr_svg_data_uri(verify_url),
        }
        return render_pdf("pdf/transcript.html", context, request=request)

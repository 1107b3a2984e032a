"""The transcript (docs/modules.md#transcript): preview, unofficial PDF, issuing and downloading the official PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.models import IssuedDocument
from documents.pdf import pdf_response
from documents.selectors import document_by_code, documents_held_by
from people.permissions import student_record_for_user_or_404

from ..pdf import transcript_official_pdf as render_official_pdf
from ..pdf import transcript_pdf as render_transcript_pdf
from ..permissions import can_open_issued_document
from ..selectors.holds import active_holds
from ..selectors.transcript import transcript_content, transcript_for
from ..services import error_text
from ..services.transcript import transcript_issue_official
from . import pdf_rate_limited


@login_required
def transcript(request):
    student = student_record_for_user_or_404(request.user)
    data = transcript_for(student=student)
    context = {
        "student": student,
        "transcript": data,
        "content": transcript_content(data),
        "holds": list(active_holds(student=student, blocking="documents")),
        "issued": list(documents_held_by(user=request.user, kind=IssuedDocument.Kind.TRANSCRIPT)[:10]),
    }
    return render(request, "curriculum/transcript.html", context)


@login_required
@pdf_rate_limited
def transcript_pdf(request):
    student = student_record_for_user_or_404(request.user)
    content = render_transcript_pdf(student=student, request=request)
    return pdf_response(content, filename=f"transcript-unofficial-{student.student_number}.pdf")


@login_required
@require_POST
def transcript_official_issue(request):
    student = student_record_for_user_or_404(request.user)
    try:
        document = transcript_issue_official(
            student=student, actor=request.user, site_root=request.build_absolute_uri("/")
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("study_plan:transcript")
    messages.success(
        request, _("The official transcript is issued. Verification code: %(code)s.") % {"code": document.code}
    )
    return redirect("study_plan:transcript_official_pdf", code=document.code)


@login_required
@pdf_rate_limited
def transcript_official_pdf(request, code):
    document = document_by_code(code)
    if (
        document is None
        or document.kind != IssuedDocument.Kind.TRANSCRIPT
        or not can_open_issued_document(request.user, document)
    ):
        raise Http404
    content = render_official_pdf(document=document, request=request)
    return pdf_response(content, filename=f"transcript-{document.code}.pdf")

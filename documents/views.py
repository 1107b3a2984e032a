"""The public verification page, certificate PDFs, the office's group certificates and revoking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.ratelimit import rate_limited

from .forms import GroupCertificatesForm, RevokeForm
from .pdf import pdf_response
from .permissions import (
    can_issue_certificates,
    can_revoke_document,
    certificate_get_for_user_or_404,
    job_get_for_user_or_404,
)
from .selectors import document_by_code, normalize_code, recent_certificate_jobs, students_for_group_certificates
from .services import certificate_job_start, certificate_pdf, document_revoke

verify_rate_limited = rate_limited(
    "verify",
    setting="VERIFY_RATE_LIMIT",
    message=gettext_lazy("Too many documents checked in a short time. Please wait a minute and try again."),
)
pdf_rate_limited = rate_limited(
    "pdf",
    setting="PDF_RATE_LIMIT",
    message=gettext_lazy("You have asked for too many documents in a short time. Please wait a minute and try again."),
)


def _error_text(error) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@never_cache
@verify_rate_limited
def verify(request, code):
    """Public page (no sign-in): is a document with this code genuine, and what did it show? Nothing more."""
    document = document_by_code(code)
    if document is None:
        response = render(request, "documents/not_found.html", {"code": normalize_code(code)[:32]}, status=404)
    else:
        content_template = select_template(
            [f"documents/content/{document.kind}.html", "documents/content/generic.html"]
        )
        context = {
            "document": document,
            "content": document.content,
            "content_template": content_template.template.name,
            "revoke_form": RevokeForm() if can_revoke_document(request.user, document) else None,
        }
        response = render(request, "documents/verify.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@pdf_rate_limited
def document_file(request, code):
    """A certificate's PDF: for its holder and the office; 404 for anyone else."""
    document = certificate_get_for_user_or_404(request.user, code)
    return pdf_response(certificate_pdf(document, request=request), filename=f"certificate-{document.code}.pdf")


@login_required
def group_certificates(request):
    """The office picks a group, a certificate and a language, and starts a job for the group's students."""
    if not can_issue_certificates(request.user):
        raise Http404
    form = GroupCertificatesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        try:
            job = certificate_job_start(
                template=form.cleaned_data["template"],
                language=form.cleaned_data["language"],
                actor=request.user,
                student_ids=list(students_for_group_certificates(group).values_list("pk", flat=True)),
                site_root=request.build_absolute_uri("/"),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            return redirect(job)
    context = {"form": form, "jobs": list(recent_certificate_jobs())}
    return render(request, "documents/group_certificates.html", context, status=400 if form.errors else 200)


@login_required
def job(request, pk):
    """A job's progress; htmx polls the progress fragment until the job is done, then it links the ZIP."""
    certificate_job = job_get_for_user_or_404(request.user, pk)
    template = "documents/job.html#job-progress" if request.htmx else "documents/job.html"
    return render(request, template, {"job": certificate_job})


@login_required
def job_file(request, pk):
    certificate_job = job_get_for_user_or_404(request.user, pk)
    if not certificate_job.zip_file:
        raise Http404
    response = FileResponse(
        certificate_job.zip_file.open("rb"),
        as_attachment=True,
        filename=f"certificates-{certificate_job.pk}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def revoke(request, code):
    """The office revokes a document with a reason; the verification page then shows it."""
    document = document_by_code(code)
    if document is None or not can_revoke_document(request.user, document):
        raise Http404
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(document)
    try:
        document_revoke(document=document, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The document %(code)s is revoked.") % {"code": document.code})
    return redirect(document)

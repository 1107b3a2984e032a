"""Medical certificates: the student hands one in; its file is served only to the student, the student's teachers
and the office; a teacher or the office confirms (absences excused) or rejects it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import protected_file_response
from people.permissions import is_office, student_record_for_user_or_404

from ..forms import CertificateForm
from ..models import MedicalCertificate
from ..permissions import certificate_for_user_or_404
from ..selectors.student import _rules_for
from ..services.certificates import certificate_review, certificate_upload


@login_required
def upload(request):
    student = student_record_for_user_or_404(request.user, related=("programme__department__faculty",))
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        rules = _rules_for(student.programme.department.faculty.university_id)
        try:
            certificate_upload(
                student=student,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                upload=form.cleaned_data["file"],
                rules=rules,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The certificate is handed in; a teacher or the registrar's office will confirm it.")
            )
            return redirect("journal:index")
    certificates = MedicalCertificate.objects.filter(student=student)[:20]
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/certificate.html", {"form": form, "certificates": certificates}, status=status)


@login_required
@require_GET
def certificate_file(request, pk: int):
    certificate = certificate_for_user_or_404(request.user, pk=pk)
    name = certificate.file.name.rsplit("/", 1)[-1]
    content_type = {"pdf": "application/pdf", "png": "image/png"}.get(name.rsplit(".", 1)[-1], "image/jpeg")
    return protected_file_response(certificate.file, content_type=content_type, filename=name, as_attachment=False)


@login_required
@require_POST
def review(request, pk: int):
    certificate = certificate_for_user_or_404(request.user, pk=pk, review=True)
    confirm = request.POST.get("decision") == "confirm"
    try:
        excused = certificate_review(certificate=certificate, actor=request.user, confirm=confirm)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if confirm:
            messages.success(request, _("Confirmed: %(count)s absences excused.") % {"count": excused})
        else:
            messages.success(request, _("The certificate is rejected."))
    return redirect("journal:certificates_pending")


@login_required
@require_GET
def pending(request):
    """Certificates waiting for confirmation: the office sees all; a teacher those of their students."""
    user = request.user
    queryset = MedicalCertificate.objects.filter(status=MedicalCertificate.Status.PENDING).select_related(
        "student__user", "student__group"
    )
    if not is_office(user):
        if not user.is_teacher:
            raise Http404
        queryset = queryset.filter(student__stream_choices__stream__teacher=user).distinct()
    return render(request, "journal/certificates_pending.html", {"certificates": list(queryset[:200])})

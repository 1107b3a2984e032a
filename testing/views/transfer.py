"""Import a Moodle XML or GIFT file into a bank (choose → preview → confirm) and export a bank as either.

Between the preview and the confirmation the uploaded file is kept in the storage under
`testing/imports/<user id>/<random token>`; the token lives only in the teacher's session, tied to the bank, so
no one else can confirm it and the teacher does not upload twice. The confirmation (or a new upload) deletes it;
one left behind is deleted the next day (`pending_imports_clean`).
"""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from testing import formats
from testing.permissions import bank_get_for_user_or_404
from testing.services.banks import bank_export, bank_import, pending_import_name

SESSION_KEY = "testing_bank_import"
EXPORTS = {
    formats.MOODLE_XML: ("application/xml; charset=utf-8", "xml"),
    formats.GIFT: ("text/plain; charset=utf-8", "txt"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Question bank file"),
        help_text=gettext_lazy("Moodle XML (.xml) or GIFT (.txt, .gift), as Moodle exports them."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xml,.txt,.gift"}),
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            (formats.AUTO, gettext_lazy("Detect from the file")),
            (formats.MOODLE_XML, gettext_lazy("Moodle XML")),
            (formats.GIFT, gettext_lazy("GIFT")),
        ],
        initial=formats.AUTO,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def _forget(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(pending_import_name(request.user, pending["token"]))


def _bank_url(bank) -> str:
    return reverse("testing:bank", kwargs={"pk": bank.pk})


@login_required
@require_http_methods(["GET", "POST"])
def bank_import_view(request, pk):
    bank = bank_get_for_user_or_404(request.user, pk)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request, bank)
    if request.method == "GET":
        return render(request, "testing/banks/transfer.html", {"bank": bank, "form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "testing/banks/transfer.html", {"bank": bank, "form": form}, status=400)
    upload, file_format = form.cleaned_data["file"], form.cleaned_data["file_format"]
    try:
        report = bank_import(bank=bank, upload=upload, file_format=file_format, actor=request.user, dry_run=True)
    except ValidationError as error:
        form.add_error("file", error)
        return render(request, "testing/banks/transfer.html", {"bank": bank, "form": form}, status=400)
    _forget(request)
    token = secrets.token_hex(16)
    upload.seek(0)
    default_storage.save(pending_import_name(request.user, token), ContentFile(upload.read()))
    request.session[SESSION_KEY] = {"token": token, "bank": bank.pk, "format": report.file_format, "name": upload.name}
    return render(
        request,
        "testing/banks/transfer_preview.html",
        {"bank": bank, "report": report, "token": token, "file_name": upload.name},
    )


def _confirm(request, bank):
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if not pending or pending["bank"] != bank.pk or not secrets.compare_digest(pending["token"], token):
        messages.error(request, _("The file to import is no longer here: choose it again."))
        return redirect("testing:bank_import", pk=bank.pk)
    name = pending_import_name(request.user, pending["token"])
    if not default_storage.exists(name):
        request.session.pop(SESSION_KEY, None)
        messages.error(request, _("The file to import is no longer here: choose it again."))
        return redirect("testing:bank_import", pk=bank.pk)
    try:
        with default_storage.open(name, "rb") as upload:
            report = bank_import(bank=bank, upload=upload, file_format=pending["format"], actor=request.user)
    except ValidationError as error:
        _forget(request)
        messages.error(request, " ".join(error.messages))
        return redirect("testing:bank_import", pk=bank.pk)
    _forget(request)
    messages.success(
        request,
        _("Questions imported into “%(bank)s”: %(count)s; skipped: %(skipped)s.")
        % {"count": report.total, "bank": bank.title, "skipped": len(report.skipped)},
    )
    return redirect(_bank_url(bank))


@login_required
@require_GET
def bank_export_view(request, pk, fmt):
    bank = bank_get_for_user_or_404(request.user, pk)
    if fmt not in EXPORTS:
        raise Http404
    content_type, extension = EXPORTS[fmt]
    category = request.GET.get("category", "").strip()[:255]
    content = bank_export(bank=bank, file_format=fmt, category=category)
    response = HttpResponse(content, content_type=content_type)
    filename = f"bank-{bank.pk}-{slugify(bank.title, allow_unicode=False) or 'questions'}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

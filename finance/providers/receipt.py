"""The built-in provider: the student pays at a bank or by transfer and uploads the receipt with the amount; the
registrar's office opens the receipt and confirms the top-up (credited once) or rejects it with a reason.

A receipt is what its bytes are (core/files.py): a PDF that pypdf can read, or a PNG or JPEG that Pillow can
decode, no larger than RECEIPT_MAX_BYTES. Its file is served only through finance:receipt_file, to the student
and the office, never from MEDIA_URL."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import JPEG, PDF, PNG, sniff

from ..models import TopUp
from .base import Provider

RECEIPT_TYPES = {PDF: "pdf", PNG: "png", JPEG: "jpg"}


class ReceiptProvider(Provider):
    code = "receipt"
    label = gettext_lazy("Bank receipt (confirmed by the registrar's office)")

    def start(self, topup, request):
        return redirect("finance:topup_receipt", pk=topup.pk)


def receipt_check(upload) -> str:
    """The receipt's content type, or a ValidationError saying what is wrong with the file."""
    limit = settings.RECEIPT_MAX_BYTES
    if upload is None:
        raise ValidationError(_("Choose the receipt file."), code="required")
    if upload.size > limit:
        raise ValidationError(
            _("The receipt is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, code="too_large"
        )
    content_type = sniff(upload)
    if content_type not in RECEIPT_TYPES or not _readable(upload, content_type):
        raise ValidationError(_("A receipt is a PDF, JPEG or PNG file."), code="type")
    return content_type


def _readable(upload, content_type: str) -> bool:
    """The whole file parses as what its first bytes claim (a renamed or truncated file does not)."""
    upload.seek(0)
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            return len(PdfReader(upload, strict=False).pages) > 0
        from PIL import Image

        with Image.open(upload) as image:
            image.verify()
        return True
    except Exception:  # noqa: BLE001 - any parser error means "not a readable receipt"
        return False
    finally:
        upload.seek(0)


def receipt_queue(*, status: str | None = TopUp.Status.AWAITING_CONFIRMATION) -> QuerySet[TopUp]:
    """Receipt top-ups for the office, oldest waiting first; `status` None or "" for every one."""
    queryset = TopUp.objects.filter(provider=ReceiptProvider.code).exclude(receipt="")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("student__user", "student__group", "decided_by").order_by("created_at", "id")

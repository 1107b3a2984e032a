"""Rendering printable documents with WeasyPrint from templates under templates/pdf/.

PDF templates carry their own small print stylesheet (no Bootstrap: a full framework would slow rendering a
lot) and use DejaVu Sans, which has every Kazakh letter.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

# WeasyPrint logs every rendering step at INFO; keep its warnings (missing fonts, bad CSS), drop the steps.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML  # imported late: loading it takes a moment and most requests never need it

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(content: bytes, *, filename: str, as_attachment: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    return response

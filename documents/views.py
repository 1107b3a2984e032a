from django.shortcuts import render
from django.template.loader import select_template
from django.views.decorators.cache import never_cache

from .selectors import document_by_code, normalize_code


@never_cache
def verify(request, code):
    """Public page (no sign-in): is a document with this code genuine, and what did it show? Nothing more."""
    document = document_by_code(code)
    if document is None:
        response = render(request, "documents/not_found.html", {"code": normalize_code(code)[:32]}, status=404)
    else:
        content_template = select_template(
            [f"documents/content/{document.kind}.html", "documents/content/generic.html"]
        )
        response = render(
            request,
            "documents/verify.html",
            {"document": document, "content": document.content, "content_template": content_template.template.name},
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

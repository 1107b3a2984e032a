"""Views of the study plan (§2.3): the Curriculum, Registration and IUP tabs, the queues and the transcript."""

from django.utils.translation import gettext_lazy as _

from core.ratelimit import rate_limited

# Every PDF of a person (IUP, transcripts) shares one budget: rendering one takes a core for up to half a second.
pdf_rate_limited = rate_limited(
    "pdf",
    setting="PDF_RATE_LIMIT",
    message=_("You have asked for too many documents in a short time. Please wait a minute and try again."),
)


def tabs_context(active: str) -> dict:
    return {"active_tab": active}

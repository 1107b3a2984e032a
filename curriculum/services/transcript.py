"""Issuing the official transcript (docs/domain.md#transcript): a verifiable document keeping exactly what it prints."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from documents.models import IssuedDocument
from documents.selectors import document_issued_with
from documents.services import document_issue
from people.models import StudentRecord

from ..selectors.holds import active_holds
from ..selectors.transcript import transcript_content, transcript_for


def _hold_message(hold) -> str:
    return gettext("The official transcript is blocked by a hold of the %(office)s: %(reason)s. %(lift)s") % {
        "office": hold.get_office_display(),
        "reason": hold.reason,
        "lift": hold.how_to_lift,
    }


@transaction.atomic
def transcript_issue_official(*, student, actor, site_root: str = "") -> IssuedDocument:
    """Issue an official transcript of `student` (a StudentRecord with programme…university loaded).

    Refused while a hold blocking documents is active (the message names the office) and while there is no
    grade to print. The content is built in the active language and stored as printed; the PDF and the public
    verification page are rendered from it, never from live data. `site_root`: the portal's address it is issued
    from, which its QR code points at (`document_issue`). An unrevoked transcript with the same content is handed
    back instead of a new one.
    """
    if not (getattr(actor, "pk", None) == student.user_id or getattr(actor, "is_registrar", False)):
        raise PermissionDenied(gettext("Only the student or the registrar's office may issue this transcript."))
    hold = active_holds(student=student, blocking="documents").first()
    if hold is not None:
        raise ValidationError(_hold_message(hold))
    transcript = transcript_for(student=student)
    if transcript.is_empty:
        raise ValidationError(gettext("There is no final grade yet, so there is nothing to put on a transcript."))
    content = transcript_content(transcript)
    # The same grades in the same language are the same document: asking again hands back the copy already out,
    # not a new one each click. The student's row is locked so that simultaneous requests agree on that.
    list(StudentRecord.objects.select_for_update().filter(pk=student.pk).values_list("pk", flat=True))
    issued = document_issued_with(kind=IssuedDocument.Kind.TRANSCRIPT, holder=student.user, content=content)
    if issued is not None:
        return issued
    return document_issue(
        kind=IssuedDocument.Kind.TRANSCRIPT,
        holder=student.user,
        title=gettext("Official transcript: %(name)s") % {"name": content["student"]["name"]},
        content=content,
        actor=actor,
        site_root=site_root,
    )

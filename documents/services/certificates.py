"""Certificates from the university's templates (docs/domain.md#certificates): issued with their text frozen, printed
with the rector's signature and seal, a QR code and the verification code.
"""

import base64
import datetime as dt
import math
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from people.models import StudentRecord
from people.permissions import is_office

from ..declension import DATIVE, GENITIVE, decline_name
from ..models import PLACEHOLDER_RE, DocumentTemplate, IssuedDocument, Signatory
from ..pdf import render_pdf
from ..qr import qr_svg_data_uri
from .issue import document_issue

STUDENT_RELATED = ("user", "group", "programme__department__faculty__university")


def _student_record(holder) -> StudentRecord:
    """`holder`: the student's User or StudentRecord; the record with what a certificate prints, in one query."""
    if isinstance(holder, StudentRecord):
        user_id = holder.user_id
    else:
        user_id = getattr(holder, "pk", None)
    record = StudentRecord.objects.select_related(*STUDENT_RELATED).filter(user_id=user_id).first()
    if record is None:
        raise ValidationError(gettext("A certificate of study is issued to a student only."))
    if record.status not in (StudentRecord.Status.ACTIVE, StudentRecord.Status.ACADEMIC_LEAVE):
        raise ValidationError(
            gettext("A certificate of study is issued only while studying (status: %(status)s).")
            % {"status": record.get_status_display()}
        )
    return record


def active_signatory() -> Signatory:
    signatory = Signatory.objects.filter(is_active=True).first()
    if signatory is None:
        raise ValidationError(gettext("No one signs certificates yet: the office sets the rector in the admin."))
    return signatory


def certificate_values(*, student: StudentRecord, language: str, today: dt.date, valid_until: dt.date | None) -> dict:
    """What the placeholders of a template read (models.PLACEHOLDERS), in the active language."""
    user = student.user
    programme = student.programme
    start_year = student.group.admission_year if student.group_id else student.enrolled_on.year
    names = {"last_name": user.last_name, "first_name": user.first_name, "middle_name": user.middle_name}
    return {
        "full_name": user.get_full_name(),
        "full_name_genitive": decline_name(**names, case=GENITIVE, language=language),
        "full_name_dative": decline_name(**names, case=DATIVE, language=language),
        "student_number": student.student_number,
        "programme": programme.name,
        "programme_code": programme.code,
        "degree": programme.get_degree_display(),
        "course": str(student.year_of_study),
        "group": student.group.name if student.group_id else "",
        "study_form": gettext("full-time"),
        "funding": student.get_funding_display(),
        "start_year": str(start_year),
        "end_year": str(start_year + math.ceil(programme.semesters / 2)),
        "university": programme.department.faculty.university.name,
        "issued_on": formats.date_format(today, "DATE_FORMAT"),
        "valid_until": formats.date_format(valid_until, "DATE_FORMAT") if valid_until else "",
    }


def fill(text: str, values: dict) -> str:
    """`{name}` → its value; anything else in braces stays as written (the admin form refuses unknown names)."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(match.group(1), match.group(0)), text or "")


def certificate_content(*, student, template, language, signatory, today, valid_until) -> dict:
    """The certificate as it is printed, in `language`: what IssuedDocument.content keeps."""
    with translation.override(language):
        values = certificate_values(student=student, language=language, today=today, valid_until=valid_until)
        body = fill(template.body, values)
        return {
            "language": language,
            "template": template.slug,
            "template_kind": template.kind,
            "university": values["university"],
            "title": fill(template.title, values),
            "addressee": fill(template.addressee, values),
            "paragraphs": [" ".join(part.split()) for part in body.split("\n\n") if part.strip()],
            "student": {
                "name": values["full_name"],
                "name_dative": values["full_name_dative"],
                "student_number": student.student_number,
                "programme": f"{values['programme_code']} {values['programme']}",
                "course": values["course"],
            },
            "issued_on": values["issued_on"],
            "valid_until": valid_until.isoformat() if valid_until else None,
            "signatory": {"id": signatory.pk, "name": signatory.name, "position": signatory.position},
        }


def _certificate_issue(*, student, template, language, actor, site_root, signatory, job=None) -> IssuedDocument:
    today = timezone.localdate()
    valid_until = today + dt.timedelta(days=template.valid_days) if template.valid_days else None
    content = certificate_content(
        student=student,
        template=template,
        language=language,
        signatory=signatory,
        today=today,
        valid_until=valid_until,
    )
    return document_issue(
        kind=IssuedDocument.Kind.CERTIFICATE,
        holder=student.user,
        title=f"{content['title']}: {content['student']['name']}",
        content=content,
        actor=actor,
        site_root=site_root,
        valid_until=valid_until,
        job=job,
    )


def check_template_and_language(template: DocumentTemplate, language: str) -> None:
    if not template.is_active:
        raise ValidationError(gettext("This certificate is not offered any more."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(gettext("Choose the language of the document."))


@transaction.atomic
def certificate_issue(*, holder, template, language, actor, site_root="") -> IssuedDocument:
    """Issue a certificate from `template` to `holder` (the student's User or StudentRecord) in `language`.

    The office issues any student's; a student their own. The text is filled in now and kept in the document's
    content, so the PDF and the verification page show exactly this, whatever the template or the record become;
    a template with `valid_days` (the pension centre's forms: a year) gives the document its `valid_until`.
    Synchronous: the PDF is rendered from the content when it is downloaded (`certificate_pdf`).
    """
    student = _student_record(holder)
    if not (is_office(actor) or getattr(actor, "pk", None) == student.user_id):
        raise PermissionDenied(gettext("Only the student or the registrar's office may issue this certificate."))
    check_template_and_language(template, language)
    return _certificate_issue(
        student=student,
        template=template,
        language=language,
        actor=actor,
        site_root=site_root,
        signatory=active_signatory(),
    )


@lru_cache(maxsize=32)
def _image_data_uri(path: str, _version: str) -> str:
    with open(path, "rb") as image:
        return "data:image/png;base64," + base64.b64encode(image.read()).decode("ascii")


def signatory_images(signatory: Signatory | None) -> dict:
    """The signature and the seal as data URIs (read once per process and version of the signatory)."""
    images = {"signature": "", "seal": ""}
    if signatory is None:
        return images
    for field in ("signature", "seal"):
        image = getattr(signatory, field)
        if image:
            try:
                images[field] = _image_data_uri(image.path, signatory.updated_at.isoformat())
            except OSError:  # the file is gone from storage: the paper is printed without it, not refused
                images[field] = ""
    return images


def certificate_pdf(document: IssuedDocument, *, request=None, signatory: Signatory | None = None) -> bytes:
    """The PDF of an issued certificate in its language: the text as issued, the signatory who signed it (their
    signature and seal images), the QR code to the public verification page and the code printed."""
    from ..selectors import document_verify_url

    content = document.content
    if signatory is None or signatory.pk != (content.get("signatory") or {}).get("id"):
        signatory = Signatory.objects.filter(pk=(content.get("signatory") or {}).get("id")).first()
    with translation.override(content.get("language") or None):
        verify_url = document_verify_url(document, request=request)
        context = {
            "content": content,
            "document": document,
            "verify_url": verify_url,
            "qr": qr_svg_data_uri(verify_url),
            "images": signatory_images(signatory),
            "valid_until": document.valid_until,
        }
        return render_pdf("pdf/certificate.html", context, request=request)

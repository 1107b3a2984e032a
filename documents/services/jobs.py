"""Certificates for a whole group by a background job (docs/domain.md#certificates): progress, then one ZIP."""

import logging
import tempfile
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.jobs import enqueue_after_commit
from people.models import StudentRecord
from people.permissions import is_office

from ..models import CertificateJob
from .certificates import (
    STUDENT_RELATED,
    _certificate_issue,
    active_signatory,
    certificate_pdf,
    check_template_and_language,
)

logger = logging.getLogger(__name__)

MAX_JOB_STUDENTS = 2000


@transaction.atomic
def certificate_job_start(*, template, language, actor, student_ids, site_root) -> CertificateJob:
    """Queue certificates from `template` in `language` for the students `student_ids` (StudentRecord ids).

    The office only. The job is sent to the worker once this commits (`generate_certificates_task`); its page
    shows the progress, then links the ZIP of all the PDFs.
    """
    if not is_office(actor):
        raise PermissionDenied(gettext("Only the registrar's office issues certificates for a group."))
    check_template_and_language(template, language)
    active_signatory()  # refused now rather than failed in the worker
    ids = sorted({int(pk) for pk in student_ids})
    if not ids:
        raise ValidationError(gettext("There is no student to issue a certificate to."))
    if len(ids) > MAX_JOB_STUDENTS:
        raise ValidationError(gettext("At most %(count)d certificates in one job.") % {"count": MAX_JOB_STUDENTS})
    found = list(StudentRecord.objects.filter(pk__in=ids).values_list("pk", "group_id"))
    if len(found) != len(ids):
        raise ValidationError(gettext("Some of the chosen students are not in the registry."))
    groups = {group_id for _pk, group_id in found}
    job = CertificateJob.objects.create(
        created_by=actor,
        template=template,
        language=language,
        group_id=groups.pop() if len(groups) == 1 else None,
        student_id=ids[0] if len(ids) == 1 else None,
        student_ids=ids,
        total=len(ids),
        site_root=site_root[:255],
    )
    from ..tasks import generate_certificates_task

    enqueue_after_commit(generate_certificates_task, job.pk)
    return job


def certificate_job_run(*, job_id: int) -> CertificateJob:
    """Issue the job's certificates one by one, counting `done`, then store one ZIP of the PDFs.

    Safe to run twice: a student the job already issued to is not issued again (their certificate goes into the
    ZIP as it is), and a finished job is left alone. A refusal (no signatory, a withdrawn template) fails the job
    with its message; the certificates issued until then stay valid.
    """
    job = CertificateJob.objects.select_related("template", "created_by").get(pk=job_id)
    if job.status == CertificateJob.Status.DONE:
        return job
    CertificateJob.objects.filter(pk=job.pk).update(status=CertificateJob.Status.RUNNING, error="")
    try:
        signatory = active_signatory()
        issued = {document.holder_id: document for document in job.documents.all()}
        students = (
            StudentRecord.objects.filter(pk__in=job.student_ids)
            .select_related(*STUDENT_RELATED)
            .order_by("user__last_name", "user__first_name", "pk")
        )
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for done, student in enumerate(students, start=1):
                    document = issued.get(student.user_id)
                    if document is None:
                        with transaction.atomic():
                            document = _certificate_issue(
                                student=student,
                                template=job.template,
                                language=job.language,
                                actor=job.created_by,
                                site_root=job.site_root,
                                signatory=signatory,
                                job=job,
                            )
                    pdf = certificate_pdf(document, signatory=signatory)
                    archive.writestr(f"{student.student_number}-{document.code}.pdf", pdf)
                    CertificateJob.objects.filter(pk=job.pk).update(done=done)
            spool.seek(0)
            job.refresh_from_db()
            job.zip_file.save(f"certificates-{job.pk}.zip", File(spool), save=False)
        job.status = CertificateJob.Status.DONE
        job.done = job.total
        job.finished_at = timezone.now()
        job.save(update_fields=["zip_file", "status", "done", "finished_at"])
        return job
    except ValidationError as error:
        _fail(job, " ".join(error.messages))
        return CertificateJob.objects.get(pk=job.pk)
    except Exception as error:
        logger.exception("certificate job %s failed", job.pk)
        _fail(job, gettext("The job failed: %(error)s") % {"error": type(error).__name__})
        raise


def _fail(job, message: str) -> None:
    CertificateJob.objects.filter(pk=job.pk).update(
        status=CertificateJob.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )

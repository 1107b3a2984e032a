"""Medical certificates: the student hands one in within the window; a teacher or the registrar confirms it and the
absences of those days become excused (each change in the cell's audit)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import files

from ..models import Attendance, Cell, CellChange, MedicalCertificate

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = {files.PDF: ".pdf", files.JPEG: ".jpg", files.PNG: ".png"}


def _check_file(upload) -> str:
    if upload is None:
        raise ValidationError(_("Choose the certificate's file."))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    suffix = SUFFIXES.get(files.sniff(upload))
    if suffix is not None:
        return suffix
    raise ValidationError(_("The certificate must be a PDF, JPEG or PNG file."))


@transaction.atomic
def certificate_upload(
    *, student, start_date: dt.date, end_date: dt.date, upload, rules, today=None
) -> MedicalCertificate:
    today = today or timezone.localdate()
    if end_date < start_date:
        raise ValidationError(_("The last day of illness is before the first."))
    if end_date > today:
        raise ValidationError(_("A certificate is handed in after the illness."))
    if (today - end_date).days > rules.certificate_window_days:
        raise ValidationError(
            _("A certificate is handed in within %(days)s days after the illness.")
            % {"days": rules.certificate_window_days}
        )
    suffix = _check_file(upload)
    upload.name = f"certificate{suffix}"
    return MedicalCertificate.objects.create(student=student, start_date=start_date, end_date=end_date, file=upload)


@transaction.atomic
def certificate_review(*, certificate: MedicalCertificate, actor, confirm: bool) -> int:
    """Confirm (absences of those days become excused) or reject a pending certificate; returns cells excused."""
    certificate = MedicalCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != MedicalCertificate.Status.PENDING:
        raise ValidationError(_("This certificate has already been reviewed."))
    certificate.status = MedicalCertificate.Status.CONFIRMED if confirm else MedicalCertificate.Status.REJECTED
    certificate.reviewed_by, certificate.reviewed_at = actor, timezone.now()
    certificate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    if not confirm:
        return 0
    cells = list(
        Cell.objects.select_for_update().filter(
            student_id=certificate.student_id,
            attendance=Attendance.ABSENT,
            column__date__range=(certificate.start_date, certificate.end_date),
        )
    )
    reason = f"medical certificate #{certificate.pk}"
    changes = []
    for cell in cells:
        changes.append(
            CellChange(
                cell=cell,
                actor=actor,
                old_grade=cell.grade,
                new_grade=cell.grade,
                old_attendance=cell.attendance,
                new_attendance=Attendance.EXCUSED,
                reason=reason,
            )
        )
        cell.attendance = Attendance.EXCUSED
        cell.version += 1
        cell.updated_by = actor
    Cell.objects.bulk_update(cells, ["attendance", "version", "updated_by"])
    if cells:
        Cell.objects.filter(pk__in=[c.pk for c in cells]).update(updated_at=timezone.now())
    CellChange.objects.bulk_create(changes)
    return len(cells)

from django.db import models

from .models import AuditAction, AuditRecord


def audit_record_create(
    *, actor, action: AuditAction, target: models.Model, summary: str = "", before=None, after=None
) -> AuditRecord:
    """Write one audit line; call it inside the service's transaction so both land or neither."""
    if not isinstance(action, AuditAction):
        raise ValueError(f"Unknown audit action {action!r}: pass a member of audit.models.AuditAction")
    return AuditRecord.objects.create(
        actor_id=actor.pk if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:255],
        before=before,
        after=after,
    )

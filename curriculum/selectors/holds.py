from ..models import Hold

BLOCKS = {"registration": "blocks_registration", "exams": "blocks_exams", "documents": "blocks_documents"}


def active_holds(*, student, blocking: str | None = None):
    """The student's holds not lifted yet; `blocking` narrows to those blocking registration/exams/documents."""
    qs = Hold.objects.filter(student=student, lifted_at__isnull=True).select_related("placed_by")
    if blocking is not None:
        qs = qs.filter(**{BLOCKS[blocking]: True})
    return qs

"""Reads of My requests: the kinds on offer, a student's table with its tabs, the offices' queues, one request's
files and history. Each list is a fixed number of queries whatever its length."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from .models import Request, RequestEvent, RequestFile, RequestKind

Status = Request.Status

# The tabs over the student's table (SPEC §2.16) and the statuses each shows.
TABS: dict[str, tuple[str, ...]] = {
    "all": tuple(Status.values),
    "progress": (Status.NEW, Status.IN_REVIEW),
    "ready": (Status.READY,),
    "issued": (Status.ISSUED,),
    "rejected": (Status.REJECTED,),
}


def kinds_on_offer(*, category: str = "") -> QuerySet[RequestKind]:
    kinds = RequestKind.objects.filter(active=True)
    return kinds.filter(category=category) if category else kinds


def kind_on_offer(slug: str) -> RequestKind | None:
    return RequestKind.objects.filter(active=True, slug=slug).first() if slug else None


def student_requests(*, student, tab: str = "all") -> QuerySet[Request]:
    statuses = TABS.get(tab, TABS["all"])
    return Request.objects.filter(student=student, status__in=statuses).select_related("kind")


def student_tab_counts(*, student) -> dict[str, int]:
    """How many requests each tab shows, in one query."""
    counts = Request.objects.filter(student=student).aggregate(
        **{name: Count("pk", filter=Q(status__in=statuses)) for name, statuses in TABS.items()}
    )
    return {name: counts[name] or 0 for name in TABS}


def office_queue(
    *,
    office: str = "",
    status: str = "",
    kind: str = "",
    search: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Request]:
    """The offices' queue: open requests first (oldest first, as they are taken), then the rest, newest first."""
    requests = Request.objects.select_related("kind", "student__user", "student__group")
    if office:
        requests = requests.filter(kind__office=office)
    if status == "open":
        requests = requests.filter(status__in=Request.OPEN)
    elif status:
        requests = requests.filter(status=status)
    if kind:
        requests = requests.filter(kind__slug=kind)
    for word in search.split()[:4]:
        requests = requests.filter(
            Q(student__student_number__icontains=word)
            | Q(student__user__last_name__icontains=word)
            | Q(student__user__first_name__icontains=word)
            | Q(student__user__email__icontains=word)
        )
    if date_from:
        requests = requests.filter(created_at__date__gte=date_from)
    if date_to:
        requests = requests.filter(created_at__date__lte=date_to)
    return requests.order_by("created_at", "pk") if status in ("open", *Request.OPEN) else requests


def request_files(req: Request) -> list[RequestFile]:
    return list(req.files.all())


def request_history(req: Request) -> list[RequestEvent]:
    return list(req.events.select_related("actor"))


def request_extras(req: Request) -> dict:
    """What a request's page shows beside its fields: an add/drop request's change in words (in the reader's
    language) and the issued document's download address (a certificate's PDF, or the official transcript's)."""
    from django.urls import reverse

    from .services.adddrop import adddrop_lines

    lines = adddrop_lines(req.details) if req.kind.category == RequestKind.Category.ADD_DROP and req.details else []
    download = ""
    if req.document is not None:
        if req.document.kind == "transcript":
            download = reverse("study_plan:transcript_official_pdf", args=[req.document.code])
        else:
            download = reverse("documents:file", args=[req.document.code])
    return {"detail_lines": lines, "document_download": download}

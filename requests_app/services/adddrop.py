"""Add/drop by request (docs/domain.md#add-drop-by-request): what an approved request changes, and its dry run.

A request's `details` (JSON, stored by the request) name the action and the ids it acts on:
`{"action": "replace"|"drop"|"add"|"stream"|"late_drop", "term": id, "drop": id|None, "add": id|None,
"from_stream": id|None, "to_stream": id|None}`.

Approving applies it through the services of self-registration and stream selection with `by_request=True`: the
add/drop period of the term replaces their self-service windows, every other rule (holds, prerequisites, credit
limits, seats, clashes) stays, and the first rule that refuses refuses the whole request with its reason, nothing
changed. A late drop (after the add/drop period, before the term ends) exists only by request; its fee is the
request kind's price, which the requests service charges.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum.models import Discipline, IndividualPlan
from curriculum.services.iup import iup_plan_changed
from curriculum.services.registration import registration_add, registration_remove
from schedule.models import Stream
from schedule.selectors.selection import student_streams
from schedule.services import stream_cancel, stream_choose, stream_switch
from university.models import Term

REPLACE, DROP, ADD, STREAM, LATE_DROP = "replace", "drop", "add", "stream", "late_drop"
ACTIONS = {
    REPLACE: gettext_lazy("Replace a discipline"),
    DROP: gettext_lazy("Drop a discipline"),
    ADD: gettext_lazy("Add a discipline"),
    STREAM: gettext_lazy("Change a stream"),
    LATE_DROP: gettext_lazy("Late drop (after the add/drop period)"),
}
DETAIL_KEYS = ("action", "term", "drop", "add", "from_stream", "to_stream")
# the ids each action reads (the others are ignored), and those it cannot do without
USED = {
    REPLACE: ("drop", "add", "to_stream"),
    DROP: ("drop",),
    LATE_DROP: ("drop",),
    ADD: ("add", "to_stream"),
    STREAM: ("from_stream", "to_stream"),
}
FIELDS = {
    "term": gettext_lazy("the term"),
    "drop": gettext_lazy("the discipline to drop"),
    "add": gettext_lazy("the discipline to add"),
    "from_stream": gettext_lazy("the current stream"),
    "to_stream": gettext_lazy("the new stream"),
}
NEEDED = {REPLACE: ("drop", "add"), DROP: ("drop",), LATE_DROP: ("drop",), ADD: ("add",), STREAM: ("to_stream",)}
SIGNED = (IndividualPlan.Status.STUDENT_SIGNED, IndividualPlan.Status.ADVISOR_SIGNED, IndividualPlan.Status.APPROVED)


@dataclass(frozen=True)
class AddDrop:
    """A request's details with the rows they name."""

    action: str
    term: Term
    drop: Discipline | None = None
    add: Discipline | None = None
    from_stream: Stream | None = None
    to_stream: Stream | None = None


def _id(details: dict, key: str) -> int | None:
    value = details.get(key)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        message = _("The add/drop request is malformed: %(field)s is not an id.") % {"field": FIELDS[key]}
        raise ValidationError(message) from None


MISSING = {
    "term": gettext_lazy("The add/drop request names a term that no longer exists."),
    "discipline": gettext_lazy("The add/drop request names a discipline that no longer exists."),
    "stream": gettext_lazy("The add/drop request names a stream that no longer exists."),
}


def _missing(what: str) -> ValidationError:
    return ValidationError(str(MISSING[what]))


def adddrop_resolve(details: dict) -> AddDrop:
    """Read and check the shape of `details`: the action, the fields it needs, the rows they name (which must
    belong to the term and fit together). ValidationError with the reason otherwise."""
    action = details.get("action")
    if action not in ACTIONS:
        raise ValidationError(_("The add/drop request is malformed: unknown action."))
    term_id = _id(details, "term")
    term = Term.objects.select_related("academic_year").filter(pk=term_id).first() if term_id else None
    if term is None:
        raise _missing("term")
    ids = {key: _id(details, key) for key in USED[action]}
    for key in NEEDED[action]:
        if ids[key] is None:
            raise ValidationError(
                _("The add/drop request is incomplete: %(field)s is missing.") % {"field": FIELDS[key]}
            )
    disciplines = Discipline.objects.in_bulk([ids[k] for k in ("drop", "add") if ids.get(k)])
    streams = Stream.objects.select_related("discipline", "term__academic_year").in_bulk(
        [ids[k] for k in ("from_stream", "to_stream") if ids.get(k)]
    )
    rows = {}
    for key, wanted in ids.items():
        found = disciplines if key in ("drop", "add") else streams
        if wanted is not None and wanted not in found:
            raise _missing("discipline" if key in ("drop", "add") else "stream")
        rows[key] = found.get(wanted)
    request = AddDrop(action=action, term=term, **rows)
    for stream in (request.from_stream, request.to_stream):
        if stream is not None and stream.term_id != term.pk:
            raise ValidationError(
                _("Stream %(stream)s is not of %(term)s.") % {"stream": stream, "term": term}, code="wrong_term"
            )
    if action in (REPLACE, ADD) and request.to_stream and request.to_stream.discipline_id != request.add.pk:
        raise ValidationError(
            _("Stream %(stream)s is not a stream of %(discipline)s.")
            % {"stream": request.to_stream, "discipline": request.add}
        )
    if action == REPLACE and request.drop.pk == request.add.pk:
        raise ValidationError(_("Replace a discipline with another one, not with itself."))
    return request


def _drop(request: AddDrop, *, student, actor, today) -> list[str]:
    """Leave the discipline's streams of the term, then drop its registration (both by request)."""
    late = request.action == LATE_DROP
    lines = []
    for choice in student_streams(student=student):
        if choice.term_id == request.term.pk and choice.stream.discipline_id == request.drop.pk:
            stream_cancel(student=student, stream=choice.stream, actor=actor, by_request=True, late=late, today=today)
            lines.append(_("Left stream %(stream)s.") % {"stream": choice.stream})
    registration_remove(
        student=student,
        discipline=request.drop,
        term=request.term,
        actor=actor,
        today=today,
        by_request=True,
        late=late,
    )
    lines.insert(
        0,
        _("Dropped %(discipline)s (%(credits)s credits) from %(term)s.")
        % {"discipline": request.drop, "credits": request.drop.credits, "term": request.term},
    )
    return lines


def _run(request: AddDrop, *, student, actor, today) -> list[str]:
    plan_before = (
        IndividualPlan.objects.filter(student=student, term=request.term).values_list("status", flat=True).first()
    )
    lines: list[str] = []
    if request.action in (REPLACE, DROP, LATE_DROP):
        lines += _drop(request, student=student, actor=actor, today=today)
    if request.action in (REPLACE, ADD):
        registration_add(
            student=student, discipline=request.add, term=request.term, actor=actor, today=today, by_request=True
        )
        lines.append(
            _("Registered for %(discipline)s (%(credits)s credits) in %(term)s.")
            % {"discipline": request.add, "credits": request.add.credits, "term": request.term}
        )
    if request.to_stream is not None:
        if request.from_stream is not None:
            stream_switch(
                student=student,
                from_stream=request.from_stream,
                to_stream=request.to_stream,
                actor=actor,
                by_request=True,
                today=today,
            )
            lines.append(
                _("Moved from stream %(from)s to %(to)s.") % {"from": request.from_stream, "to": request.to_stream}
            )
        else:
            stream_choose(student=student, stream=request.to_stream, actor=actor, by_request=True, today=today)
            lines.append(_("Joined stream %(stream)s.") % {"stream": request.to_stream})
    if request.action != STREAM:  # the IUP's lines are the registrations; streams are not part of it
        iup_plan_changed(student=student, term=request.term, actor=actor)
        if plan_before in SIGNED:
            lines.append(
                _("The IUP for %(term)s changed after signing: its signatures start over.") % {"term": request.term}
            )
    return lines


class _DryRun(Exception):
    """Raised inside the dry run's savepoint to roll back what passed."""


def adddrop_check(*, student, details: dict, today=None) -> None:
    """Dry run of `adddrop_apply`: the same services inside a savepoint that is always rolled back.

    Raises ValidationError with the reason of the first rule that refuses (translated); nothing changes either
    way (notifications and e-mails of the run are rolled back with it: e-mails are sent only after a commit).
    """
    request = adddrop_resolve(details)
    try:
        with transaction.atomic():
            _run(request, student=student, actor=student.user, today=today)
            raise _DryRun
    except _DryRun:
        return


@transaction.atomic
def adddrop_apply(*, student, details: dict, actor, today=None) -> list[str]:
    """Apply an approved add/drop request, all or nothing; returns what changed, one line each.

    Replace: the old discipline's streams are left and it is dropped first (freeing its credits), then the new
    one is registered (and its stream chosen, if named). Every step is audited by its own service with `actor`;
    the IUP restarts its signatures if it was signed (`iup_plan_changed`).
    """
    request = adddrop_resolve(details)
    return _run(request, student=student, actor=actor, today=today)


def adddrop_lines(details: dict) -> list[str]:
    """The request in words, for its detail page (in the reader's language); ids that no longer exist are shown
    as such instead of failing."""
    action = details.get("action")
    if action not in ACTIONS:
        return [_("Unknown add/drop action.")]
    ids = {}
    for key in ("term", "drop", "add", "from_stream", "to_stream"):
        try:
            ids[key] = int(details.get(key)) if details.get(key) not in (None, "") else None
        except (TypeError, ValueError):
            ids[key] = None
    term = Term.objects.select_related("academic_year").filter(pk=ids["term"]).first() if ids["term"] else None
    disciplines = Discipline.objects.in_bulk([ids[k] for k in ("drop", "add") if ids[k]])
    streams = Stream.objects.select_related("discipline").in_bulk(
        [ids[k] for k in ("from_stream", "to_stream") if ids[k]]
    )

    def name(found, key):
        if ids[key] is None:
            return "—"
        return str(found[ids[key]]) if ids[key] in found else _("#%(id)s (no longer exists)") % {"id": ids[key]}

    values = {
        "term": str(term) if term else "—",
        "drop": name(disciplines, "drop"),
        "add": name(disciplines, "add"),
        "from": name(streams, "from_stream"),
        "to": name(streams, "to_stream"),
    }
    lines = [str(ACTIONS[action]) + "."]
    if action == REPLACE:
        lines.append(_("Replace %(drop)s with %(add)s in %(term)s.") % values)
    elif action == DROP:
        lines.append(_("Drop %(drop)s in %(term)s.") % values)
    elif action == LATE_DROP:
        lines.append(_("Drop %(drop)s in %(term)s after the add/drop period (may be paid).") % values)
    elif action == ADD:
        lines.append(_("Add %(add)s in %(term)s.") % values)
    elif ids["from_stream"]:
        lines.append(_("Move from stream %(from)s to %(to)s in %(term)s.") % values)
    else:
        lines.append(_("Join stream %(to)s in %(term)s.") % values)
    if action in (REPLACE, ADD) and ids["to_stream"]:
        lines.append(_("Stream of the new discipline: %(to)s.") % values)
    return lines

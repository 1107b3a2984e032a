"""Checking an answer against the question as the attempt drew it (AttemptQuestion.snapshot), and scoring it.

Every rule reads only the snapshot, so a later edit of the bank changes no attempt. Answers arrive normalised by
`normalise()` (what answer_save stores), one shape per type:

- single / truefalse: the option id, "a";
- multiple: the sorted list of chosen option ids, ["a", "c"];
- short / essay: the text, stripped;
- numeric: the number as a decimal string, "3.14" (a decimal comma is read as a point);
- matching: {pair id: the answer text chosen} for the pairs that have a prompt;
- ordering: the item ids in the order the student put them, a permutation of the snapshot's items.

`fraction()` answers the share of the points earned, 0..1, or None for a hand-graded type (essay).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import QuestionType

ANSWER_MAX = 20_000  # characters of a text answer (an essay)
TWO = Decimal("0.01")


def _invalid(message=None):
    return ValidationError(message or _("This answer does not fit the question."), code="invalid")


def _option_ids(data) -> list[str]:
    return [str(o.get("id")) for o in data.get("options", [])]


def _match_prompts(data) -> list[str]:
    return [str(p.get("id")) for p in data.get("pairs", []) if (p.get("prompt") or "").strip()]


def _match_answers(data) -> list[str]:
    out = []
    for p in data.get("pairs", []):
        text = str(p.get("answer", ""))
        if text not in out:
            out.append(text)
    return out


def parse_number(text) -> Decimal:
    """'3,14', ' 3.14 ', '-2e3' → Decimal; anything else (or inf/nan) raises ValidationError("invalid")."""
    raw = str(text).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        number = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise _invalid(_("Type a number, e.g. 3.14.")) from None
    if not number.is_finite() or len(raw) > 50:
        raise _invalid(_("Type a number, e.g. 3.14."))
    return number


def normalise(snapshot: dict, value, matches: dict | None = None):
    """The answer as stored, from what the form sent (`value`: a string or a list of strings; `matches`: the
    matching question's {pair id: answer}). Raises ValidationError(code="invalid") for an answer the question
    cannot have: an option that does not exist, a number that does not parse, an ordering that is not a
    permutation of the items, a pair or answer that does not exist."""
    kind = snapshot.get("type")
    data = snapshot.get("data") or {}
    values = value if isinstance(value, list) else ([] if value is None else [value])
    values = [str(v) for v in values]
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        if len(values) != 1 or values[0] not in _option_ids(data):
            raise _invalid(_("Choose one of the options."))
        return values[0]
    if kind == QuestionType.MULTIPLE:
        ids = _option_ids(data)
        if len(set(values)) != len(values) or any(v not in ids for v in values):
            raise _invalid(_("Choose among the options."))
        return sorted(values)
    if kind in (QuestionType.SHORT, QuestionType.ESSAY):
        if len(values) != 1:
            raise _invalid()
        text = values[0].strip()
        limit = ANSWER_MAX if kind == QuestionType.ESSAY else 1000
        if len(text) > limit:
            raise _invalid(_("The answer is too long."))
        return text
    if kind == QuestionType.NUMERIC:
        if len(values) != 1:
            raise _invalid()
        if not values[0].strip():
            return ""
        return str(parse_number(values[0]))
    if kind == QuestionType.ORDERING:
        items = [str(i.get("id")) for i in data.get("items", [])]
        if sorted(values) != sorted(items) or len(values) != len(items):
            raise _invalid(_("Put every item in order, each once."))
        return values
    if kind == QuestionType.MATCHING:
        prompts, answers = _match_prompts(data), _match_answers(data)
        matches = matches or {}
        out = {}
        for key, chosen in matches.items():
            key, chosen = str(key), str(chosen)
            if key not in prompts:
                raise _invalid(_("This pair is not in the question."))
            if chosen == "":
                continue
            if chosen not in answers:
                raise _invalid(_("Choose among the answers."))
            out[key] = chosen
        return out
    raise _invalid()


def _wildcard(pattern: str, case_sensitive: bool) -> re.Pattern:
    parts = [re.escape(p) for p in pattern.strip().split("*")]
    return re.compile("^" + ".*".join(parts) + "$", 0 if case_sensitive else re.IGNORECASE)


def _clamp(x: Decimal) -> Decimal:
    return max(Decimal(0), min(Decimal(1), x))


def _dec(x) -> Decimal:
    try:
        return Decimal(str(x))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def fraction(snapshot: dict, answer) -> Decimal | None:
    """The share of the points the answer earns, 0..1 (None: graded by hand). No answer earns 0.

    - single / truefalse: the chosen option's fraction (a negative one counts 0);
    - multiple: the sum of the chosen options' fractions (wrong ones may be negative), floored at 0, capped at 1;
    - short: the best fraction of the answers matching the text (`*` a wildcard; case-insensitive unless the
      question says so);
    - numeric: the best fraction of the answers with |x − value| ≤ tolerance;
    - matching: the share of the prompts matched to their own answer;
    - ordering: the share of the items standing in their right (absolute) position — Moodle's "absolute position"
      rule, so one item moved from the end to the front scores (n − 1 − shifted)/n, not 0;
    - essay: None (the teacher grades it).
    """
    kind = snapshot.get("type")
    data = snapshot.get("data") or {}
    if kind == QuestionType.ESSAY:
        return None
    if answer in (None, "", [], {}):
        return Decimal(0)
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        for option in data.get("options", []):
            if str(option.get("id")) == str(answer):
                return _clamp(_dec(option.get("fraction", 0)))
        return Decimal(0)
    if kind == QuestionType.MULTIPLE:
        chosen = {str(a) for a in answer}
        total = sum(
            (_dec(o.get("fraction", 0)) for o in data.get("options", []) if str(o.get("id")) in chosen), Decimal(0)
        )
        return _clamp(total)
    if kind == QuestionType.SHORT:
        case = bool(data.get("case_sensitive"))
        best = Decimal(0)
        for option in data.get("answers", []):
            if _wildcard(str(option.get("text", "")), case).match(str(answer).strip()):
                best = max(best, _clamp(_dec(option.get("fraction", 0))))
        return best
    if kind == QuestionType.NUMERIC:
        try:
            x = parse_number(answer)
        except ValidationError:
            return Decimal(0)
        best = Decimal(0)
        for option in data.get("answers", []):
            if abs(x - _dec(option.get("value", 0))) <= abs(_dec(option.get("tolerance", 0))):
                best = max(best, _clamp(_dec(option.get("fraction", 0))))
        return best
    if kind == QuestionType.MATCHING:
        pairs = [p for p in data.get("pairs", []) if (p.get("prompt") or "").strip()]
        if not pairs:
            return Decimal(0)
        right = sum(1 for p in pairs if str(answer.get(str(p.get("id")), "")) == str(p.get("answer", "")))
        return Decimal(right) / Decimal(len(pairs))
    if kind == QuestionType.ORDERING:
        items = [str(i.get("id")) for i in data.get("items", [])]
        if not items:
            return Decimal(0)
        right = sum(1 for i, item in enumerate(items) if i < len(answer) and str(answer[i]) == item)
        return Decimal(right) / Decimal(len(items))
    return Decimal(0)


def score(snapshot: dict, answer, points) -> Decimal | None:
    """fraction × the slot's points, to the cent; None for a hand-graded question."""
    share = fraction(snapshot, answer)
    if share is None:
        return None
    return (share * Decimal(points)).quantize(TWO, rounding=ROUND_HALF_UP)

"""GIFT (Moodle's question/format/gift/format.php): one question per block of lines, blocks apart by a blank line.

Read: `// comments` (whole lines), `$CATEGORY: path`, `::title::`, a text format `[html]`, `[moodle]`, `[plain]`,
`[markdown]` before the text (default: moodle), then the answers in braces:
`{}` essay; `{T}` `{F}` `{TRUE}` `{FALSE}` true/false (`{T#when wrong#when right}`); `{#3.14:0.01}`, `{#1..5}` or
`{#=3.14:0.01 =%50%3:1}` numeric; `{=a -> b =c -> d}` matching (`= -> x` is a distractor); `~` answers make a
choice question (single when one answer is marked `=`, multiple when none is and weights like `~%50%` grade it);
all-`=` answers a short answer. `%50%` weights, `#feedback` per answer, `####general feedback`. Text after the
braces makes a "missing word" question (the braces become a blank "_____"). `\\~ \\= \\# \\{ \\} \\: \\\\` are the
characters themselves and `\\n` a line break.

GIFT has no points, no images, no case-sensitivity, units or essay settings: those take their defaults on import.
Ordering has no GIFT form: the writer leaves such questions out with a comment line saying so.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from testing.models import QuestionType

from .base import (
    FormatError,
    ParsedBank,
    ParsedQuestion,
    as_parsed,
    category_from_moodle,
    category_to_moodle,
    clean_fraction,
    number,
    option_id,
    short_name,
    to_html,
)

ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
           "\\:": "\ue006", "\\n": "\ue007"}  # fmt: skip
LITERALS = {"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#", "\ue004": "{", "\ue005": "}", "\ue006": ":",
            "\ue007": "\n"}  # fmt: skip
FORMATS = {"html": "html", "moodle": "moodle_auto_format", "plain": "plain_text", "markdown": "markdown"}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
TRUE_FALSE = re.compile(r"^(T|F|TRUE|FALSE)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)
MISSING_WORD = "_____"


def _hide(text: str) -> str:
    for escape, sentinel in ESCAPES.items():
        text = text.replace(escape, sentinel)
    return text


def _show(text: str) -> str:
    for sentinel, literal in LITERALS.items():
        text = text.replace(sentinel, literal)
    return text


def _blocks(text: str):
    """(first line number, text) of each block of non-comment lines."""
    block, start = [], None
    for number_, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("//"):
            continue
        if line.strip():
            if not block:
                start = number_
            block.append(line)
        elif block:
            yield start, "\n".join(block)
            block = []
    if block:
        yield start, "\n".join(block)


def parse(content: bytes, *, max_questions: int) -> ParsedBank:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(_("The file is not UTF-8 text: save it as UTF-8 and try again.")) from None
    if "\x00" in text:
        raise FormatError(_("The file is not UTF-8 text: save it as UTF-8 and try again."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bank = ParsedBank()
    category = ""
    count = 0
    for line, block in _blocks(_hide(text)):
        block = block.strip()
        if block.startswith("$CATEGORY:"):
            first, _newline, block = block.partition("\n")
            category = category_from_moodle(_show(first[len("$CATEGORY:") :]))
            bank.add_category(category)
            block = block.strip()
            if not block:
                continue
        count += 1
        if count > max_questions:
            raise FormatError(
                _("The file holds more than %(max)s questions: split it into smaller files.") % {"max": max_questions}
            )
        try:
            question = _question(block, category)
        except FormatError as error:
            error.line = error.line or line
            raise
        bank.add_category(category)
        bank.questions.append(question)
    return bank


def _question(block: str, category: str) -> ParsedQuestion:
    title = ""
    if block.startswith("::"):
        end = block.find("::", 2)
        if end < 0:
            raise FormatError(_("The question title opened with “::” is not closed."))
        title, block = block[2:end].strip(), block[end + 2 :].strip()
    start, end = block.find("{"), block.rfind("}")
    if start < 0 or end < start:
        raise FormatError(_("The question has no answers in braces { }."))
    before, answers, after = block[:start].strip(), block[start + 1 : end].strip(), block[end + 1 :].strip()
    text_format = "moodle_auto_format"
    match = re.match(r"^\[(html|moodle|plain|markdown)\]", before)
    if match:
        text_format, before = FORMATS[match.group(1)], before[match.end() :].strip()
    raw_text = f"{before} {MISSING_WORD} {after}" if after else before
    text = to_html(_show(raw_text), text_format)
    general_feedback = ""
    if "####" in answers:
        answers, _sep, feedback = answers.partition("####")
        general_feedback = to_html(_show(feedback.strip()), text_format)
        answers = answers.strip()
    question = ParsedQuestion(
        type="",
        name=short_name(_show(title), text),
        text=text,
        category=category,
        general_feedback=general_feedback,
        points=Decimal("1.00"),
    )
    if not answers:
        question.type, question.shuffle = QuestionType.ESSAY, False
        question.data = {
            "response_format": "editor",
            "min_words": 0,
            "max_words": 0,
            "grader_info": "",
            "response_template": "",
        }
    elif answers.startswith("#"):
        _numeric(question, answers[1:].strip())
    elif TRUE_FALSE.match(answers):
        _true_false(question, TRUE_FALSE.match(answers), text_format)
    elif answers.startswith("=") and "->" in answers:
        _matching(question, answers, text_format)
    elif "~" in answers:
        _choice(question, answers, text_format)
    elif answers.startswith("="):
        _short(question, answers, text_format)
    else:
        raise FormatError(_("The answers in braces must start with “=”, “~” or “#”, or be T or F."))
    return question


def _split(answers: str) -> list[str]:
    """The answers, each still starting with its "=" or "~"."""
    return [part.strip() for part in re.split(r"(?=[=~])", answers) if part.strip()]


def _weight(answer: str, default: float, name: str) -> tuple[float, str]:
    match = WEIGHT.match(answer)
    if not match:
        return default, answer
    return clean_fraction(number(match.group(1), _("a weight"), name) / 100), answer[match.end() :]


def _feedback(answer: str, text_format: str) -> tuple[str, str]:
    value, _sep, feedback = answer.partition("#")
    return value.strip(), to_html(_show(feedback.strip()), text_format)


def _choice(question: ParsedQuestion, answers: str, text_format: str) -> None:
    options = []
    for index, part in enumerate(_split(answers)):
        fraction, rest = _weight(part[1:].strip(), 1.0 if part[0] == "=" else 0.0, question.name)
        if part[0] == "=":
            fraction = 1.0
        value, feedback = _feedback(rest, text_format)
        options.append(
            {"id": option_id(index), "text": to_html(_show(value), text_format), "fraction": fraction,
             "feedback": feedback}
        )  # fmt: skip
    if len(options) < 2:
        raise FormatError(_("A choice question needs at least two answers."))
    question.type = QuestionType.SINGLE if "=" in answers else QuestionType.MULTIPLE
    question.data = {"options": options}


def _short(question: ParsedQuestion, answers: str, text_format: str) -> None:
    items = []
    for part in _split(answers):
        fraction, rest = _weight(part[1:].strip(), 1.0, question.name)
        value, feedback = _feedback(rest, text_format)
        if value:
            items.append({"text": _show(value), "fraction": fraction, "feedback": feedback})
    if not items:
        raise FormatError(_("A short-answer question needs at least one answer."))
    question.type, question.shuffle = QuestionType.SHORT, False
    question.data = {"answers": items, "case_sensitive": False}


def _true_false(question: ParsedQuestion, match, text_format: str) -> None:
    right = match.group(1).upper().startswith("T")
    feedbacks = (match.group(2) or "").split("#")[1:]
    wrong_feedback = to_html(_show(feedbacks[0].strip()), text_format) if feedbacks else ""
    right_feedback = to_html(_show(feedbacks[1].strip()), text_format) if len(feedbacks) > 1 else ""
    true = {"id": "true", "text": "True", "fraction": 1.0 if right else 0.0,
            "feedback": right_feedback if right else wrong_feedback}  # fmt: skip
    false = {"id": "false", "text": "False", "fraction": 0.0 if right else 1.0,
             "feedback": wrong_feedback if right else right_feedback}  # fmt: skip
    question.type, question.shuffle = QuestionType.TRUE_FALSE, False
    question.data = {"options": [true, false]}


def _matching(question: ParsedQuestion, answers: str, text_format: str) -> None:
    pairs = []
    for index, part in enumerate(_split(answers), start=1):
        if part[0] != "=" or "->" not in part:
            raise FormatError(_("Each matching pair is written “=question -> answer”."))
        prompt, _arrow, answer = part[1:].partition("->")
        pairs.append(
            {"id": str(index), "prompt": to_html(_show(prompt.strip()), text_format), "answer": _show(answer.strip())}
        )
    if sum(1 for p in pairs if p["prompt"]) < 2:
        raise FormatError(_("A matching question needs at least two pairs."))
    question.type = QuestionType.MATCHING
    question.data = {"pairs": pairs}


def _numeric(question: ParsedQuestion, answers: str) -> None:
    parts = _split(answers) if answers.startswith("=") else [answers]
    items = []
    for part in parts:
        if part[0] == "~":
            continue
        if part[0] == "=":
            part = part[1:].strip()
        fraction, rest = _weight(part, 1.0, question.name)
        value, feedback = _feedback(rest, "moodle_auto_format")
        value = _show(value).strip()
        if ".." in value:
            low, _dots, high = value.partition("..")
            low, high = number(low, _("a range"), question.name), number(high, _("a range"), question.name)
            answer, tolerance = (low + high) / 2, abs(high - low) / 2
        else:
            answer_text, _colon, tolerance_text = value.partition(":")
            answer = number(answer_text, _("an answer"), question.name)
            tolerance = abs(number(tolerance_text or "0", _("a tolerance"), question.name))
        items.append({"value": answer, "tolerance": tolerance, "fraction": fraction, "feedback": feedback})
    if not items:
        raise FormatError(_("A numeric question needs at least one answer."))
    question.type, question.shuffle = QuestionType.NUMERIC, False
    question.data = {"answers": items, "units": []}


# --- writing ------------------------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    text = (text or "").replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _num(value: float) -> str:
    value = round(float(value), 7)
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def _pct(fraction: float) -> str:
    return f"%{_num(fraction * 100)}%"


def _fb(feedback: str) -> str:
    return f"#{_escape(feedback)}" if feedback else ""


def write(questions) -> bytes:
    out = ["// Exported from the student portal (GIFT). Points and images are not part of GIFT.\n\n"]
    category = None
    for q in as_parsed(questions):
        if q.type == QuestionType.ORDERING:
            out.append(f"// Ordering question “{q.name}” left out: GIFT has no ordering questions.\n\n")
            continue
        if q.category != category:
            category = q.category
            out.append(f"$CATEGORY: {category_to_moodle(category)}\n\n")
        out.append(f"::{_escape(q.name)}::[html]{_escape(q.text)}{{{_answers(q)}")
        if q.general_feedback:
            out.append(f"\n####{_escape(q.general_feedback)}")
        out.append("\n}\n\n")
    return "".join(out).encode("utf-8")


def _answers(q: ParsedQuestion) -> str:
    data = q.data or {}
    if q.type == QuestionType.ESSAY:
        return ""
    if q.type == QuestionType.TRUE_FALSE:
        options = {o["id"]: o for o in data.get("options", [])}
        right = options.get("true", {}).get("fraction", 0) > 0
        right_fb = options["true" if right else "false"].get("feedback", "")
        wrong_fb = options["false" if right else "true"].get("feedback", "")
        tail = f"#{_escape(wrong_fb)}#{_escape(right_fb)}" if (right_fb or wrong_fb) else ""
        return ("TRUE" if right else "FALSE") + tail
    lines = []
    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        for option in data.get("options", []):
            fraction = option["fraction"]
            if q.type == QuestionType.SINGLE and fraction == 1:
                mark = "="
            else:
                mark = "~" + (_pct(fraction) if fraction else "")
            lines.append(f"{mark}{_escape(option['text'])}{_fb(option.get('feedback', ''))}")
    elif q.type == QuestionType.SHORT:
        for answer in data.get("answers", []):
            weight = "" if answer["fraction"] == 1 else _pct(answer["fraction"])
            lines.append(f"={weight}{_escape(answer['text'])}{_fb(answer.get('feedback', ''))}")
    elif q.type == QuestionType.NUMERIC:
        lines.append("#")
        for answer in data.get("answers", []):
            weight = "" if answer["fraction"] == 1 else _pct(answer["fraction"])
            value = f"{_num(answer['value'])}:{_num(answer.get('tolerance', 0))}"
            lines.append(f"={weight}{value}{_fb(answer.get('feedback', ''))}")
        return lines[0] + "\n" + "\n".join(lines[1:])
    elif q.type == QuestionType.MATCHING:
        for pair in data.get("pairs", []):
            lines.append(f"={_escape(pair.get('prompt', ''))} -> {_escape(pair.get('answer', ''))}")
    return "\n" + "\n".join(lines)

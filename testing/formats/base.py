"""The neutral structure both formats read into and write from: one `ParsedQuestion` per `Question` row.

Categories: our `Question.category` is a "/"-path such as "Chapter 1/Limits". Moodle writes a category as its
context and the top category before it ("$course$/top/Chapter 1/Limits", "$system$/top/...", older files
"$course$/Chapter 1"), and a "/" inside one category's name as "//". Reading, the context token (`$...$`) and a
leading "top" are dropped, empty segments are dropped, and a "/" inside a name becomes "-" (our path has no
escape); writing, the path goes under "$course$/top/". So a Moodle path imports to the same tree without Moodle's
prefixes, and our paths survive a round trip unchanged.

Text formats (Moodle's FORMAT_*): html is kept; plain_text is escaped with its line breaks kept; markdown is
converted (paragraphs, line breaks, **bold**, *italic*, `code`); moodle_auto_format is kept as HTML when it holds
tags, otherwise treated as plain text. Every result goes through `testing.services.html.sanitise`.
"""

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from testing.services.html import sanitise

CATEGORY_MAX = 255
NAME_MAX = 255
POINTS_MAX = Decimal("9999.99")


class FormatError(Exception):
    """A file that cannot be read; `message` is translated, `line` the line it was found at (or None)."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass
class ParsedFile:
    name: str
    content: bytes


@dataclass
class ParsedQuestion:
    type: str
    name: str
    text: str
    category: str = ""
    general_feedback: str = ""
    points: Decimal = Decimal("1")
    shuffle: bool = True
    data: dict = field(default_factory=dict)
    files: list[ParsedFile] = field(default_factory=list)

    def fields(self) -> dict:
        """What a Question row holds of it (for comparisons and for creating it)."""
        return {
            "type": self.type,
            "name": self.name,
            "text": self.text,
            "category": self.category,
            "general_feedback": self.general_feedback,
            "points": self.points,
            "shuffle": self.shuffle,
            "data": self.data,
        }


@dataclass
class ParsedBank:
    questions: list[ParsedQuestion] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # in the order the file names them
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (question name, why)

    def add_category(self, category: str) -> None:
        if category not in self.categories:
            self.categories.append(category)


def from_question(question) -> ParsedQuestion:
    """A stored Question (with its files prefetched) as the writers read it."""
    files = [ParsedFile(name=row.name, content=_read(row.file)) for row in question.files.all()]
    return ParsedQuestion(
        type=question.type,
        name=question.name,
        text=question.text,
        category=question.category,
        general_feedback=question.general_feedback,
        points=Decimal(question.points),
        shuffle=question.shuffle,
        data=question.data,
        files=files,
    )


def _read(file) -> bytes:
    with file.open("rb") as handle:
        return handle.read()


def as_parsed(questions) -> list[ParsedQuestion]:
    return [q if isinstance(q, ParsedQuestion) else from_question(q) for q in questions]


# --- categories ---------------------------------------------------------------------------------------------------


def category_from_moodle(path: str) -> str:
    path = (path or "").strip()
    segments = [s.replace("\x00", "-").strip() for s in path.replace("//", "\x00").split("/")]
    if segments and re.fullmatch(r"\$[a-z0-9]*\$", segments[0]):
        segments = segments[1:]
    if segments and segments[0] == "top":
        segments = segments[1:]
    return "/".join(s for s in segments if s)[:CATEGORY_MAX]


def category_to_moodle(category: str) -> str:
    return "/".join(["$course$", "top", *[s for s in category.split("/") if s]])


# --- text formats -------------------------------------------------------------------------------------------------

TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def plain_to_html(text: str) -> str:
    return html.escape(text.strip(), quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def markdown_to_html(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph.strip(), quote=False)
        escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
        escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
        escaped = re.sub(r"(?<!\*)\*(?!\s)(.+?)(?<!\s)\*", r"<em>\1</em>", escaped)
        out.append("<p>" + escaped.replace("\n", "<br>") + "</p>")
    return "".join(out)


def to_html(text: str, text_format: str) -> str:
    """Text in one of Moodle's formats as sanitised HTML."""
    text = text or ""
    text_format = (text_format or "html").strip().lower()
    if text_format in ("plain_text", "plain"):
        converted = plain_to_html(text)
    elif text_format == "markdown":
        converted = markdown_to_html(text)
    elif text_format in ("moodle_auto_format", "moodle") and not TAG.search(text):
        converted = plain_to_html(text)
    else:
        converted = text
    return sanitise(converted)


def html_to_plain(text: str) -> str:
    """An answer's text (stored plain) from a file's HTML answer: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", text or "")).strip()


# --- numbers ------------------------------------------------------------------------------------------------------


def number(value: str, what: str, name: str) -> float:
    try:
        result = float((value or "").strip().replace(",", "."))
    except ValueError:
        raise FormatError(
            _("Question “%(name)s”: %(what)s is not a number: “%(value)s”.")
            % {"name": name, "what": what, "value": (value or "")[:40]}
        ) from None
    if result != result or result in (float("inf"), float("-inf")):
        raise FormatError(_("Question “%(name)s”: %(what)s is not a number.") % {"name": name, "what": what})
    return result


def points(value: str, name: str) -> Decimal:
    try:
        result = Decimal((value or "1").strip() or "1").quantize(Decimal("0.01"))
    except InvalidOperation:
        raise FormatError(_("Question “%(name)s”: the default mark is not a number.") % {"name": name}) from None
    if result < 0 or result > POINTS_MAX:
        raise FormatError(_("Question “%(name)s”: the default mark is out of range.") % {"name": name})
    return result


def clean_fraction(value: float) -> float:
    return round(value, 7)


def short_name(name: str, text: str) -> str:
    name = (name or "").strip() or html_to_plain(text)[:80] or "?"
    return name[:NAME_MAX]


OPTION_IDS = "abcdefghijklmnopqrstuvwxyz"


def option_id(index: int) -> str:
    return OPTION_IDS[index] if index < len(OPTION_IDS) else f"o{index + 1}"

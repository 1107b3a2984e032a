"""Question banks in and out of the portal: Moodle XML (moodle_xml.py) and GIFT (gift.py), through one neutral
structure (base.py) that maps one to one onto `testing.models.Question` (docs/modules.md#question-data).

A parser reads bytes into a `ParsedBank` and never writes: `testing.services.banks.bank_import` stores it, in one
transaction. A writer turns questions (`Question` rows or `ParsedQuestion`s) back into bytes. Hostile or broken
input raises `FormatError` with a translated message and, where the format allows, the line number.
"""

from .base import FormatError, ParsedBank, ParsedFile, ParsedQuestion, category_from_moodle, category_to_moodle

MOODLE_XML = "xml"
GIFT = "gift"
AUTO = "auto"


def detect(content: bytes) -> str:
    """XML when the text opens with markup (after a BOM and blanks), otherwise GIFT."""
    head = content[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return MOODLE_XML if head.startswith(b"<") else GIFT


def parse(content: bytes, file_format: str, *, max_questions: int) -> ParsedBank:
    from . import gift, moodle_xml

    if file_format == AUTO:
        file_format = detect(content)
    if file_format == MOODLE_XML:
        return moodle_xml.parse(content, max_questions=max_questions)
    if file_format == GIFT:
        return gift.parse(content, max_questions=max_questions)
    raise ValueError(f"unknown question bank format {file_format!r}")


def write(questions, file_format: str) -> bytes:
    from . import gift, moodle_xml

    if file_format == MOODLE_XML:
        return moodle_xml.write(questions)
    if file_format == GIFT:
        return gift.write(questions)
    raise ValueError(f"unknown question bank format {file_format!r}")


__all__ = [
    "AUTO",
    "GIFT",
    "MOODLE_XML",
    "FormatError",
    "ParsedBank",
    "ParsedFile",
    "ParsedQuestion",
    "category_from_moodle",
    "category_to_moodle",
    "detect",
    "parse",
    "write",
]

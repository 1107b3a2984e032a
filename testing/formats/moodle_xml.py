"""Moodle XML (question/format/xml/format.php), read safely and written as Moodle 4.x writes it.

Read: `<quiz>` holding `<question type=...>`. multichoice (`<single>true</single>` → single, otherwise multiple;
fractions in percent, negative allowed), truefalse, shortanswer (`usecase`), numerical (answers with tolerance,
`<units>`), matching (`<subquestion>`; an empty one is an extra distractor answer), ordering (qtype_ordering: the
answers in their right order, `fraction` their position), essay (responseformat, min/maxwordlimit, graderinfo,
responsetemplate); `<question type="category">` switches the category of the questions after it; any other type
(description, cloze, calculated, drag and drop...) is reported as skipped. `<file encoding="base64">` anywhere in
a question becomes one of its files; `@@PLUGINFILE@@/name` stays in the text.

Safety: the parser is defusedxml with DTDs forbidden, so entity declarations (billion laughs) and external entities
or DTDs (XXE) are refused before anything is expanded or fetched; nothing here opens a network or a local file.
"""

import base64
import binascii
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testing.models import QuestionType

from .base import (
    FormatError,
    ParsedBank,
    ParsedFile,
    ParsedQuestion,
    as_parsed,
    category_from_moodle,
    category_to_moodle,
    clean_fraction,
    html_to_plain,
    number,
    option_id,
    points,
    short_name,
    to_html,
)

CLOZE = gettext_lazy("embedded answers (Cloze) are not supported")
CALCULATED = gettext_lazy("calculated questions are not supported")
DRAG_AND_DROP = gettext_lazy("drag and drop is not supported")
UNSUPPORTED = {
    "description": gettext_lazy("a description is not a question"),
    "multianswer": CLOZE,
    "cloze": CLOZE,
    "calculated": CALCULATED,
    "calculatedsimple": CALCULATED,
    "calculatedmulti": CALCULATED,
    "randomsamatch": gettext_lazy("random short-answer matching is not supported"),
    "random": gettext_lazy("random questions are not supported"),
    "ddwtos": DRAG_AND_DROP,
    "ddimageortext": DRAG_AND_DROP,
    "ddmarker": DRAG_AND_DROP,
    "gapselect": gettext_lazy("select missing words is not supported"),
}


def _skip_reason(qtype: str) -> str:
    if qtype in UNSUPPORTED:
        return str(UNSUPPORTED[qtype])
    return _("the question type “%(type)s” is not supported") % {"type": qtype[:40]}


# --- reading ------------------------------------------------------------------------------------------------------


def parse(content: bytes, *, max_questions: int) -> ParsedBank:
    try:
        root = SafeET.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FormatError(
            _("The file declares a DTD or entities, which a question bank never needs: it was refused.")
        ) from None
    except ParseError as error:
        line = getattr(error, "position", (None, None))[0]
        raise FormatError(_("This is not well-formed XML."), line=line) from None
    if root.tag != "quiz":
        raise FormatError(
            _("This XML file is not a Moodle question bank: its root element is <%(tag)s>, not <quiz>.")
            % {"tag": str(root.tag)[:40]}
        )
    bank = ParsedBank()
    category = ""
    count = 0
    for element in root.iter("question"):
        qtype = (element.get("type") or "").strip().lower()
        if qtype == "category":
            category = category_from_moodle(element.findtext("category/text") or "")
            bank.add_category(category)
            continue
        count += 1
        if count > max_questions:
            raise FormatError(
                _("The file holds more than %(max)s questions: split it into smaller files.") % {"max": max_questions}
            )
        name = (element.findtext("name/text") or "").strip()
        reader = READERS.get(qtype)
        if reader is None:
            bank.skipped.append((name or qtype, _skip_reason(qtype)))
            continue
        text = _rich(element, "questiontext")
        question = ParsedQuestion(
            type="",
            name=short_name(name, text),
            text=text,
            category=category,
            general_feedback=_rich(element, "generalfeedback"),
            points=points(element.findtext("defaultgrade") or "1", name),
            files=_files(element, name),
        )
        problem = reader(element, question)
        if problem:
            bank.skipped.append((question.name, problem))
            continue
        bank.add_category(category)
        bank.questions.append(question)
    return bank


def _rich(element, tag: str) -> str:
    child = element.find(tag)
    if child is None:
        return ""
    return to_html(child.findtext("text") or "", child.get("format", "html"))


def _files(element, name: str) -> list[ParsedFile]:
    files, seen = [], set()
    for node in element.iter("file"):
        file_name = (node.get("name") or "").strip()
        if not file_name or file_name in seen:
            continue
        if (node.get("encoding") or "base64") != "base64":
            raise FormatError(
                _("Question “%(name)s”: the file “%(file)s” is not base64-encoded.") % {"name": name, "file": file_name}
            )
        try:
            data = base64.b64decode("".join((node.text or "").split()), validate=True)
        except (binascii.Error, ValueError):
            raise FormatError(
                _("Question “%(name)s”: the file “%(file)s” is not valid base64.") % {"name": name, "file": file_name}
            ) from None
        seen.add(file_name)
        files.append(ParsedFile(name=file_name[:200], content=data))
    return files


def _flag(element, tag: str, default: bool) -> bool:
    value = element.findtext(tag)
    if value is None:
        return default
    return value.strip().lower() in ("true", "1", "yes")


def _int(element, tag: str) -> int:
    value = (element.findtext(tag) or "").strip()
    try:
        return max(int(float(value)), 0) if value else 0
    except ValueError:
        return 0


def _fraction(answer, name: str) -> float:
    return clean_fraction(number(answer.get("fraction", "0"), _("an answer's grade"), name) / 100)


def _answer_text(answer, *, plain: bool) -> str:
    raw = answer.findtext("text") or ""
    if plain:
        fmt = answer.get("format", "moodle_auto_format")
        return html_to_plain(raw) if fmt == "html" else raw.strip()
    return to_html(raw, answer.get("format", "html"))


def _read_multichoice(element, question: ParsedQuestion) -> str | None:
    single = _flag(element, "single", True)
    question.type = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    question.shuffle = _flag(element, "shuffleanswers", True)
    options = [
        {
            "id": option_id(index),
            "text": _answer_text(answer, plain=False),
            "fraction": _fraction(answer, question.name),
            "feedback": _rich(answer, "feedback"),
        }
        for index, answer in enumerate(element.findall("answer"))
    ]
    if len(options) < 2:
        return _("a choice question needs at least two options")
    question.data = {"options": options}
    return None


def _read_truefalse(element, question: ParsedQuestion) -> str | None:
    question.type = QuestionType.TRUE_FALSE
    question.shuffle = False
    found = {}
    for answer in element.findall("answer"):
        value = html_to_plain(answer.findtext("text") or "").lower()
        if value in ("true", "false"):
            found[value] = {
                "id": value,
                "text": "True" if value == "true" else "False",
                "fraction": _fraction(answer, question.name),
                "feedback": _rich(answer, "feedback"),
            }
    if set(found) != {"true", "false"}:
        return _("a true/false question needs the answers “true” and “false”")
    question.data = {"options": [found["true"], found["false"]]}
    return None


def _read_shortanswer(element, question: ParsedQuestion) -> str | None:
    question.type = QuestionType.SHORT
    question.shuffle = False
    answers = [
        {
            "text": _answer_text(answer, plain=True),
            "fraction": _fraction(answer, question.name),
            "feedback": _rich(answer, "feedback"),
        }
        for answer in element.findall("answer")
    ]
    answers = [a for a in answers if a["text"]]
    if not answers:
        return _("a short-answer question needs at least one answer")
    question.data = {"answers": answers, "case_sensitive": _flag(element, "usecase", False)}
    return None


def _read_numerical(element, question: ParsedQuestion) -> str | None:
    question.type = QuestionType.NUMERIC
    question.shuffle = False
    answers = []
    for answer in element.findall("answer"):
        value = (answer.findtext("text") or "").strip()
        if value == "*":
            continue  # Moodle's "any other answer": its feedback has no place in ours
        answers.append(
            {
                "value": number(value, _("an answer"), question.name),
                "tolerance": abs(number(answer.findtext("tolerance") or "0", _("a tolerance"), question.name)),
                "fraction": _fraction(answer, question.name),
                "feedback": _rich(answer, "feedback"),
            }
        )
    if not answers:
        return _("a numeric question needs at least one answer")
    units = [
        {
            "name": (unit.findtext("unit_name") or "").strip(),
            "multiplier": number(unit.findtext("multiplier") or "1", _("a unit's multiplier"), question.name),
        }
        for unit in element.findall("units/unit")
    ]
    question.data = {"answers": answers, "units": [u for u in units if u["name"]]}
    return None


def _read_matching(element, question: ParsedQuestion) -> str | None:
    question.type = QuestionType.MATCHING
    question.shuffle = _flag(element, "shuffleanswers", True)
    pairs = []
    for index, sub in enumerate(element.findall("subquestion"), start=1):
        prompt = to_html(sub.findtext("text") or "", sub.get("format", "html"))
        answer = html_to_plain(sub.findtext("answer/text") or "")
        if prompt or answer:
            pairs.append({"id": str(index), "prompt": prompt, "answer": answer})
    if sum(1 for p in pairs if p["prompt"]) < 2:
        return _("a matching question needs at least two pairs")
    question.data = {"pairs": pairs}
    return None


def _read_ordering(element, question: ParsedQuestion) -> str | None:
    question.type = QuestionType.ORDERING
    question.shuffle = True
    answers = element.findall("answer")
    positions = []
    for answer in answers:
        try:
            positions.append(float(answer.get("fraction", "0")))
        except ValueError:
            positions.append(0.0)
    order = list(range(len(answers)))
    if all(p > 0 for p in positions) and len(set(positions)) == len(positions):
        order.sort(key=lambda i: positions[i])  # qtype_ordering writes each item's position as its fraction
    items = [{"id": str(n), "text": _answer_text(answers[i], plain=False)} for n, i in enumerate(order, start=1)]
    if len(items) < 2:
        return _("an ordering question needs at least two items")
    question.data = {"items": items}
    return None


def _read_essay(element, question: ParsedQuestion) -> str | None:
    question.type = QuestionType.ESSAY
    question.shuffle = False
    question.data = {
        "response_format": (element.findtext("responseformat") or "editor").strip() or "editor",
        "min_words": _int(element, "minwordlimit"),
        "max_words": _int(element, "maxwordlimit"),
        "grader_info": _rich(element, "graderinfo"),
        "response_template": _rich(element, "responsetemplate"),
    }
    return None


READERS = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
    "match": _read_matching,
    "matching": _read_matching,
    "ordering": _read_ordering,
    "essay": _read_essay,
}


# --- writing ------------------------------------------------------------------------------------------------------


def _cdata(text: str) -> str:
    text = text or ""
    if not any(c in text for c in "<>&"):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _num(value: float) -> str:
    value = round(float(value), 7)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _rich_out(tag: str, text: str, indent: str = "    ", files: list[ParsedFile] = ()) -> str:
    inner = "".join(
        f'{indent}  <file name="{_attr(f.name)}" path="/" encoding="base64">{base64.b64encode(f.content).decode()}'
        "</file>\n"
        for f in files
    )
    return f'{indent}<{tag} format="html">\n{indent}  <text>{_cdata(text)}</text>\n{inner}{indent}</{tag}>\n'


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def write(questions) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    category = None
    for number_, question in enumerate(as_parsed(questions)):
        if question.category != category:
            category = question.category
            out.append(
                "<!-- question: 0  -->\n"
                '  <question type="category">\n'
                f"    <category>\n      <text>{_cdata(category_to_moodle(category))}</text>\n    </category>\n"
                '    <info format="moodle_auto_format">\n      <text></text>\n    </info>\n'
                "    <idnumber></idnumber>\n"
                "  </question>\n\n"
            )
        out.append(f"<!-- question: {number_ + 1}  -->\n")
        out.append(_question_out(question))
    out.append("</quiz>\n")
    return "".join(out).encode("utf-8")


MOODLE_TYPE = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
    QuestionType.NUMERIC: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ORDERING: "ordering",
    QuestionType.ESSAY: "essay",
}


def _question_out(q: ParsedQuestion) -> str:
    data = q.data or {}
    head = (
        f'  <question type="{MOODLE_TYPE[q.type]}">\n'
        f"    <name>\n      <text>{_cdata(q.name)}</text>\n    </name>\n"
        + _rich_out("questiontext", q.text, files=q.files)
        + _rich_out("generalfeedback", q.general_feedback)
        + f"    <defaultgrade>{q.points:.7f}</defaultgrade>\n"
        "    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n    <idnumber></idnumber>\n"
    )
    body = []
    if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        body.append(f"    <single>{_bool(q.type == QuestionType.SINGLE)}</single>\n")
        body.append(f"    <shuffleanswers>{_bool(q.shuffle)}</shuffleanswers>\n")
        body.append(
            "    <answernumbering>abc</answernumbering>\n    <showstandardinstruction>0</showstandardinstruction>\n"
        )
        for option in data.get("options", []):
            body.append(
                f'    <answer fraction="{_num(option["fraction"] * 100)}" format="html">\n'
                f"      <text>{_cdata(option['text'])}</text>\n"
                + _rich_out("feedback", option.get("feedback", ""), "      ")
                + "    </answer>\n"
            )
    elif q.type == QuestionType.TRUE_FALSE:
        for option in data.get("options", []):
            body.append(
                f'    <answer fraction="{_num(option["fraction"] * 100)}" format="moodle_auto_format">\n'
                f"      <text>{option['id']}</text>\n"
                + _rich_out("feedback", option.get("feedback", ""), "      ")
                + "    </answer>\n"
            )
    elif q.type == QuestionType.SHORT:
        body.append(f"    <usecase>{int(bool(data.get('case_sensitive')))}</usecase>\n")
        for answer in data.get("answers", []):
            body.append(
                f'    <answer fraction="{_num(answer["fraction"] * 100)}" format="moodle_auto_format">\n'
                f"      <text>{_cdata(answer['text'])}</text>\n"
                + _rich_out("feedback", answer.get("feedback", ""), "      ")
                + "    </answer>\n"
            )
    elif q.type == QuestionType.NUMERIC:
        for answer in data.get("answers", []):
            body.append(
                f'    <answer fraction="{_num(answer["fraction"] * 100)}" format="moodle_auto_format">\n'
                f"      <text>{_num(answer['value'])}</text>\n"
                + _rich_out("feedback", answer.get("feedback", ""), "      ")
                + f"      <tolerance>{_num(answer.get('tolerance', 0))}</tolerance>\n"
                "    </answer>\n"
            )
        units = data.get("units") or []
        if units:
            body.append("    <units>\n")
            for unit in units:
                body.append(
                    f"      <unit>\n        <multiplier>{_num(unit.get('multiplier', 1))}</multiplier>\n"
                    f"        <unit_name>{_cdata(unit['name'])}</unit_name>\n      </unit>\n"
                )
            body.append("    </units>\n")
        body.append(
            "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n"
            f"    <showunits>{3 if not units else 0}</showunits>\n    <unitsleft>0</unitsleft>\n"
        )
    elif q.type == QuestionType.MATCHING:
        body.append(f"    <shuffleanswers>{_bool(q.shuffle)}</shuffleanswers>\n")
        for pair in data.get("pairs", []):
            body.append(
                f'    <subquestion format="html">\n      <text>{_cdata(pair.get("prompt", ""))}</text>\n'
                f"      <answer>\n        <text>{_cdata(pair.get('answer', ''))}</text>\n      </answer>\n"
                "    </subquestion>\n"
            )
    elif q.type == QuestionType.ORDERING:
        body.append(
            "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n"
            "    <selectcount>0</selectcount>\n"
            "    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n    <showgrading>SHOW</showgrading>\n"
            "    <numberingstyle>none</numberingstyle>\n"
        )
        for position, item in enumerate(data.get("items", []), start=1):
            body.append(
                f'    <answer fraction="{position}.0000000" format="html">\n'
                f"      <text>{_cdata(item['text'])}</text>\n    </answer>\n"
            )
    elif q.type == QuestionType.ESSAY:
        body.append(
            f"    <responseformat>{data.get('response_format') or 'editor'}</responseformat>\n"
            "    <responserequired>1</responserequired>\n    <responsefieldlines>15</responsefieldlines>\n"
            f"    <minwordlimit>{data.get('min_words') or ''}</minwordlimit>\n"
            f"    <maxwordlimit>{data.get('max_words') or ''}</maxwordlimit>\n"
            "    <attachments>0</attachments>\n    <attachmentsrequired>0</attachmentsrequired>\n"
            "    <maxbytes>0</maxbytes>\n    <filetypeslist></filetypeslist>\n"
            + _rich_out("graderinfo", data.get("grader_info", ""))
            + _rich_out("responsetemplate", data.get("response_template", ""))
        )
    return head + "".join(body) + "  </question>\n\n"

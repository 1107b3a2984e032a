"""One question of every type, as the neutral structure holds it: the round-trip tests write and re-read them.

`gift_samples()` keeps to what GIFT can carry (one point, no images, no units, the essay's defaults)."""

import base64
from decimal import Decimal

from testing.formats import ParsedFile, ParsedQuestion

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAFElEQVR4nGM8ISfHgA0wYRWlkwQAmxQBECiKgAAAAAAASUVORK5CYII="
)
TEXT = '<p>Solve \\(x^2 = 4\\): a &lt; b &amp; {braces} ~ # = : "quotes"</p>'


def _q(type_, name, data, **extra) -> ParsedQuestion:
    values = {"type": type_, "name": name, "text": f"<p>{name}?</p>", "category": "Chapter 1/Limits", "data": data}
    return ParsedQuestion(**(values | extra))


def xml_samples() -> list[ParsedQuestion]:
    return [
        _q(
            "single",
            "Single",
            {"options": [
                {"id": "a", "text": "<p>two</p>", "fraction": 1.0, "feedback": "<p>yes</p>"},
                {"id": "b", "text": "<p>minus two</p>", "fraction": 0.5, "feedback": ""},
                {"id": "c", "text": "<p>zero</p>", "fraction": 0.0, "feedback": "<p>no</p>"},
            ]},
            text=TEXT + '<p><img src="@@PLUGINFILE@@/plot.png" alt="plot"></p>',
            points=Decimal("2.50"),
            general_feedback="<p>Roots of a square.</p>",
            files=[ParsedFile("plot.png", PNG)],
        ),
        _q(
            "multiple",
            "Multiple",
            {"options": [
                {"id": "a", "text": "<p>2</p>", "fraction": 0.5, "feedback": ""},
                {"id": "b", "text": "<p>-2</p>", "fraction": 0.5, "feedback": ""},
                {"id": "c", "text": "<p>3</p>", "fraction": -1.0, "feedback": "<p>wrong</p>"},
                {"id": "d", "text": "<p>1/3</p>", "fraction": 0.3333333, "feedback": ""},
            ]},
            shuffle=False,
        ),
        _q(
            "truefalse",
            "True or false",
            {"options": [
                {"id": "true", "text": "True", "fraction": 0.0, "feedback": "<p>It is false.</p>"},
                {"id": "false", "text": "False", "fraction": 1.0, "feedback": "<p>Right.</p>"},
            ]},
            shuffle=False,
            category="",
        ),
        _q(
            "short",
            "Short",
            {"answers": [
                {"text": "Astana", "fraction": 1.0, "feedback": ""},
                {"text": "Nur-Sultan", "fraction": 0.5, "feedback": "<p>old name</p>"},
            ], "case_sensitive": True},
            shuffle=False,
            category="Chapter 2",
        ),
        _q(
            "numeric",
            "Numeric",
            {"answers": [
                {"value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": ""},
                {"value": -3.0, "tolerance": 0.5, "fraction": 0.25, "feedback": "<p>close</p>"},
            ], "units": [{"name": "m", "multiplier": 1.0}, {"name": "cm", "multiplier": 100.0}]},
            shuffle=False,
            category="Chapter 2",
        ),
        _q(
            "matching",
            "Matching",
            {"pairs": [
                {"id": "1", "prompt": "<p>\\(x^2\\)</p>", "answer": "2x"},
                {"id": "2", "prompt": "<p>sin x</p>", "answer": "cos x"},
                {"id": "3", "prompt": "", "answer": "tan x"},
            ]},
            category="Chapter 2",
        ),
        _q(
            "ordering",
            "Ordering",
            {"items": [{"id": "1", "text": "<p>first</p>"}, {"id": "2", "text": "<p>second</p>"},
                       {"id": "3", "text": "<p>third</p>"}]},
            category="Chapter 2/Steps",
        ),
        _q(
            "essay",
            "Essay",
            {"response_format": "plain", "min_words": 10, "max_words": 200, "grader_info": "<p>Look for x.</p>",
             "response_template": "<p>I think…</p>"},
            shuffle=False,
            points=Decimal("10.00"),
            category="Chapter 2/Steps",
        ),
    ]  # fmt: skip


def gift_samples() -> list[ParsedQuestion]:
    samples = []
    for question in xml_samples():
        if question.type == "ordering":
            continue
        question.points, question.files = Decimal("1.00"), []
        question.shuffle = question.type in ("single", "multiple", "matching")  # GIFT has no shuffle setting
        question.text = question.text.replace('<p><img src="@@PLUGINFILE@@/plot.png" alt="plot"></p>', "")
        if question.type == "short":
            question.data["case_sensitive"] = False
        if question.type == "numeric":
            question.data["units"] = []
        if question.type == "essay":
            question.data = {"response_format": "editor", "min_words": 0, "max_words": 0, "grader_info": "",
                             "response_template": ""}  # fmt: skip
        samples.append(question)
    return samples

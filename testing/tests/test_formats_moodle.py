"""Moodle XML: every type read and written, a Moodle 4.x export read without loss, hostile and broken files."""

import base64
from decimal import Decimal
from pathlib import Path

import pytest

from testing import formats
from testing.formats import FormatError, category_from_moodle, category_to_moodle

from .samples import PNG, xml_samples

DATA = Path(__file__).parent / "data"


def parse(content: bytes, max_questions: int = 100):
    return formats.parse(content, formats.MOODLE_XML, max_questions=max_questions)


def test_every_type_survives_a_round_trip():
    samples = xml_samples()
    bank = parse(formats.write(samples, formats.MOODLE_XML))
    assert [q.fields() for q in bank.questions] == [q.fields() for q in samples]
    assert [(f.name, f.content) for f in bank.questions[0].files] == [("plot.png", PNG)]
    assert bank.categories == ["Chapter 1/Limits", "", "Chapter 2", "Chapter 2/Steps"]
    assert bank.skipped == []


def test_the_writer_writes_moodle_s_own_shape():
    xml = formats.write(xml_samples(), formats.MOODLE_XML).decode()
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert "<text>$course$/top/Chapter 1/Limits</text>" in xml
    assert '<question type="multichoice">' in xml and "<single>true</single>" in xml and "<single>false</single>" in xml
    assert '<answer fraction="-100" format="html">' in xml and '<answer fraction="33.33333" format="html">' in xml
    assert '<file name="plot.png" path="/" encoding="base64">' in xml
    assert '<question type="ordering">' in xml and '<answer fraction="3.0000000" format="html">' in xml
    assert "<usecase>1</usecase>" in xml and "<unit_name>cm</unit_name>" in xml
    assert "<defaultgrade>2.5000000</defaultgrade>" in xml and "<minwordlimit>10</minwordlimit>" in xml


def test_a_moodle_4_export_imports_without_loss():
    bank = parse((DATA / "moodle-4x-export.xml").read_bytes())
    by_name = {q.name: q for q in bank.questions}
    assert [q.type for q in bank.questions] == [
        "single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "essay",
    ]  # fmt: skip
    assert bank.skipped == [
        ("About this part", "a description is not a question"),
        ("Integral gaps", "embedded answers (Cloze) are not supported"),
    ]
    assert bank.categories == [
        "Default for MATH 101",
        "Default for MATH 101/Limits",
        "Default for MATH 101/Limits/One-sided",
        "Default for MATH 101/Numbers & units",
        "Default for MATH 101/Derivatives",
    ]

    single = by_name["Limit of sin x / x"]
    assert single.category == "Default for MATH 101/Limits"
    assert single.points == Decimal("2.00") and single.shuffle is True
    assert single.text == (
        "<p>What is \\(\\lim_{x \\to 0} \\frac{\\sin x}{x}\\)?</p>"
        '<p><img src="@@PLUGINFILE@@/graph.png" alt="The graph of sin x / x" width="8" height="6"></p>'
    )  # the style and class attributes Moodle's editor adds are dropped by the sanitiser, the image stays
    assert single.general_feedback == "<p>The first remarkable limit.</p>"
    assert [(o["text"], o["fraction"], o["feedback"]) for o in single.data["options"]] == [
        ("<p>1</p>", 1.0, "<p>Right: sin x ≈ x near 0.</p>"),  # &asymp; in CDATA: an HTML entity, read as such
        ("<p>0</p>", 0.0, ""),
        ("<p>∞</p>", 0.0, ""),  # &amp;infin; outside CDATA: XML-escaped HTML
    ]
    assert [f.name for f in single.files] == ["graph.png"] and single.files[0].content.startswith(b"\x89PNG")

    multiple = by_name["Continuous functions"]
    assert multiple.text == "<p>Which functions are continuous on ℝ?</p>" and multiple.shuffle is False
    assert [o["fraction"] for o in multiple.data["options"]] == [0.5, 0.5, -1.0, 0.3333333]
    assert multiple.data["options"][3]["text"] == "x &lt; 2 &amp; x &gt; 1 (a piece)"  # plain text, escaped

    truefalse = by_name["One-sided limits"]
    assert truefalse.category == "Default for MATH 101/Limits/One-sided"
    assert truefalse.data["options"] == [
        {"id": "true", "text": "True", "fraction": 1.0, "feedback": "<p>Yes.</p>"},
        {"id": "false", "text": "False", "fraction": 0.0, "feedback": "<p>It does.</p>"},
    ]

    short = by_name["Capital"]
    assert short.text == "Name the capital of Kazakhstan.<br>One word."  # plain_text: line breaks kept
    assert short.data == {
        "answers": [
            {"text": "Astana", "fraction": 1.0, "feedback": ""},
            {"text": "Nur-Sultan", "fraction": 0.5, "feedback": "<p>The old name.</p>"},
            {"text": "Almaty*", "fraction": 0.0, "feedback": ""},
        ],
        "case_sensitive": True,
    }

    numeric = by_name["Speed of light"]
    assert numeric.text == "<p>The speed of light in <strong>km/s</strong>, roughly?</p><p>Use <code>c</code>.</p>"
    assert numeric.points == Decimal("3.00")
    assert numeric.data == {
        "answers": [
            {"value": 300000.0, "tolerance": 1000.0, "fraction": 1.0, "feedback": ""},
            {"value": 300000.0, "tolerance": 20000.0, "fraction": 0.5, "feedback": "<p>Close.</p>"},
        ],
        "units": [{"name": "km/s", "multiplier": 1.0}, {"name": "m/s", "multiplier": 1000.0}],
    }

    matching = by_name["Derivatives"]
    assert matching.points == Decimal("4.00") and matching.shuffle is True
    assert matching.data["pairs"] == [
        {"id": "1", "prompt": "<p>\\(x^2\\)</p>", "answer": "2x"},
        {"id": "2", "prompt": "<p>\\(\\sin x\\)</p>", "answer": "cos x"},
        {"id": "3", "prompt": "<p>\\(e^x\\)</p>", "answer": "e^x"},
        {"id": "4", "prompt": "", "answer": "-sin x"},  # an empty subquestion: an extra distractor answer
    ]

    ordering = by_name["Chain rule steps"]
    assert [i["text"] for i in ordering.data["items"]] == [  # by qtype_ordering's positions, not file order
        "<p>Differentiate the outer function</p>",
        "<p>Differentiate the inner function</p>",
        "<p>Multiply the two</p>",
    ]

    essay = by_name["Explain the derivative"]
    assert essay.points == Decimal("10.00")
    assert essay.data == {
        "response_format": "editor",
        "min_words": 50,
        "max_words": 300,
        "grader_info": "<p>Rate of change; slope of the tangent.</p>",
        "response_template": "<p>A derivative is…</p>",
    }


def test_the_moodle_export_round_trips_through_our_writer():
    bank = parse((DATA / "moodle-4x-export.xml").read_bytes())
    again = parse(formats.write(bank.questions, formats.MOODLE_XML))
    assert [q.fields() for q in again.questions] == [q.fields() for q in bank.questions]


@pytest.mark.parametrize(
    ("moodle", "ours"),
    [
        ("$course$/top/Chapter 1/Limits", "Chapter 1/Limits"),
        ("$system$/top", ""),
        ("$cat1$/top/A", "A"),
        ("$course$/Old style", "Old style"),
        ("top/A//B/C", "A-B/C"),  # Moodle writes a "/" inside a name as "//"
        ("  Plain / path  ", "Plain/path"),
    ],
)
def test_categories_lose_moodle_s_prefixes(moodle, ours):
    assert category_from_moodle(moodle) == ours


def test_our_categories_survive_moodle_s_prefixes():
    assert category_from_moodle(category_to_moodle("Chapter 1/Limits")) == "Chapter 1/Limits"
    assert category_to_moodle("") == "$course$/top"


def test_text_formats_are_converted_and_sanitised():
    xml = b"""<quiz>
    <question type="essay"><name><text>a</text></name>
      <questiontext format="moodle_auto_format"><text>1 &lt; 2
and more</text></questiontext></question>
    <question type="essay"><name><text>b</text></name>
      <questiontext format="html"><text><![CDATA[<p onclick="x()">Hi<script>alert(1)</script></p>
      <img src="http://evil.example/x.png">]]></text></questiontext></question>
    </quiz>"""
    first, second = parse(xml).questions
    assert first.text == "1 &lt; 2<br>and more"
    assert second.text == "<p>Hi</p>\n      <img>"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="essay"><name><text>&lol3;</text></name></question></quiz>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&xxe;</text></name><questiontext><text>&xxe;</text></questiontext>
</question></quiz>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://evil.example/quiz.dtd"><quiz/>"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, XXE, EXTERNAL_DTD], ids=["billion-laughs", "xxe", "dtd"])
def test_entities_and_dtds_are_refused(content):
    with pytest.raises(FormatError) as caught:
        parse(content)
    assert "DTD or entities" in str(caught.value)
    assert "root:" not in str(caught.value)


def test_too_many_questions_are_refused():
    question = b'<question type="essay"><name><text>q</text></name></question>'
    with pytest.raises(FormatError, match="more than 3 questions"):
        parse(b"<quiz>" + question * 4 + b"</quiz>", max_questions=3)
    assert len(parse(b"<quiz>" + question * 3 + b"</quiz>", max_questions=3).questions) == 3


def test_broken_xml_says_its_line():
    with pytest.raises(FormatError) as caught:
        parse(b'<?xml version="1.0"?>\n<quiz>\n<question type="essay">\n<name><text>q</name>\n</quiz>')
    assert caught.value.line == 4
    assert str(caught.value).startswith("Line 4: This is not well-formed XML.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body>hi</body></html>", "root element is <html>"),
        (b"not xml at all <", "not well-formed"),
        (b'<quiz><question type="multichoice"><name><text>q</text></name><answer fraction="lots"><text>a</text>'
         b'</answer></question></quiz>', "is not a number"),
        (b'<quiz><question type="essay"><name><text>q</text></name><questiontext><text>x</text>'
         b'<file name="a.png" encoding="base64">@@@</file></questiontext></question></quiz>', "not valid base64"),
    ],
    ids=["wrong-root", "not-xml", "bad-fraction", "bad-base64"],
)  # fmt: skip
def test_wrong_files_are_refused_with_a_message(content, message):
    with pytest.raises(FormatError, match=message):
        parse(content)


def test_an_incomplete_question_is_skipped_with_its_reason():
    xml = (
        b'<quiz><question type="multichoice"><name><text>lonely</text></name>'
        b'<answer fraction="100"><text>only one</text></answer></question>'
        b'<question type="calculated"><name><text>calc</text></name></question></quiz>'
    )
    bank = parse(xml)
    assert bank.questions == []
    assert bank.skipped == [
        ("lonely", "a choice question needs at least two options"),
        ("calc", "calculated questions are not supported"),
    ]


def test_base64_files_with_line_breaks_are_read():
    encoded = base64.encodebytes(PNG).decode()  # wrapped at 76 characters, as some exporters write
    xml = (
        '<quiz><question type="essay"><name><text>q</text></name><questiontext format="html">'
        f'<text>x</text><file name="p.png" path="/" encoding="base64">{encoded}</file></questiontext>'
        "</question></quiz>"
    ).encode()
    assert parse(xml).questions[0].files[0].content == PNG

"""GIFT: every feature of Moodle's format read, every type written and re-read, broken files refused by line."""

from decimal import Decimal
from pathlib import Path

import pytest

from testing import formats
from testing.formats import FormatError

from .samples import gift_samples, xml_samples

DATA = Path(__file__).parent / "data"


def parse(content: bytes, max_questions: int = 100):
    return formats.parse(content, formats.GIFT, max_questions=max_questions)


def test_a_hand_written_gift_file_is_read():
    bank = parse((DATA / "sample.gift").read_bytes())
    q = {question.name: question for question in bank.questions}
    assert bank.categories == ["Geography", "Maths/Numbers"]
    assert len(bank.questions) == 12

    capital = q["Capital"]
    assert (capital.type, capital.category, capital.text) == (
        "single",
        "Geography",
        "What is the capital of Kazakhstan?",
    )
    assert capital.data["options"] == [
        {"id": "a", "text": "Astana", "fraction": 1.0, "feedback": "Right!"},
        {"id": "b", "text": "Almaty", "fraction": 0.0, "feedback": "It was, until 1997."},
        {"id": "c", "text": "Shymkent", "fraction": 0.0, "feedback": ""},
    ]
    rivers = q["Rivers"]
    assert rivers.type == "multiple" and rivers.text == "<p>Which of these are rivers of Kazakhstan?</p>"
    assert [(o["text"], o["fraction"]) for o in rivers.data["options"]] == [
        ("Ile", 0.5),
        ("Ertis", 0.5),
        ("Volga", -1.0),
    ]
    assert rivers.general_feedback == "<p>Ile and Ertis.</p>"

    flat = q["Flat earth"]
    assert flat.type == "truefalse"
    assert flat.data["options"] == [  # the first feedback is for a wrong answer, the second for the right one
        {"id": "true", "text": "True", "fraction": 0.0, "feedback": "Look at a photograph from space."},
        {"id": "false", "text": "False", "fraction": 1.0, "feedback": "Correct."},
    ]
    assert q["Sky"].data["options"][0]["fraction"] == 1.0

    untitled = bank.questions[4]
    assert untitled.name == 'Who wrote "Abai zholy"?' and untitled.type == "short"
    assert untitled.data == {
        "answers": [{"text": "Mukhtar Auezov", "fraction": 1.0, "feedback": ""},
                    {"text": "Auezov", "fraction": 0.5, "feedback": ""}],
        "case_sensitive": False,
    }  # fmt: skip

    pi = q["Pi"]
    assert pi.category == "Maths/Numbers" and pi.text == "<p><strong>Pi</strong> to two decimals?</p>"
    assert pi.data == {"answers": [{"value": 3.14, "tolerance": 0.005, "fraction": 1.0, "feedback": ""}], "units": []}
    assert q["Range"].data["answers"] == [{"value": 3.0, "tolerance": 2.0, "fraction": 1.0, "feedback": ""}]
    assert q["Several"].data["answers"] == [
        {"value": 1.414, "tolerance": 0.001, "fraction": 1.0, "feedback": "Exactly."},
        {"value": 1.4, "tolerance": 0.05, "fraction": 0.5, "feedback": "Close."},
    ]
    assert q["Match"].data["pairs"] == [
        {"id": "1", "prompt": "Kazakhstan", "answer": "Astana"},
        {"id": "2", "prompt": "Kyrgyzstan", "answer": "Bishkek"},
        {"id": "3", "prompt": "Uzbekistan", "answer": "Tashkent"},
        {"id": "4", "prompt": "", "answer": "Dushanbe"},
    ]
    essay = q["Essay"]
    assert essay.type == "essay" and essay.text == "Describe a river: its source and mouth."
    escapes = q["Escapes"]
    assert escapes.text == 'Which sign is "approximately" ~ or = or #? 1 {2} 3'
    assert [(o["text"], o["fraction"]) for o in escapes.data["options"]] == [("~", 1.0), ("=", 0.0), ("#", 0.0)]
    missing = bank.questions[-1]
    assert missing.text == "The _____ barks." and missing.type == "single"
    assert all(question.points == Decimal("1.00") for question in bank.questions)


def test_every_type_but_ordering_survives_a_round_trip():
    samples = gift_samples()
    bank = parse(formats.write(samples, formats.GIFT))
    assert [q.fields() for q in bank.questions] == [q.fields() for q in samples]


def test_ordering_is_left_out_of_gift_with_a_note():
    gift = formats.write(xml_samples(), formats.GIFT).decode()
    assert "// Ordering question “Ordering” left out: GIFT has no ordering questions." in gift
    assert [q.type for q in parse(gift.encode()).questions].count("ordering") == 0


def test_the_writer_escapes_gift_s_special_characters():
    gift = formats.write(gift_samples()[:1], formats.GIFT).decode()
    assert "\\{braces\\} \\~ \\# \\= \\:" in gift
    assert "$CATEGORY: $course$/top/Chapter 1/Limits" in gift


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"// header\n\n::Q1:: Fine {T}\n\n\n::Q2:: No braces here\n", 6, "no answers in braces"),
        (b"::Q1:: fine {T}\n\n::Q2 unclosed title {T}\n", 3, "title opened with"),
        (b"::Q1:: pi {#three:0.1}\n", 1, "is not a number"),
        (b"::Q1:: x {only text}\n", 1, "must start with"),
        (b"\n\n::Q1:: match {=a -> b}\n", 3, "at least two pairs"),
    ],
    ids=["no-braces", "title", "number", "no-marks", "one-pair"],
)
def test_broken_gift_says_its_line(content, line, message):
    with pytest.raises(FormatError, match=message) as caught:
        parse(content)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"Line {line}: ")


def test_not_utf8_is_refused():
    with pytest.raises(FormatError, match="not UTF-8"):
        parse("::Q:: Сұрақ {T}".encode("utf-16"))


def test_too_many_gift_questions_are_refused():
    with pytest.raises(FormatError, match="more than 2 questions"):
        parse(b"::a:: x {T}\n\n::b:: y {T}\n\n::c:: z {T}\n", max_questions=2)


def test_the_format_is_detected_from_the_content():
    assert formats.detect(b"\xef\xbb\xbf  <?xml version='1.0'?><quiz/>") == formats.MOODLE_XML
    assert formats.detect(b"// comment\n::a:: x {T}") == formats.GIFT

"""The question editor's form of each type: the `data` it produces, and each refusal."""

import pytest

from testing.forms.questions import (
    EssayForm,
    MatchingForm,
    MultipleChoiceForm,
    NumericForm,
    OrderingForm,
    ShortAnswerForm,
    SingleChoiceForm,
    TrueFalseForm,
    parse_number,
)
from testing.models import Question, QuestionBank, QuestionType

from .authoring_helpers import rows

BASE = {"name": "Q", "category": "Ch 1", "text": "<p>Text \\( x^2 \\)</p>", "points": "2", "shuffle": "on"}


def errors(form) -> str:
    return " ".join(form.non_field_errors()) + str(form.errors) + str(form.rows.errors if form.rows else "")


def test_single_choice_gives_its_options_with_fractions():
    form = SingleChoiceForm(
        BASE | rows([{"text": "Yes", "fraction": "100", "feedback": "Right"}, {"text": "No", "fraction": "0"}, {}], 3)
    )
    assert form.is_valid(), errors(form)
    payload = form.payload()
    assert payload["qtype"] == QuestionType.SINGLE and payload["shuffle"] is True
    assert payload["data"] == {
        "options": [
            {"id": "a", "text": "Yes", "fraction": 1.0, "feedback": "Right"},
            {"id": "b", "text": "No", "fraction": 0.0, "feedback": ""},
        ]
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([{"text": "Yes", "fraction": "100"}, {"text": "No", "fraction": "100"}], "Exactly one option"),
        ([{"text": "Yes", "fraction": "50"}, {"text": "No", "fraction": "0"}], "Exactly one option"),
        ([{"text": "Yes", "fraction": "100"}], "at least two options"),
    ],
)
def test_single_choice_refuses(options, message):
    form = SingleChoiceForm(BASE | rows(options))
    assert not form.is_valid()
    assert message in " ".join(form.non_field_errors())


def test_a_refused_form_keeps_what_was_typed():
    form = SingleChoiceForm(BASE | rows([{"text": "Typed option", "fraction": "50"}, {"text": "No", "fraction": "0"}]))
    assert not form.is_valid()
    assert form.rows.forms[0]["text"].value() == "Typed option" and form["name"].value() == "Q"


def test_multiple_choice_positive_grades_add_up_to_100():
    good = MultipleChoiceForm(
        BASE
        | rows(
            [
                {"text": "A", "fraction": "33.33333"},
                {"text": "B", "fraction": "33.33333"},
                {"text": "C", "fraction": "33.33333"},
                {"text": "D", "fraction": "-100"},
            ]
        )
    )
    assert good.is_valid(), errors(good)
    assert [o["fraction"] for o in good.payload()["data"]["options"]] == [0.3333333, 0.3333333, 0.3333333, -1.0]
    bad = MultipleChoiceForm(BASE | rows([{"text": "A", "fraction": "50"}, {"text": "B", "fraction": "0"}]))
    assert not bad.is_valid()
    assert "add up to 100%" in " ".join(bad.non_field_errors())


def test_true_false():
    form = TrueFalseForm(BASE | {"correct": "false", "feedback_true": "No"})
    assert form.is_valid(), errors(form)
    options = form.payload()["data"]["options"]
    assert [(o["id"], o["fraction"]) for o in options] == [("true", 0.0), ("false", 1.0)]
    assert options[0]["feedback"] == "No"
    assert not TrueFalseForm(BASE).is_valid()


def test_short_answer():
    form = ShortAnswerForm(BASE | {"case_sensitive": "on"} | rows([{"text": " Astana ", "fraction": "100"}, {}], 2))
    assert form.is_valid(), errors(form)
    assert form.payload()["data"] == {"answers": [{"text": "Astana", "fraction": 1.0}], "case_sensitive": True}
    half = ShortAnswerForm(BASE | rows([{"text": "Astana", "fraction": "50"}]))
    assert not half.is_valid() and "graded 100%" in " ".join(half.non_field_errors())


def test_numeric_reads_a_decimal_comma():
    form = NumericForm(BASE | rows([{"value": "3,14", "tolerance": "0,01", "fraction": "100"}, {"value": ""}]))
    assert form.is_valid(), errors(form)
    assert form.payload()["data"] == {"answers": [{"value": 3.14, "tolerance": 0.01, "fraction": 1.0}], "units": []}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"value": "pi", "tolerance": "0", "fraction": "100"}, "not a number"),
        ({"value": "3", "tolerance": "-1", "fraction": "100"}, "cannot be negative"),
        ({"value": "3", "tolerance": "0", "fraction": "50"}, "graded 100%"),
    ],
)
def test_numeric_refuses(row, message):
    form = NumericForm(BASE | rows([row]))
    assert not form.is_valid()
    assert message in errors(form)


def test_matching_with_a_distractor():
    form = MatchingForm(
        BASE | rows([{"prompt": "2+2", "answer": "4"}, {"prompt": "3+3", "answer": "6"}, {"prompt": "", "answer": "5"}])
    )
    assert form.is_valid(), errors(form)
    assert form.payload()["data"]["pairs"] == [
        {"id": "1", "prompt": "2+2", "answer": "4"},
        {"id": "2", "prompt": "3+3", "answer": "6"},
        {"id": "3", "prompt": "", "answer": "5"},
    ]
    one = MatchingForm(BASE | rows([{"prompt": "2+2", "answer": "4"}, {"prompt": "", "answer": "5"}]))
    assert not one.is_valid() and "at least two questions" in " ".join(one.non_field_errors())
    missing = MatchingForm(BASE | rows([{"prompt": "2+2", "answer": ""}, {"prompt": "1+1", "answer": "2"}]))
    assert not missing.is_valid() and "matching answer" in errors(missing)


def test_ordering():
    form = OrderingForm(BASE | rows([{"text": "First"}, {"text": "Second"}, {"text": ""}]))
    assert form.is_valid(), errors(form)
    assert form.payload()["data"] == {"items": [{"id": "1", "text": "First"}, {"id": "2", "text": "Second"}]}
    assert not OrderingForm(BASE | rows([{"text": "Only"}])).is_valid()


def test_essay():
    form = EssayForm(BASE | {"response_format": "plain", "min_words": "10", "max_words": "200", "grader_info": "x"})
    assert form.is_valid(), errors(form)
    assert form.payload()["data"] == {"response_format": "plain", "min_words": 10, "max_words": 200, "grader_info": "x"}
    bad = EssayForm(BASE | {"response_format": "plain", "min_words": "300", "max_words": "200"})
    assert not bad.is_valid() and "above the maximum" in " ".join(bad.non_field_errors())


def test_parse_number():
    assert str(parse_number("1 234,5")) == "1234.5"
    assert str(parse_number("-2e-3")) == "-0.002"


@pytest.mark.django_db
def test_an_edited_question_keeps_its_option_ids(teacher):
    from curriculum.tests.factories import DisciplineFactory

    bank = QuestionBank.objects.create(discipline=DisciplineFactory(), owner=teacher, title="B")
    question = Question.objects.create(
        bank=bank,
        type="single",
        name="Q",
        text="t",
        data={"options": [{"id": "x", "text": "Yes", "fraction": 1.0}, {"id": "y", "text": "No", "fraction": 0}]},
    )
    unbound = SingleChoiceForm(question=question)
    assert unbound.rows.forms[0]["id"].value() == "x" and unbound.rows.forms[0]["fraction"].value() == "100"
    data = BASE | rows([{"id": "x", "text": "Yes", "fraction": "100"}, {"id": "y", "text": "No"}, {"text": "Maybe"}])
    form = SingleChoiceForm(data, question=question)
    assert form.is_valid(), errors(form)
    assert [o["id"] for o in form.payload()["data"]["options"]] == ["x", "y", "a"]


@pytest.mark.django_db
def test_settings_form_works_for_a_course_test_without_streams():
    from testing.forms.quizzes import QuizSettingsForm
    from testing.models import Quiz

    quiz = Quiz(audience=Quiz.Audience.COURSE, title="Course test")
    data = {
        "title": "Course test",
        "kind": "quiz",
        "opens_at": "2026-01-10T10:00",
        "closes_at": "2026-01-10T09:00",
        "duration_minutes": "30",
        "attempts_allowed": "3",
        "grading": "last",
        "navigation": "sequential",
        "pass_percent": "60",
        "show_results": "never",
        "admission_min": "40",
    }
    form = QuizSettingsForm(data, instance=quiz)
    assert "streams" not in form.fields and "timetable_exam" not in form.fields
    assert not form.is_valid() and "close after it opens" in str(form.errors["closes_at"])
    form = QuizSettingsForm(data | {"closes_at": "2026-01-10T12:00"}, instance=quiz)
    assert form.is_valid(), form.errors
    settings = form.settings()
    assert settings["admission_min"] is None  # no admission asked: no threshold kept
    assert settings["navigation"] == "sequential" and settings["closes_at"] > settings["opens_at"]
    nothing = QuizSettingsForm(data | {"closes_at": "2026-01-10T12:00", "show_results": "attempt"}, instance=quiz)
    assert not nothing.is_valid() and "Show the percent" in str(nothing.errors)

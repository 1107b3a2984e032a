import pytest
from django.urls import NoReverseMatch, resolve, reverse
from django.urls.exceptions import Resolver404

from core.ids import MAX_ID, IdConverter, parse_id, parse_ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (42, 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999999", None),
        ("0", None),
        ("-3", None),
        ("12x", None),
        ("١٢", None),  # Arabic-Indic digits: str.isdigit() says yes, a key says no
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_keeps_the_valid_ones_once_in_order():
    assert parse_ids(["3", "1", "x", "3", "99999999999999999999999", "2"]) == [3, 1, 2]


def test_the_id_converter_refuses_a_number_past_64_bits():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))
    assert converter.to_url(5) == "5"


def test_id_paths_resolve_and_reverse_like_int_paths():
    assert resolve("/study/iup/12/").kwargs == {"pk": 12}
    assert reverse("study_plan:iup_review", args=[12]) == "/study/iup/12/"
    with pytest.raises(Resolver404):
        resolve(f"/study/iup/{MAX_ID + 1}/")
    with pytest.raises(NoReverseMatch):
        reverse("study_plan:iup_review", args=["twelve"])

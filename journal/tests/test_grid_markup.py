"""The grid's markup written by journal.templatetags.journal_grid: escaped, localized, what journal.js reads."""

from decimal import Decimal as D

from django.utils import translation

from journal.selectors.grid import GridCell
from journal.services.ratings import Result
from journal.templatetags.journal_grid import cell_html, results_html


def test_a_cell_escapes_its_text_and_keeps_what_was_typed_after_a_refusal():
    cell = GridCell(7, 9, '85 "<b>', 3, True)
    html = cell_html(cell)
    assert 'value="85 &quot;&lt;b&gt;"' in html and 'data-version="3"' in html and 'id="c-7-9"' in html
    refused = cell_html(cell, error=True, shown="150")
    assert 'value="150"' in refused and 'aria-invalid="true"' in refused and "table-danger" in refused
    read_only = cell_html(GridCell(7, 9, "<i>", 1, False), oob=True)
    assert "<input" not in read_only and "&lt;i&gt;" in read_only and 'hx-swap-oob="true"' in read_only


def test_the_computed_columns_follow_the_active_language():
    result = Result(r1=D("40.00"), r2=D("85.5"), rd=D("62.75"), admitted=True, absence_hours=4, unexcused_hours=2)
    with translation.override("ru"):
        ru = results_html(result, 5)
    with translation.override("en"):
        en = results_html(result, 5)
    assert '<td id="r-5-rd" data-testid="rd">62,75</td>' in ru and ">85,5<" in ru
    assert '<td id="r-5-rd" data-testid="rd">62.75</td>' in en and ">40.00<" in en
    assert '<td id="r-5-abs">2/4</td>' in en and '<td id="r-5-final">—</td>' in en
    low = Result(r1=D(30), r2=D(40), rd=D(35), admitted=False)
    with translation.override("en"):
        assert "35 <span" in results_html(low, 5, oob=True) and "not admitted" in results_html(low, 5)

"""The cells of the teacher's grid and each row's computed columns, written by one function each for the page, a
saved cell and the polled changes.

A grid of 150 students and 45 columns has 6,750 cells: rendered through the template language they cost ~8
variable lookups each and most of the page's time, so each row's cells are written here in one call, from the
plain values the selector gives (docs/modules.md#journal, "The grid's speed"). The markup is what
static/js/journal.js reads: the cell's id and version, the input's column, student and version.
"""

from functools import lru_cache

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from ..selectors.grid import GridCell

register = template.Library()


@lru_cache(maxsize=2048)
def _escaped(text: str) -> str:
    """A cell's text escaped once per distinct value (the same few hundred values fill a whole grid)."""
    return conditional_escape(text)


def cell_html(gc: GridCell, *, error: bool = False, shown: str | None = None, oob: bool = False) -> str:
    """One cell: an input where the viewer may type, else text. After a refused save (`error`), the input keeps
    what the teacher typed (`shown`) when there is one, so nothing typed is lost."""
    c, s, v = gc.column_id, gc.student_id, gc.version
    swap = ' hx-swap-oob="true"' if oob else ""
    td_class = "jcell table-danger" if error else "jcell"
    if not gc.editable:
        return f'<td id="c-{c}-{s}" class="{td_class}" data-version="{v}"{swap}><span class="jvalue">{_escaped(gc.text)}</span></td>'  # noqa: E501
    value = conditional_escape(shown) if error and shown is not None else _escaped(gc.text)
    invalid = (" is-invalid", ' aria-invalid="true" aria-describedby="grid-status"') if error else ("", "")
    return (
        f'<td id="c-{c}-{s}" class="{td_class}" data-version="{v}"{swap}>'
        f'<input class="form-control form-control-sm jinput{invalid[0]}" value="{value}" data-column="{c}" '
        f'data-student="{s}" data-version="{v}" aria-labelledby="s-{s} h-{c}" autocomplete="off" inputmode="text" '
        f'size="4"{invalid[1]}></td>'
    )


@register.simple_tag
def grid_cells(cells) -> SafeString:
    """A row's cells."""
    return mark_safe("".join([cell_html(gc) for gc in cells]))  # noqa: S308 (every value escaped in cell_html)


@register.simple_tag
def grid_cell(gc: GridCell, error="", shown=None, oob=False) -> SafeString:
    """One cell, for a save's answer and the polled changes."""
    return mark_safe(cell_html(gc, error=bool(error), shown=shown, oob=bool(oob)))  # noqa: S308 (escaped above)


@lru_cache(maxsize=4096)
def _localized(language: str, kind: type, text: str) -> str:
    """A number as the active language writes it, once per distinct value (keyed by its text: 62.5 and 62.50 are
    equal numbers written differently)."""
    return conditional_escape(localize(kind(text)))


def results_html(r, sid: int, *, oob: bool = False) -> str:
    """A row's computed columns (R1, R2, RD with "not admitted", final, letter and points, absences), numbers in
    the active language's format, as the template would write them."""
    swap = ' hx-swap-oob="true"' if oob else ""
    language = get_language()

    def num(value) -> str:
        return "—" if value is None else _localized(language, type(value), str(value))

    rd = "—"
    if r.rd is not None:
        rd = num(r.rd)
        if not r.admitted:
            rd += f' <span class="text-danger-emphasis small">{conditional_escape(gettext("not admitted"))}</span>'
    letter = conditional_escape(r.letter) or "—"
    if r.points is not None:
        letter += f" ({num(r.points)})"
    return (
        f'<td id="r-{sid}-r1"{swap}>{num(r.r1)}</td>'
        f'<td id="r-{sid}-r2"{swap}>{num(r.r2)}</td>'
        f'<td id="r-{sid}-rd"{swap} data-testid="rd">{rd}</td>'
        f'<td id="r-{sid}-final"{swap}>{num(r.final)}</td>'
        f'<td id="r-{sid}-letter"{swap}>{letter}</td>'
        f'<td id="r-{sid}-abs"{swap}>{num(r.unexcused_hours)}/{num(r.absence_hours)}</td>'
    )


@register.simple_tag
def grid_results(result, student_id, oob=False) -> SafeString:
    """A row's computed columns: on the page, in a save's answer, in the polled changes."""
    return mark_safe(results_html(result, student_id, oob=bool(oob)))  # noqa: S308 (every value escaped above)

"""The cells of the teacher's grid, written by one function for the page, a saved cell and the polled changes.

A grid of 150 students and 45 columns has 6,750 cells: rendered through the template language they cost ~8
variable lookups each and most of the page's time, so each row's cells are written here in one call, from the
plain values the selector gives (docs/modules.md#journal, "The grid's speed"). The markup is what
static/js/journal.js reads: the cell's id and version, the input's column, student and version.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from ..selectors.grid import GridCell

register = template.Library()


def cell_html(gc: GridCell, *, error: bool = False, shown: str | None = None, oob: bool = False) -> str:
    """One cell: an input where the viewer may type, else text. After a refused save (`error`), the input keeps
    what the teacher typed (`shown`) when there is one, so nothing typed is lost."""
    c, s, v = gc.column_id, gc.student_id, gc.version
    swap = ' hx-swap-oob="true"' if oob else ""
    td_class = "jcell table-danger" if error else "jcell"
    if not gc.editable:
        return f'<td id="c-{c}-{s}" class="{td_class}" data-version="{v}"{swap}><span class="jvalue">{conditional_escape(gc.text)}</span></td>'  # noqa: E501
    value = conditional_escape(shown if error and shown is not None else gc.text)
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

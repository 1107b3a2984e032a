"""Where the text of a PDF lies and which table borders it must keep between, read back with pypdf.

WeasyPrint writes each line of a table cell as one text-showing operator, and each cell border as its own
stroked segment. `overflows()` follows the page's content stream through pypdf's extraction visitors: for every
text run, its start (text matrix × CTM) and its advance (the embedded font's glyph widths and the TJ kerning),
and for every vertical border, its x and the rows it spans. A run that crosses a border it stands between has
run into the next column; a run past the page margins has run off the page.
"""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

MM = 72 / 25.4
TOLERANCE = 0.5  # points: a glyph's side bearing may touch the border it ends at
SHORTEST_RULE = 6  # points: a table row is taller; the dashes of a dashed border (the seal's circle) are shorter


@dataclass(frozen=True)
class Run:
    page: int
    text: str
    x0: float
    x1: float
    y: float
    horizontal: bool = True

    def __str__(self):
        return f"page {self.page + 1}: {self.text!r} at x {self.x0:.1f}–{self.x1:.1f}, y {self.y:.1f}"


@dataclass(frozen=True)
class Rule:
    """A vertical border segment: a column's edge over the rows it spans."""

    page: int
    x: float
    y0: float
    y1: float


def _apply(matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _multiply(m, n) -> list[float]:
    """m × n for PDF matrices [a b c d e f] (m applied first)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n  # noqa: N806
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


class _Font:
    """Widths (per CID, in 1/1000 em) and the ToUnicode map of one embedded Type0 font."""

    def __init__(self, font):
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        self.default_width = float(descendant.get("/DW", 1000))
        self.widths: dict[int, float] = {}
        items = list(descendant.get("/W", []))
        i = 0
        while i < len(items):
            first = int(items[i])
            if isinstance(items[i + 1], list):
                for offset, width in enumerate(items[i + 1]):
                    self.widths[first + offset] = float(width)
                i += 2
            else:
                for cid in range(first, int(items[i + 1]) + 1):
                    self.widths[cid] = float(items[i + 2])
                i += 3
        self.unicode: dict[int, str] = {}
        if "/ToUnicode" in font:
            self._read_cmap(font["/ToUnicode"].get_object().get_data().decode("latin-1"))

    def _read_cmap(self, cmap: str) -> None:
        def text(hexa: str) -> str:
            return bytes.fromhex(hexa).decode("utf-16-be", errors="replace")

        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.unicode[int(source, 16)] = text(target)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            for first, last, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                start = int(target, 16)
                for offset, cid in enumerate(range(int(first, 16), int(last, 16) + 1)):
                    self.unicode[cid] = chr(start + offset)

    def advance(self, items, size: float) -> tuple[float, str]:
        """The advance in text space of a TJ array (or a Tj string) and the text it shows."""
        width, shown = 0.0, []
        for item in items:
            if isinstance(item, int | float):  # pypdf's NumberObject and FloatObject: kerning, letter-spacing
                width -= float(item) / 1000 * size
                continue
            raw = getattr(item, "original_bytes", item)  # Identity-H: two bytes per glyph id
            for i in range(0, len(raw) - 1, 2):
                cid = raw[i] << 8 | raw[i + 1]
                width += self.widths.get(cid, self.default_width) / 1000 * size
                shown.append(self.unicode.get(cid, "?"))
        return width, "".join(shown)


def read_layout(content: bytes) -> tuple[list[Run], list[Rule], list[tuple[float, float]]]:
    """The text runs and vertical borders of every page, and each page's size."""
    reader = PdfReader(io.BytesIO(content))
    runs: list[Run] = []
    rules: list[Rule] = []
    sizes: list[tuple[float, float]] = []
    for number, page in enumerate(reader.pages):
        fonts = {name: _Font(font) for name, font in page["/Resources"].get("/Font", {}).items()}
        state: dict = {"font": None, "size": 0.0, "point": None, "path": []}

        def before(operator, operands, cm, tm, number=number, fonts=fonts, state=state):
            if operator == b"Tf":
                state["font"], state["size"] = fonts.get(operands[0]), float(operands[1])
            elif operator in (b"m", b"l"):
                point = _apply(cm, float(operands[0]), float(operands[1]))
                start = state["point"]
                if operator == b"l" and start is not None and abs(point[0] - start[0]) < 0.01:
                    low, high = sorted((start[1], point[1]))
                    if high - low >= SHORTEST_RULE:
                        state["path"].append(Rule(number, point[0], low, high))
                state["point"] = point
            elif operator in (b"S", b"s"):  # a stroked path: borders (clipping paths and fills are not lines)
                rules.extend(state["path"])
                state["path"] = []
            elif operator in (b"n", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                state["path"] = []
            elif operator in (b"TJ", b"Tj") and state["font"] is not None:
                items = operands[0] if operator == b"TJ" else [operands[0]]
                advance, text = state["font"].advance(items, state["size"])
                matrix = _multiply(tm, cm)
                x0, y0 = _apply(matrix, 0, 0)
                x1, y1 = _apply(matrix, advance, 0)
                if text.strip():
                    runs.append(Run(number, text, min(x0, x1), max(x0, x1), y0, horizontal=abs(y1 - y0) < 0.01))

        page.extract_text(visitor_operand_before=before)
        sizes.append((float(page.mediabox.width), float(page.mediabox.height)))
    return runs, rules, sizes


def overflows(content: bytes, *, margin_mm: float = 14) -> list[str]:
    """Every text run that crosses a column border or leaves the page's side margins, as readable lines."""
    runs, rules, sizes = read_layout(content)
    found = []
    for run in runs:
        width = sizes[run.page][0]
        if not run.horizontal:  # the watermark, across the page on purpose: only the page's edges
            if run.x0 < -TOLERANCE or run.x1 > width + TOLERANCE:
                found.append(f"{run} leaves the page")
            continue
        if run.x0 < margin_mm * MM - TOLERANCE or run.x1 > width - margin_mm * MM + TOLERANCE:
            found.append(f"{run} leaves the margins")
        for rule in rules:
            if (
                rule.page == run.page
                and rule.y0 <= run.y <= rule.y1
                and run.x0 + TOLERANCE < rule.x < run.x1 - TOLERANCE
            ):
                found.append(f"{run} crosses the column border at x {rule.x:.1f}")
                break
    return found

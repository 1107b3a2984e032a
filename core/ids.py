"""Database ids in URLs and forms: digits that fit the 64-bit primary keys (BigAutoField), nothing else.

Django's `int` path converter passes any run of digits on, and the database driver refuses a number past 64 bits
with OverflowError: a 500 for `/schedule/selection/streams/99999999999999999999999/choose/`. Paths use `<id:pk>`
(registered in core.apps), lists of ids from a form or a query go through `parse_ids`, and a number too large
for a key is simply no key: the answer is 404 or "not found".
"""

from collections.abc import Iterable

MAX_ID = 2**63 - 1  # the largest bigint of PostgreSQL and SQLite's INTEGER


def parse_id(value) -> int | None:
    """The id a string (or int) names, or None for anything that cannot be a primary key."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text.isascii() or not text.isdigit():
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: Iterable) -> list[int]:
    """The ids among `values` (e.g. `request.POST.getlist("plans")`), each once, in the order given."""
    ids: dict[int, None] = {}
    for value in values:
        number = parse_id(value)
        if number is not None:
            ids[number] = None
    return list(ids)


class IdConverter:
    """`<id:pk>`: like `<int:pk>`, but a number past 64 bits matches no URL (404) instead of reaching the database."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # Django takes it as "this pattern does not match"
        return number

    def to_url(self, value) -> str:
        return str(int(value))

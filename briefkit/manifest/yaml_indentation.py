"""Indentation mistakes, told from the lines of a YAML file where the parser stopped: a line indented further than
the key above it, whose value is on its own line already, and a line that starts between two levels of the lines
above it. Each is said with the columns, as an editor sees them (from 1), and the column to move the line to."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line's structure: its indentation, any '- ' list dashes, then a key and ':' (plain or quoted) and the rest.
_LINE = re.compile(
    r"^(?P<indent>[ ]*)(?P<dashes>(?:-[ ]+)*)"
    r"(?:(?P<key>[^\s#'\"\-][^:#]*?|'[^']*'|\"[^\"]*\")[ ]*:(?:[ ]+|$))?(?P<rest>.*)$"
)


@dataclass(frozen=True)
class _Line:
    """One line that holds YAML (not blank, not only a comment), its columns counted from 1."""

    number: int  # from 1
    first: int  # the column of its first character: a '-' or its key
    dashes: tuple[int, ...]  # the columns of its list dashes
    key: str | None
    key_column: int  # where its key starts (0 when it has none)
    rest: str  # what follows the key's ':' (or the whole line, without a key)

    @property
    def has_value(self) -> bool:
        """Whether a value follows its key on the line itself (so nothing indented under it can be a key)."""
        return self.key is not None and self.rest.strip() != "" and not self.rest.lstrip().startswith(("#", "|", ">"))


def _read(number: int, text: str) -> _Line | None:
    if not text.strip() or text.lstrip().startswith("#"):
        return None
    found = _LINE.match(text)
    if found is None:  # pragma: no cover - every line matches: each part is optional
        return None
    first = len(found.group("indent")) + 1
    dashes = tuple(first + m.start() for m in re.finditer(r"-", found.group("dashes")))
    key = found.group("key")
    key_column = first + len(found.group("dashes")) if key is not None else 0
    return _Line(number, first, dashes, key.strip() if key else None, key_column, found.group("rest"))


def _above(lines: list[str], line: int) -> list[_Line]:
    """The YAML lines before line ``line`` (counted from 0), nearest first."""
    found = (_read(number + 1, lines[number]) for number in range(line - 1, -1, -1))
    return [read for read in found if read is not None]


def _name(line: _Line) -> str:
    return f"{line.key}:" if line.key is not None else "the line"


def too_far(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """When line ``line`` (from 0) is a key indented further than the key on the line above it, which holds its
    value on its own line already: (line, column, message), both from 1."""
    here = _read(line + 1, lines[line]) if line < len(lines) else None
    if here is None or here.key is None:
        return None
    owner = next((above for above in _above(lines, line) if above.key is not None), None)
    if owner is None or not owner.has_value or here.key_column <= owner.key_column:
        return None
    if here.dashes:  # a list entry: its '-' goes where the entries above it start
        target = owner.dashes[-1] if owner.dashes else owner.key_column
        what, column = "this list entry ('-')", here.dashes[0]
        beside = f"the '-' on line {owner.number}" if owner.dashes else _name(owner)
    else:
        target, what, column, beside = owner.key_column, _name(here), here.key_column, _name(owner)
    return (
        here.number,
        column,
        f"{what} is indented more than {_name(owner)} on line {owner.number} (column {column}; {_name(owner)} "
        f"starts at column {owner.key_column}); move it left to column {target}, to line it up with {beside}",
    )


def between_levels(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """When line ``line`` (from 0) starts between the columns of two levels of the lines above it (further in than
    one, not as far as the other): (line, column, message), both from 1."""
    here = _read(line + 1, lines[line]) if line < len(lines) else None
    if here is None:
        return None
    column = here.first
    deeper: tuple[_Line, int] | None = None  # the line above whose key starts nearest further in, and that column
    for above in _above(lines, line):
        starts = (*above.dashes, above.key_column) if above.key is not None else (above.first,)
        if column in starts:
            return None  # lined up with a line above: not this mistake
        further = [start for start in starts if start > column]
        if further and (deeper is None or min(further) < deeper[1]):
            deeper = (above, above.key_column if above.key is not None and above.key_column > column else min(further))
        if above.first > column:
            continue
        if deeper is None:
            return None
        inner, at = deeper
        if deeper[0] is above:  # between a '-' and the key after it
            return (
                here.number,
                column,
                f"{_name(here)} starts at column {column}, between the '-' on line {above.number} (column "
                f"{above.first}) and {_name(above)} after it (column {at}); move it to column {at}, to line it up with "
                f"{_name(above)}",
            )
        if above.key is not None and above.key_column < column and not above.has_value:
            fix = (
                f"move it to column {at} to put it inside {_name(above)} with {_name(inner)}, or to column "
                f"{above.key_column} to line it up with {_name(above)}"
            )
        else:
            fix = f"move it to column {at}, to line it up with {_name(inner)}"
        return (
            here.number,
            column,
            f"{_name(here)} starts at column {column}, between {_name(inner)} on line {inner.number} (column {at}) "
            f"and {_name(above)} on line {above.number} (column {above.key_column or above.first}); {fix}",
        )
    return None

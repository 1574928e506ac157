"""What one rule found in one output: the problems (plain words, one line each) or, when there is none, what it
checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MOST_LINES = 12  # a rule lists at most this many problems, then how many more there are


@dataclass(frozen=True)
class Verdict:
    problems: tuple[str, ...]
    checked: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def found(self) -> tuple[str, ...]:
        return self.problems or self.checked


def verdict(problems: Sequence[str], *checked: str) -> Verdict:
    """The first problems (and how many more), or what was checked."""
    shown = list(problems[:MOST_LINES])
    if len(problems) > MOST_LINES:
        shown.append(f"and {len(problems) - MOST_LINES} more like these")
    return Verdict(tuple(shown), checked)


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 heading", "6 headings"."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def quoted(text: str, most: int = 60) -> str:
    """A reader's words in a line of the report: quoted, cut when long."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= most else text[: most - 1] + '…'}”"

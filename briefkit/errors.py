"""The one exception hierarchy: every error briefkit reports carries where it happened."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Self

# What a message must not carry to a terminal or a CI log as it is: the C0 controls but tab (a line break, a bare CR,
# ESC that starts colour codes and OSC-8 links), DEL and the C1 controls, the line and paragraph separators (which
# str.splitlines breaks at), and the bidi embeddings, overrides and isolates that reorder what is shown.
_CONTROLS = (
    *range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
)  # fmt: skip
# Each shown as Python's repr names it (\n, \r, \x1b, \x85, \u202e), so that a message is always one line.
_SHOWN = {code: repr(chr(code))[1:-1] for code in _CONTROLS}


def visible(text: str) -> str:
    """``text`` with its control characters written out as escapes (\n, \x1b, \u202e): the one way a message that
    may hold an editor's, a document's or a feed's words is shown on a terminal or in a CI log."""
    return text.translate(_SHOWN)


@dataclass(frozen=True)
class Location:
    """A place in an input file; line and column count from 1, 0 means unknown."""

    path: Path
    line: int = 0
    column: int = 0

    def display(self, root: Path | None = None) -> str:
        name = str(self.path)
        if root is not None:
            with contextlib.suppress(ValueError):
                name = str(self.path.resolve().relative_to(root.resolve()))
        if self.line:
            return f"{name}:{self.line}:{self.column}"
        return name


@dataclass(frozen=True)
class Problem:
    """One located complaint: where, which field, what is wrong and how to fix it."""

    location: Location
    field: str
    message: str

    @property
    def said(self) -> str:
        """Its field and words, without the place: 'date: is missing'."""
        return f"{self.field}: {self.message}" if self.field else self.message

    def display(self, root: Path | None = None) -> str:
        """Its place, field and words as one line, control characters shown as escapes (``visible``)."""
        return visible(f"{self.location.display(root)}: {self.said}")


ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One located thing the editor should hear about that does not stop the work: a render's warning, or what
    `briefkit check` finds. ``check`` names the check it is filed under (docs/check.md lists them), so that what
    it is does not depend on how its message is worded; ``message`` is the plain words, without the place."""

    where: Location
    check: str
    message: str
    level: str = WARNING  # error or warning

    def display(self, root: Path | None = None) -> str:
        """Its place and its words, as one line (control characters shown as escapes: ``visible``; the command line
        adds the level: see cli.py)."""
        return visible(f"{self.where.display(root)}: {self.message}")

    @classmethod
    def noted(cls, problem: Problem, check: str) -> Finding:
        """A located problem (its field written before its message) as a warning filed under ``check``."""
        return cls(problem.location, check, problem.said)

    @classmethod
    def about(cls, file: Path | str, check: str, message: str) -> Finding:
        """A warning about a whole file (an output such as feed.xml, or a folder such as web/), with no line."""
        return cls(Location(Path(file)), check, message)

    def as_record(self) -> dict[str, str | int]:
        """As plain JSON values (for a file that keeps warnings between runs); ``from_record`` reads it back."""
        where = self.where
        return {"file": str(where.path), "line": where.line, "column": where.column, "check": self.check,
                "message": self.message, "level": self.level}  # fmt: skip

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Finding:
        """Raises KeyError, TypeError or ValueError for a record that was not made by ``as_record``."""
        line, column, level = record["line"], record["column"], record["level"]
        if not isinstance(line, int) or not isinstance(column, int) or level not in (ERROR, WARNING):
            raise ValueError("not a finding")
        where = Location(Path(str(record["file"])), line, column)
        return cls(where, str(record["check"]), str(record["message"]), str(level))


class BriefkitError(Exception):
    """Base of every error that is the input's fault; the CLI prints it and exits with status 2."""

    def __init__(self, problems: list[Problem]) -> None:
        ordered = sorted(problems, key=lambda p: (str(p.location.path), p.location.line, p.location.column))
        super().__init__("\n".join(p.display() for p in ordered))
        self.problems = ordered

    @classmethod
    def at(cls, location: Location, message: str, field: str = "") -> Self:
        return cls([Problem(location, field, message)])

    def display(self, root: Path | None = None) -> str:
        return "\n".join(p.display(root) for p in self.problems)


class ManifestError(BriefkitError):
    """A manifest or series file that cannot be read or does not validate."""


class SourceError(BriefkitError):
    """An item's source document that is missing, outside the project or unreadable."""


class ThemeError(BriefkitError):
    """A theme that is missing or whose templates fail to render."""


class OutputError(BriefkitError):
    """A file briefkit could not write (the outbox, a lock file); nothing of that render was written."""


class MessageError(BriefkitError):
    """An email message that cannot be made (a DKIM key that cannot be read) or sent."""

"""What `briefkit check` finds (briefkit.errors.Finding: its level, the check that found it, its place, plain words),
its JSON, and where in the manifest a piece of text was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefkit.errors import ERROR, WARNING, Finding, Location

__all__ = ["ERROR", "WARNING", "Finding", "Places", "as_json"]


def as_json(finding: Finding, root: Path) -> dict[str, Any]:
    """One finding in `briefkit check --format json`: its file named from ``root``, line and column as numbers."""
    where = finding.where
    return {
        "level": finding.level,
        "check": finding.check,
        "message": finding.message,
        "file": Location(where.path).display(root),
        "line": where.line or None,
        "column": where.column or None,
    }


class Places:
    """Where a piece of text was written: the first place it stands in the edition's manifest, else in its
    series file, else the manifest itself (a value made from elsewhere, like a feed item)."""

    def __init__(self, manifest: Path, series: Path | None) -> None:
        self.files = [path for path in (manifest, series) if path is not None]
        self._lines = {path: path.read_text("utf-8", "replace").splitlines() for path in self.files}

    def lines(self, path: Path) -> list[str]:
        """The lines of ``path``, one of the files above."""
        return self._lines[path]

    def of(self, text: str) -> Location:
        for path in self.files:
            for number, line in enumerate(self._lines[path], start=1):
                column = line.find(text)
                if column >= 0:
                    return Location(path, number, column + 1)
        return Location(self.files[0])

    def key(self, path: Path, key: str) -> Location:
        """The first line of ``path`` that writes ``key:`` (at any depth)."""
        for number, line in enumerate(self._lines.get(path, []), start=1):
            stripped = line.lstrip(" -")
            if stripped.startswith(f"{key}:"):
                return Location(path, number, len(line) - len(stripped) + 1)
        return Location(path)

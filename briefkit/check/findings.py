"""What `briefkit check` finds: each finding with its level, the check that found it, its place, and plain words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.errors import Location

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # error or warning
    check: str  # the check's name, as docs/check.md lists it
    message: str
    where: Location

    def display(self, root: Path | None = None) -> str:
        return f"{self.where.display(root)}: {self.level}: {self.check}: {self.message}"

    def as_json(self, root: Path) -> dict[str, Any]:
        name = self.where.display(root).split(":", 1)[0] if self.where.line else self.where.display(root)
        return {
            "level": self.level,
            "check": self.check,
            "message": self.message,
            "file": name,
            "line": self.where.line or None,
            "column": self.where.column or None,
        }


class Places:
    """Where a piece of text was written: the first place it stands in the edition's manifest, else in its
    series file, else the manifest itself (a value made from elsewhere, like a feed item)."""

    def __init__(self, manifest: Path, series: Path | None) -> None:
        self.files = [path for path in (manifest, series) if path is not None]
        self._lines = {path: path.read_text("utf-8", "replace").splitlines() for path in self.files}

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

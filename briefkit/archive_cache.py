"""Keep each edition's feed entry with the files it was made from, so that an unchanged archive is not loaded again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import astuple, dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefkit.model import ArchiveEntry
from briefkit.reads import Checker, Read

FILE = Path(".briefkit-cache") / "archive.json"  # under the project; safe to delete
FORMAT = 1
_ENTRY_FIELD_COUNT = len(fields(ArchiveEntry))
_DATE_FIELD = [f.name for f in fields(ArchiveEntry)].index("date")


@dataclass(frozen=True)
class Kept:
    """What is known of one manifest: its series file, what it was made from, and its entry (None when the
    manifest belongs to another series and only that was looked at)."""

    series: str  # absolute path of the series file
    reads: tuple[Read, ...]
    entry: ArchiveEntry | None


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest of briefkit's own files: entries made by other code are made again."""
    package = Path(__file__).parent
    digest = hashlib.sha256(f"archive cache {FORMAT}".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class ArchiveCache:
    """The kept entries of a project, by the manifest's absolute path. A damaged or outdated cache file counts as
    empty. Paths are written relative to the project, so a moved project keeps its cache."""

    def __init__(self, root: Path, kept: dict[str, Kept] | None = None) -> None:
        self.root = root
        self._prefix = str(root) + os.sep
        self._kept: dict[str, Kept] = kept or {}
        self._changed = False

    @classmethod
    def load(cls, root: Path) -> ArchiveCache:
        cache = cls(root)
        try:
            data = json.loads((root / FILE).read_bytes())
            if data.get("format") != FORMAT or data.get("code") != code_stamp():
                return cache
            files = {
                name: Read(cache._absolute(name), kind, digest, size, mtime)
                for name, (kind, digest, size, mtime) in data["files"].items()
            }
            for name, kept in data["editions"].items():
                entry = kept["entry"]
                if entry is not None:
                    entry = _entry_from_json(entry)
                reads = tuple(files[read] for read in kept["reads"])
                cache._kept[cache._absolute(name)] = Kept(cache._absolute(kept["series"]), reads, entry)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(root)
        return cache

    def get(self, manifest: str, checker: Checker) -> Kept | None:
        """What is kept for ``manifest``, if every file it was made from is as it was."""
        kept = self._kept.get(manifest)
        if kept is None or not checker.all_hold(kept.reads):
            return None
        return kept

    def put(self, manifest: str, kept: Kept) -> None:
        if self._kept.get(manifest) != kept:
            self._kept[manifest] = kept
            self._changed = True

    def keep_only(self, manifests: set[str]) -> None:
        """Forget manifests that are gone."""
        for gone in set(self._kept) - manifests:
            del self._kept[gone]
            self._changed = True

    def save(self) -> None:
        """Write the cache when something changed; a project that cannot be written to just renders slower."""
        if not self._changed:
            return
        files: dict[str, list[Any]] = {}
        editions: dict[str, dict[str, Any]] = {}
        for manifest, kept in sorted(self._kept.items()):
            for read in kept.reads:
                files[self._relative(read.path)] = [read.kind, read.digest, read.size, read.mtime_ns]
            entry = None if kept.entry is None else _entry_json(kept.entry)
            editions[self._relative(manifest)] = {
                "series": self._relative(kept.series),
                "reads": [self._relative(read.path) for read in kept.reads],
                "entry": entry,
            }
        data = {"format": FORMAT, "code": code_stamp(), "files": files, "editions": editions}
        target = self.root / FILE
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(data).encode("ascii"))  # ASCII: about eight times faster to read back
            os.replace(temp, target)
        except OSError:
            return
        self._changed = False

    def _relative(self, path: str) -> str:
        return path[len(self._prefix) :] if path.startswith(self._prefix) else path

    def _absolute(self, name: str) -> str:
        return name if os.path.isabs(name) else self._prefix + name


def _entry_json(entry: ArchiveEntry) -> list[Any]:
    """The entry's fields in order (a list reads back faster than an object)."""
    return [value.isoformat() if isinstance(value, dt.date) else value for value in astuple(entry)]


def _entry_from_json(values: list[Any]) -> ArchiveEntry:
    if len(values) != _ENTRY_FIELD_COUNT:
        raise ValueError("an entry of another shape")
    entry = ArchiveEntry(*values)
    return replace(entry, date=dt.date.fromisoformat(values[_DATE_FIELD]))

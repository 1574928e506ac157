"""Keep each edition's feed entry with the files it was made from, so that an unchanged archive is not loaded again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from briefkit.edition.model import ArchiveEntry
from briefkit.io.outbox import write_all
from briefkit.io.package import code_stamp
from briefkit.io.reads import Checker, Read, ReadTable
from briefkit.manifest.slug import is_safe_slug

FOLDER = Path(".briefkit-cache") / "archive"  # under the project; safe to delete
INDEX = FOLDER / "index.json"  # what is kept of each manifest; each entry's content is in <key>.html beside it
FORMAT = 3
_FIELDS = [f.name for f in fields(ArchiveEntry)]
_DATE = _FIELDS.index("date")


FAILED = ""  # the series of a manifest that could not be prepared: left out until its files change


@dataclass(frozen=True)
class Kept:
    """What is known of one manifest: its series file, what it was made from, and its entry with the key of its
    content (no entry when the manifest belongs to another series and only that was looked at)."""

    series: str  # absolute path of the series file
    reads: tuple[Read, ...]
    entry: ArchiveEntry | None = None
    content_key: str = ""


def _code() -> str:
    return hashlib.sha256(f"archive cache {FORMAT} {code_stamp()}".encode()).hexdigest()


def content_key(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


class ArchiveCache:
    """The kept entries of a project, by the manifest's absolute path. A damaged or outdated cache counts as
    empty. Paths are written relative to the project, so a moved project keeps its cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / FOLDER
        self._table = ReadTable(root)
        self._kept: dict[str, Kept] = {}
        self._new_contents: dict[str, str] = {}  # by key, written on save
        self._changed = False

    @classmethod
    def load(cls, root: Path) -> ArchiveCache:
        cache = cls(root)
        try:
            data = json.loads((root / INDEX).read_bytes())
            if data.get("format") != FORMAT or data.get("code") != _code():
                return cache
            table = cache._table
            files = table.load(data["files"])
            for name, kept in data["editions"].items():
                cache._kept[table.absolute(name)] = Kept(
                    table.absolute(kept["series"]) if kept["series"] != FAILED else FAILED,
                    tuple(files[read] for read in kept["reads"]),
                    entry_from_json(kept["entry"]) if kept["entry"] is not None else None,
                    _key(kept["content"]),
                )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(root)
        return cache

    def get(self, manifest: str, checker: Checker) -> Kept | None:
        """What is kept for ``manifest``, if every file it was made from is as it was (and its content is there)."""
        kept = self._kept.get(manifest)
        if kept is None or not checker.all_hold(kept.reads):
            return None
        if (
            kept.entry is not None
            and kept.content_key not in self._new_contents
            and not os.path.isfile(self._content_path(kept.content_key))
        ):
            return None
        if checker.refreshed and any(read in checker.refreshed for read in kept.reads):
            reads = tuple(checker.refreshed.get(read, read) for read in kept.reads)
            kept = Kept(kept.series, reads, kept.entry, kept.content_key)
            self.put(manifest, kept)
        return kept

    def put(self, manifest: str, kept: Kept, content: str | None = None) -> None:
        """Keep ``kept`` for ``manifest``, with its entry's ``content``."""
        if content is not None:
            key = content_key(content)
            kept = Kept(kept.series, kept.reads, kept.entry, key)
            self._new_contents[key] = content
        if self._kept.get(manifest) != kept:
            self._kept[manifest] = kept
            self._changed = True

    def content(self, kept: Kept) -> str | None:
        """The kept entry's content; None when its file has gone meanwhile."""
        if kept.content_key in self._new_contents:
            return self._new_contents[kept.content_key]
        try:
            return self._content_path(kept.content_key).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def keep_only(self, manifests: set[str]) -> None:
        """Forget manifests that are gone."""
        for gone in set(self._kept) - manifests:
            del self._kept[gone]
            self._changed = True

    def save(self) -> None:
        """Write what changed: new contents, the index, and remove contents nothing refers to any more.
        A project that cannot be written to just renders slower."""
        if not self._changed:
            return
        files = {f"{key}.html": content.encode("utf-8") for key, content in self._new_contents.items()}
        try:
            write_all(self.folder, files | {INDEX.name: json.dumps(self._index()).encode("ascii")})
            used = {f"{kept.content_key}.html" for kept in self._kept.values()}
            for path in self.folder.glob("*.html"):
                if path.name not in used:
                    path.unlink(missing_ok=True)
        except OSError:
            return
        self._changed = False

    def _index(self) -> dict[str, Any]:
        table = self._table
        kept_items = sorted(self._kept.items())
        files = table.dump(read for _, kept in kept_items for read in kept.reads)
        editions: dict[str, dict[str, Any]] = {}
        for manifest, kept in kept_items:
            editions[table.relative(manifest)] = {
                "series": table.relative(kept.series) if kept.series != FAILED else FAILED,
                "reads": table.names(kept.reads),
                "entry": entry_json(kept.entry) if kept.entry is not None else None,
                "content": kept.content_key,
            }
        return {"format": FORMAT, "code": _code(), "files": files, "editions": editions}

    def _content_path(self, key: str) -> Path:
        return self.folder / f"{key}.html"


def _key(value: Any) -> str:
    if value and not (isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)):
        raise ValueError("not a content key")
    return str(value)


def entry_json(entry: ArchiveEntry) -> list[Any]:
    """The entry's fields in order (a list reads back faster than an object)."""
    values = [getattr(entry, name) for name in _FIELDS]
    values[_DATE] = entry.date.isoformat()
    return values


class UnsafeEntry(ValueError):
    """A kept entry whose slug does not follow the rule of file names: not written by briefkit."""


def entry_from_json(values: list[Any]) -> ArchiveEntry:
    """The entry back from entry_json; raises ValueError (UnsafeEntry for a slug that is not safe)."""
    if len(values) != len(_FIELDS):
        raise ValueError("an entry of another shape")
    values = list(values)
    values[_DATE] = dt.date.fromisoformat(values[_DATE])
    entry = ArchiveEntry(*values)
    if not isinstance(entry.slug, str) or not is_safe_slug(entry.slug):  # a cache written by someone else
        raise UnsafeEntry(entry.slug)
    return entry

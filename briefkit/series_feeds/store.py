"""The store of records: every edition's record (record.py) by its manifest, and the texts they refer to (feed
contents, archive articles) by key. One store for the project, in .briefkit-cache/build/: `briefkit build` keeps
its state there, and a render's feeds take unchanged editions from it. Deleting the folder is always safe: the
next build or render makes everything again, with the same bytes."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefkit.errors import Finding, OutputError
from briefkit.io.outbox import write_all
from briefkit.io.package import code_stamp
from briefkit.io.reads import Checker, ReadTable
from briefkit.manifest.slug import is_safe_slug
from briefkit.series_feeds.record import (
    Record,
    Standing,
    UnsafeEntry,
    entry_from_json,
    entry_json,
    is_key,
    is_outbox_path,
    published_words,
    text_key,
)

FOLDER = Path(".briefkit-cache") / "build"
STATE = "state.json"
TEXTS = "texts"  # feed contents and archive articles, each in <key>.html
FORMAT = 3  # 3: a record names its reads by their place in the files table, not by path
ELSEWHERE = (
    "lists files outside the outbox, or editions by names that are not safe; it was not used, and every edition is "
    "made again (nothing the state file lists is removed)"
)

# A theme's name as manifests may write it (manifest/load.py's THEME_NAME, which loads the whole manifest checker;
# tests/test_build_records.py keeps the two the same).
THEME_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _code() -> str:
    return hashlib.sha256(f"records {FORMAT} {code_stamp()}".encode()).hexdigest()


def _places(places: list[int], count: int) -> list[int]:
    """A record's reads as the state file numbers them (places in a table of ``count``); ValueError for a number
    that is no place in it."""
    if places and (min(places) < 0 or max(places) >= count):
        raise ValueError("a read's place is outside the table")
    return places


def _confined(record: Record) -> bool:
    """Whether what the state file says of an edition stays inside the outbox and the cache: a safe slug, plain
    relative outputs, text keys that are digests, a theme's name."""
    return (
        (is_safe_slug(record.slug) or (not record.slug and not record.outputs))
        and (record.entry is None or record.entry.slug == record.slug)
        and all(is_outbox_path(path) for path in record.outputs)
        and all(not key or is_key(key) for key in (record.article, record.content))
        and (not record.theme or bool(THEME_NAME.fullmatch(record.theme)))
    )


class Store:
    """The records of a project, by the manifest's absolute path. Paths are written relative to the project, so a
    moved project keeps its store."""

    def __init__(self, root: Path, options: str = "") -> None:
        self.root = root
        self.folder = root / FOLDER
        self.options = options  # the build's formats, drafts or not, outbox: another, and every edition is built
        self.records: dict[str, Record] = {}
        self.warnings: list[Finding] = []  # about the state file as it was found
        self._texts: dict[str, str] = {}  # new texts by key, written on save
        self._kept: set[str] | None = None  # the keys of the texts in the folder, listed once (at the first asked)
        self._changed = False

    @classmethod
    def load(cls, root: Path, options: str | None = None) -> Store:
        """The project's store; with ``options`` (a build's), records built with other options keep only their
        entries. A damaged store counts as empty; one that leads outside the outbox is not used, with a warning."""
        options = hashlib.sha256(options.encode()).hexdigest() if options is not None else None
        store = cls(root, options or "")
        table = ReadTable(root)
        try:
            data = json.loads((root / FOLDER / STATE).read_bytes())
            if data.get("format") != FORMAT:
                return store
            same_code = data.get("code") == _code()
            store.options = options if options is not None else str(data["options"])
            same_options = data["options"] == store.options
            files = list(table.load(data["files"]).values())  # in the order written: each read by its place
            for name, kept in data["records"].items():
                record = Record(
                    slug=str(kept["slug"]),
                    series=table.absolute(str(kept["series"])) if kept["series"] else "",
                    standing=Standing(kept["standing"]),
                    reads=tuple(map(files.__getitem__, _places(kept["reads"], len(files)))),
                    entry=entry_from_json(kept["entry"]) if kept["entry"] is not None else None,
                    content=str(kept["content"]),
                    article=str(kept["article"]),
                    outputs={path: (int(size), str(sha)) for path, (size, sha) in kept["outputs"].items()},
                    warnings=tuple(Finding.from_record(warning) for warning in kept["warnings"]),
                    theme=str(kept["theme"]),
                    page=str(kept["page"]),
                    published=str(kept.get("published", "")),
                )
                if not same_code:  # what another briefkit made: only its outputs are known, for removal
                    record = Record(
                        record.slug, "", Standing.OUTDATED, outputs=record.outputs, published=record.published
                    )
                elif not same_options and record.standing is Standing.BUILT:
                    record.standing = Standing.ENTRY
                store.records[table.absolute(name)] = record
        except UnsafeEntry:
            return cls._elsewhere(root, options)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(root, options or "")
        if not all(_confined(record) for record in store.records.values()):
            # Written by someone else than briefkit: nothing it lists is trusted, removed or reused.
            return cls._elsewhere(root, options)
        return store

    @classmethod
    def _elsewhere(cls, root: Path, options: str | None) -> Store:
        store = cls(root, options or "")
        store.warnings.append(Finding.about(FOLDER / STATE, "build", ELSEWHERE))
        store._changed = True
        return store

    def unchanged(self, manifest: str, checker: Checker, outbox: Path) -> Record | None:
        """The record of ``manifest`` when a build may leave it as it is: built with these options, its files as
        they were, its outputs still there, its texts kept."""
        record = self.records.get(manifest)
        if record is None or not record.reusable or not checker.all_hold(record.reads):
            return None
        prefix = f"{outbox}{os.sep}"  # the outputs' paths joined as text: ~6,000 of them at every build
        for path, (size, _) in record.outputs.items():
            try:
                if os.stat(prefix + path).st_size != size:
                    return None
            except OSError:
                return None
        if not all(self.has_text(key) for key in (record.article, record.content) if key):
            return None
        return record

    def for_feeds(self, manifest: str, checker: Checker) -> Record | None:
        """The record of ``manifest`` when its entry (or its failure, or its series) still holds for the feeds."""
        record = self.records.get(manifest)
        if record is None or not record.entry_holds or not checker.all_hold(record.reads):
            return None
        if record.entry is not None and not self.has_text(record.content):
            return None
        if checker.refreshed and any(read in checker.refreshed for read in record.reads):
            record.reads = tuple(checker.refreshed.get(read, read) for read in record.reads)
            self._changed = True
        return record

    def put(self, manifest: str, record: Record, texts: dict[str, str] | None = None) -> None:
        """Keep ``record`` for ``manifest`` (made by a build), with the ``texts`` its keys name. A published edition
        notes what its readers are given now; a draft keeps what they were given before."""
        before = self.records.get(manifest)
        if record.entry is not None and not record.entry.draft:
            record.published = published_words(record.entry)
        elif before is not None:
            record.published = before.published
        self.records[manifest] = record
        self._texts.update(texts or {})
        self._changed = True

    def note_entry(self, manifest: str, record: Record, content: str | None = None) -> None:
        """Keep what a render's feeds found of ``manifest`` (an entry, a failure, another series): a record built
        from the same reads stays as it is; otherwise the next build makes the edition again, and the outputs the
        last build listed are kept, to be replaced or removed then."""
        before = self.records.get(manifest)
        if before is not None and before.reusable and before.reads == record.reads:
            return
        if content is not None:
            record.content = self.keep_text(content)
        if before is not None:
            record = replace(record, outputs=before.outputs, page=before.page, published=before.published)
        self.records[manifest] = record
        self._changed = True

    def forget_unbuilt(self, manifests: set[str]) -> None:
        """Forget manifests that are gone, but for those whose outputs a build is still to remove."""
        for gone in set(self.records) - manifests:
            if not self.records[gone].outputs:
                del self.records[gone]
                self._changed = True

    def has_text(self, key: str) -> bool:
        if key in self._texts:
            return True
        if self._kept is None:  # one listing of the folder, not a look for each of a thousand editions' two texts
            try:
                found = os.scandir(self.folder / TEXTS)
                self._kept = {entry.name[:-5] for entry in found if entry.name.endswith(".html") and entry.is_file()}
            except OSError:
                self._kept = set()
        return key in self._kept

    def text(self, key: str) -> str | None:
        """A kept text; None when its file has gone meanwhile."""
        if key in self._texts:
            return self._texts[key]
        try:
            return (self.folder / TEXTS / f"{key}.html").read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def keep_text(self, text: str) -> str:
        key = text_key(text)
        if key not in self._texts:
            self._texts[key] = text
            self._changed = True
        return key

    def changed(self) -> None:
        """Note that a record was changed in place (a writer's note)."""
        self._changed = True

    def save(self) -> None:
        """Write the records and their new texts, and remove texts nothing refers to. A project that cannot be
        written to just builds and renders slower next time."""
        if not self._changed:
            return
        self._kept = None  # listed again when asked
        used = {key for record in self.records.values() for key in (record.article, record.content) if key}
        new = {f"{TEXTS}/{key}.html": text.encode("utf-8") for key, text in self._texts.items() if key in used}
        try:
            write_all(self.folder, {**new, STATE: json.dumps(self._state(), separators=(",", ":")).encode("utf-8")})
            for old in (self.folder / TEXTS).glob("*.html"):
                if old.stem not in used:
                    old.unlink(missing_ok=True)
        except (OSError, OutputError):  # the store is only a cache
            return
        self._changed = False

    def _state(self) -> dict[str, Any]:
        table = ReadTable(self.root)
        items = sorted(self.records.items())
        # Records loaded together share one Read per file (a theme's ~100 files, say): each named once, by identity.
        unique = {id(read): read for _, record in items for read in record.reads}
        files = table.dump(unique.values())
        place = {name: index for index, name in enumerate(files)}  # a record's reads as numbers: ~8 MB less JSON
        named = {key: place[name] for key, name in zip(unique, table.names(unique.values()), strict=True)}
        records: dict[str, Any] = {}
        for manifest, record in items:
            records[table.relative(manifest)] = {
                "slug": record.slug,
                "series": table.relative(record.series) if record.series else "",
                "standing": record.standing.value,
                "reads": list(map(named.__getitem__, map(id, record.reads))),
                "entry": entry_json(record.entry) if record.entry is not None else None,
                "content": record.content,
                "article": record.article,
                "outputs": {path: list(value) for path, value in sorted(record.outputs.items())},
                "warnings": [warning.as_record() for warning in record.warnings],
                "theme": record.theme,
                "page": record.page,
                "published": record.published,
            }
        return {"format": FORMAT, "code": _code(), "options": self.options, "files": files, "records": records}

"""What the last build made of each edition, and from what: an edition whose files and outputs are as they were
is not rendered again. Kept in .briefkit-cache/build/ (safe to delete: the next build renders everything)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from briefkit.edition.model import ArchiveEntry
from briefkit.errors import OutputError
from briefkit.io.outbox import write_all
from briefkit.io.package import code_stamp
from briefkit.io.reads import Checker, Read, ReadTable
from briefkit.manifest.load import THEME_NAME
from briefkit.manifest.slug import is_safe_slug
from briefkit.series_feeds.kept import UnsafeEntry, entry_from_json, entry_json

FOLDER = Path(".briefkit-cache") / "build"
STATE = "state.json"
ARTICLES = "articles"  # each edition's article for the archive, by the digest of its text
FORMAT = 1
ELSEWHERE = (
    f"{(FOLDER / STATE).as_posix()}: lists files outside the outbox, or editions by names that are not safe; it "
    "was not used, and every edition is made again (nothing the state file lists is removed)"
)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def is_outbox_path(name: str) -> bool:
    """Whether ``name``, as the state file lists an output, is a plain path inside the outbox: relative, with no
    empty, '.' or '..' part."""
    parts = name.split("/")
    return (
        bool(name)
        and "\\" not in name
        and not PurePosixPath(name).is_absolute()
        and all(part not in ("", ".", "..") for part in parts)
    )


def _is_key(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)


@dataclass
class Built:
    """One edition as the last build left it."""

    slug: str
    series: str  # absolute path of its series file
    reads: tuple[Read, ...]
    outputs: dict[str, tuple[int, str]]  # outbox-relative path -> size and digest of what was written
    entry: ArchiveEntry | None = None
    article: str = ""  # key of its article in the archive ("" for a draft left out)
    warnings: tuple[str, ...] = ()
    page: str = ""  # digest of what its archive page was made from
    theme: str = ""  # the name of its theme
    failed: bool = False  # it failed last time: made again next time, its last good outputs kept till then


def _confined(built: Built) -> bool:
    """Whether what the state file says of an edition stays inside the outbox and the cache: a safe slug, plain
    relative outputs, an article key that is a digest, a theme's name."""
    return (
        is_safe_slug(built.slug)
        and (built.entry is None or built.entry.slug == built.slug)
        and all(is_outbox_path(path) for path in built.outputs)
        and (not built.article or _is_key(built.article))
        and (not built.theme or bool(THEME_NAME.fullmatch(built.theme)))
    )


@dataclass
class BuildState:
    root: Path
    options: str  # the formats, drafts or not, the outbox and briefkit's own code: another, and all is remade
    built: dict[str, Built] = field(default_factory=dict)  # by manifest (absolute)
    articles: dict[str, str] = field(default_factory=dict)  # new articles by key, written on save
    warnings: list[str] = field(default_factory=list)  # about the state file as it was found

    @property
    def folder(self) -> Path:
        return self.root / FOLDER

    @classmethod
    def load(cls, root: Path, options: str) -> BuildState:
        options = hashlib.sha256(f"build {FORMAT} {options} {code_stamp()}".encode()).hexdigest()
        state = cls(root, options)
        table = ReadTable(root)
        try:
            data = json.loads((root / FOLDER / STATE).read_bytes())
            if data.get("format") != FORMAT:
                return state
            stale = data.get("options") != options  # other options: everything is made again, but what the
            # last build wrote is still known, so that what is no longer made is removed
            files = table.load(data["files"])
            for name, kept in data["editions"].items():
                state.built[table.absolute(name)] = Built(
                    slug=str(kept["slug"]),
                    series=table.absolute(str(kept["series"])),
                    reads=tuple(files[read] for read in kept["reads"]),
                    outputs={path: (int(size), str(sha)) for path, (size, sha) in kept["outputs"].items()},
                    entry=entry_from_json(kept["entry"]) if kept["entry"] is not None else None,
                    article=str(kept["article"]),
                    warnings=tuple(kept["warnings"]),
                    page=str(kept["page"]),
                    theme=str(kept["theme"]),
                    failed=stale or bool(kept["failed"]),
                )
        except UnsafeEntry:
            return cls(root, options, warnings=[ELSEWHERE])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(root, options)
        if not all(_confined(built) for built in state.built.values()):
            # Written by someone else than briefkit: nothing it lists is trusted, removed or reused.
            return cls(root, options, warnings=[ELSEWHERE])
        return state

    def unchanged(self, manifest: str, checker: Checker, outbox: Path) -> Built | None:
        """What the last build made of ``manifest``, when its files hold and its outputs are still there."""
        built = self.built.get(manifest)
        if built is None or built.failed or not checker.all_hold(built.reads):
            return None
        for path, (size, _) in built.outputs.items():
            try:
                if os.stat(outbox / path).st_size != size:
                    return None
            except OSError:
                return None
        if built.article and not (self.folder / ARTICLES / f"{built.article}.html").is_file():
            return None
        return built

    def article(self, key: str) -> str | None:
        if key in self.articles:
            return self.articles[key]
        try:
            return (self.folder / ARTICLES / f"{key}.html").read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def keep_article(self, html: str) -> str:
        key = digest(html.encode("utf-8"))
        self.articles[key] = html
        return key

    def save(self) -> None:
        """Write the state, the new articles, and remove articles nothing refers to. A project that cannot be
        written to just builds slower next time."""
        table = ReadTable(self.root)
        built_items = sorted(self.built.items())
        files = table.dump(read for _, built in built_items for read in built.reads)
        editions: dict[str, Any] = {}
        for manifest, built in built_items:
            editions[table.relative(manifest)] = {
                "slug": built.slug,
                "series": table.relative(built.series),
                "reads": table.names(built.reads),
                "outputs": {path: list(value) for path, value in sorted(built.outputs.items())},
                "entry": entry_json(built.entry) if built.entry is not None else None,
                "article": built.article,
                "warnings": list(built.warnings),
                "page": built.page,
                "theme": built.theme,
                "failed": built.failed,
            }
        state = {"format": FORMAT, "options": self.options, "files": files, "editions": editions}
        used = {built.article for built in self.built.values() if built.article}
        new = {f"{ARTICLES}/{key}.html": html.encode("utf-8") for key, html in self.articles.items() if key in used}
        try:
            write_all(self.folder, {**new, STATE: json.dumps(state, separators=(",", ":")).encode("utf-8")})
            for old in (self.folder / ARTICLES).glob("*.html"):
                if old.stem not in used:
                    old.unlink()
        except (OSError, OutputError):  # the cache is only a cache
            pass

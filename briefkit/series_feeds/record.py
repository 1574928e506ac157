"""One record per edition: what it was made from, what was made of it (its archive entry, its outputs with their
digests, the keys of its feed content and archive article, its warnings) and whether that may be used again. A
build's worker makes it once; the build's state, the series' feeds, the web archive and a render's feeds all read
the same record (see store.py)."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from briefkit.edition.model import ArchiveEntry
from briefkit.errors import Finding
from briefkit.io.reads import Read
from briefkit.manifest.slug import is_safe_slug

_FIELDS = [f.name for f in fields(ArchiveEntry)]
_DATE = _FIELDS.index("date")


class Standing(enum.Enum):
    """Whether a record may be used again, and by whom."""

    BUILT = "built"  # a build made every output from its reads, with the options noted: reused while they hold
    ENTRY = "entry"  # only its entry holds (a render's feeds made it, or the build's options changed): built again
    NETWORK = "network"  # something came from the network: used by the build that made it, made again after
    FAILED = "failed"  # it failed: built again; a render's feeds leave it out while its reads hold
    OUTDATED = "outdated"  # another briefkit wrote it: only its outputs are known, so that they can be removed


@dataclass
class Record:
    """One edition as the last build or render left it."""

    slug: str
    series: str  # absolute path of its series file ("" when it could not be read)
    standing: Standing
    reads: tuple[Read, ...] = ()  # everything it was made from, its theme's files too
    entry: ArchiveEntry | None = None  # None: not looked at in full (another series), or it failed
    content: str = ""  # key of its feed entry's content (sanitized HTML) among the store's texts
    article: str = ""  # key of its archive article ("" for a draft left out of the archive)
    outputs: dict[str, tuple[int, str]] = field(default_factory=dict)  # outbox path -> size and digest written
    warnings: tuple[Finding, ...] = ()
    theme: str = ""  # the name of its theme
    page: str = ""  # digest of what its archive page was made from: the archive's note (archive/edition_pages.py)
    published: str = ""  # what readers were last given: see published_words; '' when no build published it

    @property
    def reusable(self) -> bool:
        """Whether a build may leave its outputs as they are (while its reads hold)."""
        return self.standing is Standing.BUILT

    @property
    def entry_holds(self) -> bool:
        """Whether its entry (or its failure, or its series) may be taken for the feeds while its reads hold."""
        return self.standing in (Standing.BUILT, Standing.ENTRY) or (
            self.standing is Standing.FAILED and bool(self.reads)
        )


def published_words(entry: ArchiveEntry) -> str:
    """What a build publishes of the edition, as `briefkit check` compares it: the digest of its words and how many
    corrections it has ("<digest> <count>")."""
    return f"{entry.words} {entry.corrections}"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def text_key(text: str) -> str:
    """The key a kept text (feed content, archive article) goes by: the digest of its bytes."""
    return digest(text.encode("utf-8"))


def is_key(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def is_outbox_path(name: str) -> bool:
    """Whether ``name``, as a record lists an output, is a plain path inside the outbox: relative (an absolute path's
    first part is empty), with no empty, '.' or '..' part."""
    return "\\" not in name and all(part not in ("", ".", "..") for part in name.split("/"))


def archive_order(entry: ArchiveEntry) -> tuple[dt.date, str]:
    """The archive's order, oldest first: by date, then by slug. Every list of editions (feeds, index, sitemap,
    previous and next) follows it."""
    return entry.date, entry.slug


def oldest_first(entries: Iterable[ArchiveEntry]) -> list[ArchiveEntry]:
    return sorted(entries, key=archive_order)


def newest_first(entries: Iterable[ArchiveEntry]) -> list[ArchiveEntry]:
    return sorted(entries, key=archive_order, reverse=True)


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

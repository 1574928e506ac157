"""What a build's worker gives back for one edition: made, with its record and files, or failed, with why."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefkit.series_feeds.record import Record


@dataclass
class Made:
    """An edition made: its record, its files (by path in the outbox) and the texts its record names by key."""

    manifest: str
    record: Record
    files: dict[str, bytes]
    texts: dict[str, str]  # its feed content and its archive article, by key
    lock: tuple[str, bytes] | None  # the lock file of items taken from feeds for the first time
    failures: list[str] = field(default_factory=list)  # a format that failed alone (a PDF over its time limit)


@dataclass
class Failed:
    manifest: str
    problem: str  # located, in plain words

"""Give sections their items from feeds: read or fetch, select, freeze in the edition's lock file, apply overrides."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.errors import BriefkitError, Finding, Location, Problem, SourceError
from briefkit.io import reads
from briefkit.io.files import confined
from briefkit.manifest import markdown
from briefkit.manifest.load import Manifest
from briefkit.manifest.series_fields import FEEDS
from briefkit.manifest.siblings import series_siblings
from briefkit.manifest.types import Problems, Record
from briefkit.manifest.yaml_nodes import Mapping, Scalar, Sequence
from briefkit.sources.feeds_in.parse import FeedEntry, FeedError, ParsedFeed, Selection, parse_feed, select

LOCK_VERSION = 1
CACHE = Path(".briefkit-cache") / "feeds"


@dataclass(frozen=True)
class FeedOptions:
    refresh: bool = False  # select anew even when the lock file froze a selection
    offline: bool = False  # remote feeds from the cache only


@dataclass
class ResolvedFeeds:
    """Items each section takes from its feed, and the lock file to write when the selection changed."""

    lock_path: Path
    items: dict[int, list[Record]] = field(default_factory=dict)
    lock: bytes | None = None  # new contents of the lock file; None when it stays as it is
    warnings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Frozen:
    """The entries a section took from its feed, as its lock file keeps them."""

    source: str
    entries: list[FeedEntry]


def lock_path_of(manifest_path: Path) -> Path:
    """editions/<slug>.yaml -> editions/<slug>.lock.json"""
    return manifest_path.with_name(manifest_path.stem + ".lock.json")


def _entry_json(entry: FeedEntry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "url": entry.url,
        "summary": entry.summary,
        "authors": list(entry.authors),
        "published": entry.published.isoformat() if entry.published else None,
        "categories": list(entry.categories),
    }


def _entry_from_json(data: dict[str, Any]) -> FeedEntry:
    published = data.get("published")
    return FeedEntry(
        title=str(data["title"]),
        url=str(data["url"]),
        summary=str(data.get("summary") or ""),
        authors=tuple(str(a) for a in data.get("authors") or ()),
        published=dt.date.fromisoformat(published) if published else None,
        categories=tuple(str(c) for c in data.get("categories") or ()),
    )


def read_lock(path: Path, contents: bytes | None = None) -> dict[str, Frozen]:
    """The sections frozen in a lock file, by section number ({} when there is none); a damaged file is a located
    error. ``contents`` are the file's bytes when the caller has read them already."""
    if contents is None:
        contents = reads.read_if_present(path)
        if contents is None:
            return {}
    try:
        sections = json.loads(contents.decode("utf-8"))["sections"]
        return {
            key: Frozen(str(frozen["source"]), [_entry_from_json(entry) for entry in frozen["entries"]])
            for key, frozen in sections.items()
        }
    except json.JSONDecodeError as error:
        raise SourceError.at(
            Location(path, error.lineno, error.colno),
            f"the lock file is damaged ({error.msg}); delete it and render with --refresh to select anew",
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SourceError.at(
            Location(path), "the lock file is not one briefkit wrote; delete it and render with --refresh"
        ) from None


def _lock_bytes(sections: dict[str, Any]) -> bytes:
    data = {"briefkit_lock": LOCK_VERSION, "sections": sections}
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _carried_urls(manifest: Manifest) -> set[str]:
    """Addresses that earlier editions of the same series carried: their inline items and their frozen entries."""
    urls: set[str] = set()
    for sibling in series_siblings(manifest.path, manifest.edition["series"]):
        if sibling.date >= manifest.edition["date"]:
            continue
        urls.update(_inline_urls(sibling.top.get("sections")))
        try:
            frozen = read_lock(lock_path_of(sibling.path))
        except BriefkitError:
            continue
        urls.update(entry.url for section in frozen.values() for entry in section.entries)
    return urls


def _inline_urls(sections: Any) -> list[str]:
    found: list[str] = []
    if not isinstance(sections, Sequence):
        return found
    for section in sections.items:
        if not isinstance(section, Mapping) or "items" not in section.entries:
            continue
        items = section.entries["items"][1]
        for item in items.items if isinstance(items, Sequence) else []:
            if isinstance(item, Mapping) and "url" in item.entries:
                url = item.entries["url"][1]
                if isinstance(url, Scalar) and url.value:
                    found.append(url.value)
    return found


def _read(
    source: str, manifest: Manifest, where: Location, path: str, options: FeedOptions
) -> tuple[ParsedFeed, list[str]]:
    settings = FEEDS.filled(manifest.settings.get("feeds"))
    if source.startswith(("http://", "https://")):
        from briefkit.sources.feeds_in.fetch import FeedAccess, fetch_feed

        access = FeedAccess(
            cache=manifest.root / CACHE,
            allowed_hosts=tuple(settings["allowed_hosts"]),
            timeout=float(settings["timeout"]),
            offline=options.offline,
        )
        fetched = fetch_feed(source, access)
        return parse_feed(fetched.data, source, fetched.url), fetched.warnings
    file = confined(source, manifest.path.parent, manifest.root, where, path)
    return parse_feed(reads.read_bytes(file), source), []


def _item(entry: FeedEntry, kind: str) -> dict[str, Any]:
    values: dict[str, Any] = {"title": entry.title, "url": entry.url}
    if kind == "listing":
        values["teaser"] = entry.summary or None
        values["authors"] = list(entry.authors)
    elif kind == "features":
        values["summary"] = markdown.escape(entry.summary) if entry.summary else None
        if entry.published:
            values["date"] = entry.published  # written as the series writes dates when the edition is built
    else:  # commentaries
        values["summary"] = markdown.escape(entry.summary) if entry.summary else None
    return {key: value for key, value in values.items() if value is not None}


def resolve_feeds(manifest: Manifest, options: FeedOptions | None = None) -> ResolvedFeeds:
    """Items from each section's `feed:`, frozen in the lock file once selected; problems together, located."""
    options = options or FeedOptions()
    lock_path = lock_path_of(manifest.path)
    resolved = ResolvedFeeds(lock_path)
    sections = manifest.edition["sections"]
    if not any("feed" in section for section in sections):
        return resolved
    current = reads.read_if_present(lock_path)
    frozen = read_lock(lock_path, current)
    new_lock: dict[str, Any] = {}
    problems: Problems = []
    carried: set[str] | None = None
    read: dict[str, tuple[ParsedFeed, list[str]]] = {}  # each feed read once a render, however many sections use it
    for index, section in enumerate(sections):
        if "feed" not in section:
            continue
        feed: Record = section["feed"]
        path, where = f"sections[{index}].feed", section.where("feed")
        key = str(index)
        previous = frozen.get(key)
        # A selection is frozen once it took entries; an empty one is made again next time (the feed may be fixed).
        if previous is not None and previous.source == feed["source"] and previous.entries and not options.refresh:
            entries = previous.entries
        else:
            try:
                if feed["source"] not in read:
                    read[feed["source"]] = _read(
                        feed["source"], manifest, feed.where("source"), f"{path}.source", options
                    )
                    said = read[feed["source"]][1] + list(read[feed["source"]][0].warnings)  # each names the feed
                    resolved.warnings += [Finding(feed.where("source"), "feeds", message) for message in said]
                parsed = read[feed["source"]][0]
            except FeedError as error:
                problems.append(Problem(feed.where("source"), f"{path}.source", str(error)))
                continue
            except BriefkitError as error:
                problems.extend(error.problems)
                continue
            if feed["exclude_used"] and carried is None:
                carried = _carried_urls(manifest)
            match = feed.get("match") or {}
            wanted = Selection(
                limit=feed["limit"],
                since=feed.get("since"),
                title=match.get("title"),
                category=match.get("category"),
                exclude=frozenset(carried or ()) if feed["exclude_used"] else frozenset(),
            )
            entries = select(parsed.entries, wanted)
        if entries:
            new_lock[key] = {"source": feed["source"], "entries": [_entry_json(entry) for entry in entries]}
        resolved.items[index] = _records(entries, section, where, manifest, resolved.warnings)
    if problems:
        raise SourceError(problems)
    contents = _lock_bytes(new_lock)
    if contents != current:
        resolved.lock = contents
    return resolved


def _records(
    entries: list[FeedEntry], section: Record, where: Location, manifest: Manifest, warnings: list[Finding]
) -> list[Record]:
    """Feed entries as item records located at the section's `feed:`, with the section's overrides applied."""
    overrides = {o["url"]: o for o in section.get("overrides") or []}
    records = []
    for entry in entries:
        values = _item(entry, section["kind"])
        override = overrides.pop(entry.url, None)
        if override is not None:
            values.update({k: override[k] for k in override.key_locations if k != "url"})
        if section["kind"] in ("features", "commentaries") and not values.get("summary"):
            warnings.append(
                Finding(
                    where,
                    "feed-items",
                    f"left out {entry.url}: the feed gives it no description; add an override with a summary to "
                    "show it",
                )
            )
            continue
        records.append(Record(where, values, {key: where for key in values}))
    for url, override in overrides.items():
        warnings.append(
            Finding(override.location, "feed-items", f"the override for {url} matches no item taken from the feed")
        )
    return records

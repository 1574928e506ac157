"""Read an RSS or Atom feed, however broken, into clean entries: sanitized text, absolute links, dates, and warnings."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from briefkit.manifest.addresses import address_problem

# The sanitizer (nh3) and the time limit (ctypes) are loaded when a feed is read: a render whose sections take
# their entries from the lock file reads none, and needs only FeedEntry and select from here.

MAX_BYTES = 20_000_000
PARSE_SECONDS = 30.0


class FeedError(Exception):
    """A feed with nothing usable in it; the message says why, for the editor."""


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, as plain data: text is sanitized, the link absolute."""

    title: str
    url: str
    summary: str = ""
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    entries: tuple[FeedEntry, ...]  # newest first; entries without a date last, in feed order
    warnings: tuple[str, ...]


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _date(entry: Any) -> dt.date | None:
    # dict.get: the entry's own keys only, not feedparser's deprecated stand-ins between published and updated
    raw = str(dict.get(entry, "published") or dict.get(entry, "updated") or "")
    loose = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", raw)  # ISO dates written loosely (2021-3-9 12h) are
    if loose:  # misread by the general parser, so they are read here first
        try:
            return dt.date(*map(int, loose.groups()))
        except ValueError:
            return None
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()
    return None


def _authors(entry: Any) -> tuple[str, ...]:
    from briefkit.sources.sanitize import to_text

    names = [to_text(str(a.get("name", ""))) for a in entry.get("authors") or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [to_text(str(entry["author"]))]
    return tuple(name for name in names if name)


def _summary(entry: Any) -> str:
    from briefkit.sources.sanitize import to_text

    if entry.get("summary"):
        return to_text(str(entry["summary"]))
    for content in entry.get("content") or []:
        if content.get("value"):
            return to_text(str(content["value"]))
    return ""


def _link(entry: Any, base: str | None) -> str | None:
    link = str(entry.get("link") or "").strip()
    if not link:
        return None
    if not urlsplit(link).scheme:
        if not base:
            return None
        link = urljoin(base, link)
    return link if address_problem(link, ("https", "http")) is None else None


def parse_feed(data: bytes, name: str, base_url: str | None = None) -> ParsedFeed:
    """Entries of the feed in ``data`` (``name`` is how messages call it). Raises FeedError when nothing is usable.

    ``base_url`` is where the feed came from; relative entry links resolve against it (or against the
    feed's own link), and are dropped when there is neither.
    """
    import feedparser

    from briefkit.io.time_limit import TimeLimitExceeded, time_limit
    from briefkit.sources.sanitize import strip_misleading, to_text

    warnings: list[str] = []
    if len(data) > MAX_BYTES:
        raise FeedError(f"{name} is larger than {MAX_BYTES // 1_000_000} MB; use a feed with fewer entries")
    if data[:1].isspace() and data.lstrip().startswith(b"<?xml"):
        data = data.lstrip()
        warnings.append(f"{name}: blank space before the XML declaration was ignored")
    try:
        with time_limit(PARSE_SECONDS):
            parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except TimeLimitExceeded:
        raise FeedError(f"{name} took longer than {PARSE_SECONDS:.0f} seconds to read and was given up") from None
    if not parsed.entries:
        if _looks_like_html(data):
            raise FeedError(f"{name} is a web page, not a feed; use the address of its RSS or Atom feed")
        if parsed.bozo and not parsed.version:
            raise FeedError(f"{name} is not a feed that can be read ({_problem(parsed)}); check the file or address")
        warnings.append(f"{name}: the feed has no entries")
    elif parsed.bozo:
        warnings.append(f"{name}: the feed is not well-formed ({_problem(parsed)}); its readable entries were used")
    base = base_url or (str(parsed.feed.get("link") or "") or None)
    entries: list[FeedEntry] = []
    misleading = 0
    for number, raw in enumerate(parsed.entries, start=1):
        title = to_text(str(raw.get("title") or ""))
        url = _link(raw, base)
        summary, authors = _summary(raw), _authors(raw)
        cleaned = strip_misleading(title), strip_misleading(summary), tuple(strip_misleading(a) for a in authors)
        if cleaned != (title, summary, authors):
            misleading += 1
            title, summary, authors = cleaned
        where = f"{name}: entry {number}" + (f" ('{title[:60]}')" if title else "")
        if not title:
            warnings.append(f"{where} has no title; it was skipped")
            continue
        if url is None:
            warnings.append(f"{where} has no usable link; it was skipped")
            continue
        published = _date(raw)
        if published is None:
            warnings.append(f"{where} has no date that could be read; it sorts last and 'since' skips it")
        categories = tuple(to_text(str(tag.get("term", ""))) for tag in raw.get("tags") or [] if tag.get("term"))
        entries.append(FeedEntry(title, url, summary, authors, published, categories))
    if misleading:
        warnings.append(
            f"{name}: removed invisible or direction-changing characters (such as U+202E) from {misleading} "
            f"entr{'y' if misleading == 1 else 'ies'}; they would make the text read differently from what it says"
        )
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published or dt.date.min, reverse=True)
    return ParsedFeed(tuple(dated + [e for e in entries if not e.published]), tuple(warnings))


def _problem(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    text = str(error).strip() if error else "unknown problem"
    return text.splitlines()[0][:120] if text else type(error).__name__


@dataclass(frozen=True)
class Selection:
    """What a section asks of a feed."""

    limit: int
    since: dt.date | None = None
    title: str | None = None
    category: str | None = None
    exclude: frozenset[str] = frozenset()


def select(entries: tuple[FeedEntry, ...], wanted: Selection) -> list[FeedEntry]:
    """The newest entries that match, at most ``wanted.limit``, each address once."""
    chosen: list[FeedEntry] = []
    seen: set[str] = set(wanted.exclude)
    for entry in entries:
        if len(chosen) == wanted.limit:
            break
        if entry.url in seen:
            continue
        if wanted.since and (entry.published is None or entry.published < wanted.since):
            continue
        if wanted.title and wanted.title.casefold() not in entry.title.casefold():
            continue
        if wanted.category and wanted.category.casefold() not in (c.casefold() for c in entry.categories):
            continue
        seen.add(entry.url)
        chosen.append(entry)
    return chosen

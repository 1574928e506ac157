"""Collect the editions of a series into its feed model, and write outbox/feed.xml and outbox/atom.xml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from briefkit import markdown
from briefkit.errors import BriefkitError
from briefkit.feed_items import FeedOptions
from briefkit.model import Edition, FeedItem, SeriesFeed
from briefkit.outbox import ATOM_FEED, EDITION_PDF, RSS_FEED, write_all
from briefkit.siblings import series_siblings

if TYPE_CHECKING:
    from briefkit.render import Prepared


def series_key(series_path: str) -> str:
    """sharper.series.yaml -> sharper: the series' name in feed ids."""
    name = Path(series_path).name
    return name.removesuffix(".yaml").removesuffix(".series")


def entry_id(edition: Edition, series: str, archive_url: str) -> str:
    """A tag: URI that stays the same however often and wherever the archive is rebuilt."""
    host = urlsplit(archive_url).hostname or "localhost"
    return f"tag:{host},{edition.date.isoformat()}:{series}/{edition.slug}"


def published(edition: Edition) -> dt.datetime:
    return dt.datetime.combine(edition.date, dt.time(0, 0), ZoneInfo(edition.timezone))


def build_feed(editions: list[Edition], series: str, outbox: Path) -> SeriesFeed | None:
    """The feed over ``editions`` (newest first, up to the series' limit); None when there is no archive address."""
    newest = max(editions, key=lambda e: (e.date, e.slug))
    archive = newest.archive_url
    if not archive:
        return None
    home = archive.rstrip("/") + "/"
    chosen = sorted(editions, key=lambda e: (e.date, e.slug), reverse=True)[: newest.feed_limit]
    items = []
    for edition in chosen:
        pdf = outbox / edition.slug / EDITION_PDF
        size = pdf.stat().st_size if pdf.is_file() else None
        items.append(
            FeedItem(
                edition=edition,
                id=entry_id(edition, series, archive),
                published=published(edition),
                summary=markdown.to_plain(edition.intro),
                pdf_url=(edition.web_url or f"{home}{edition.slug}/") + EDITION_PDF if size is not None else None,
                pdf_length=size,
            )
        )
    return SeriesFeed(
        title=newest.series_name,
        description=newest.tagline or newest.series_name,
        home_url=home,
        rss_url=home + RSS_FEED,
        atom_url=home + ATOM_FEED,
        lang=newest.lang,
        publisher=newest.publisher,
        updated=published(chosen[0]),
        items=tuple(items),
    )


def write_series_feeds(current: Prepared, outbox: Path) -> tuple[list[Path], list[str]]:
    """Build and write the feeds of the series ``current`` belongs to; returns the files written and warnings."""
    from briefkit.feed_xml import render_feeds
    from briefkit.render import prepare

    manifest = current.manifest
    series = manifest.edition["series"]
    editions = [current.edition]
    warnings: list[str] = []
    for sibling in series_siblings(manifest.path, series):
        if sibling.path.resolve() == manifest.path.resolve():
            continue
        try:
            editions.append(prepare(sibling.path, FeedOptions(offline=True)).edition)
        except BriefkitError:
            warnings.append(f"{RSS_FEED}: left out {sibling.path.name}, which has problems; render it to see them")
    feed = build_feed(editions, series_key(series), outbox)
    if feed is None:
        return [], [*warnings, f"{RSS_FEED}: the series has no archive_url, so its feed has no addresses; not written"]
    return write_all(outbox, render_feeds(feed, current.theme)), warnings

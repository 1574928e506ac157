"""The build's writer of the series' feeds: feed.xml and atom.xml over the listed editions' records, in the outbox
and in the web archive (which is published on its own, so it carries them too)."""

from __future__ import annotations

from briefkit.io.outbox import ATOM_FEED, EDITION_PDF, RSS_FEED
from briefkit.series_feeds.collect import build_feed, series_key
from briefkit.series_feeds.feed_warnings import NO_ADDRESSES, ONLY_DRAFTS, feeds_warning
from briefkit.series_feeds.site import WEB, Site, Writes
from briefkit.series_feeds.xml import render_feeds


def write_feeds(site: Site) -> Writes:
    writes = Writes()
    places = [site.outbox / name for name in (RSS_FEED, ATOM_FEED)]
    places += [site.outbox / WEB / name for name in (RSS_FEED, ATOM_FEED)]
    if site.gone:
        writes.remove += places
        return writes
    if site.series is None:
        return writes
    if not site.listed:
        writes.warnings.append(feeds_warning(ONLY_DRAFTS))
        writes.remove += places
        return writes
    pdf_sizes: dict[str, int | None] = {}
    contents: dict[str, str] = {}
    for listed in site.listed:
        pdf = listed.record.outputs.get(f"{listed.entry.slug}/{EDITION_PDF}")
        if pdf is not None or "pdf" in site.formats:  # else a PDF an earlier render left is looked up
            pdf_sizes[listed.entry.slug] = pdf[0] if pdf is not None else None
        contents[listed.entry.slug] = site.store.text(listed.record.content) or ""
    feed = build_feed(site.entries, series_key(str(site.series)), site.outbox, lambda e: contents[e.slug], pdf_sizes)
    if feed is None:
        writes.warnings.append(feeds_warning(NO_ADDRESSES))
        return writes
    for name, data in render_feeds(feed).items():
        writes.files[site.outbox / name] = data
        writes.files[site.outbox / WEB / name] = data
    return writes

"""Collect a series' editions (kept from earlier renders, or loaded anew) into its feed; write feed.xml and atom.xml."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from briefkit.edition.model import ArchiveEntry, FeedItem, SeriesFeed
from briefkit.edition.prepare import Prepared, prepare
from briefkit.edition.translations import folders_read_once
from briefkit.errors import Finding
from briefkit.io.outbox import ATOM_FEED, EDITION_PDF, RSS_FEED, write_files
from briefkit.io.package import TEMPLATES
from briefkit.io.reads import Checker, Read, listing, note_absent, noting, read_bytes
from briefkit.manifest.siblings import glance, manifests_in, series_file, top_level
from briefkit.manifest.slug import in_url
from briefkit.manifest.themes import ThemeSpec
from briefkit.render.feed_entry import archive_entry, entry_content
from briefkit.render.templates import Theme, load_theme
from briefkit.series_feeds.feed_warnings import NO_ADDRESSES, ONLY_DRAFTS, feeds_warning, left_out
from briefkit.series_feeds.record import Record, Standing, newest_first
from briefkit.series_feeds.store import Store
from briefkit.series_feeds.xml import render_feeds
from briefkit.sources.feeds_in.items import FeedOptions


def series_key(series_path: str) -> str:
    """sharper.series.yaml -> sharper: the series' name in feed ids."""
    name = Path(series_path).name
    return name.removesuffix(".yaml").removesuffix(".series")


def entry_id(entry: ArchiveEntry, series: str, host: str) -> str:
    """A tag: URI (host of the archive, date, series, slug) that stays the same however often and wherever the
    archive is rebuilt."""
    return f"tag:{host},{entry.date.isoformat()}:{series}/{in_url(entry.slug)}"


def published(entry: ArchiveEntry) -> dt.datetime:
    return dt.datetime.combine(entry.date, dt.time(0, 0), ZoneInfo(entry.timezone))


def updated(entry: ArchiveEntry) -> dt.datetime:
    """When the entry last changed for its readers: its latest correction's date (at midnight in the series' time
    zone), else when it was published. Feed readers show an entry with the same id and a later date as updated."""
    if not entry.updated:
        return published(entry)
    return dt.datetime.combine(dt.date.fromisoformat(entry.updated), dt.time(0, 0), ZoneInfo(entry.timezone))


def _pdf_size(outbox: Path, slug: str) -> int | None:
    try:
        status = os.stat(os.path.join(outbox, slug, EDITION_PDF))
    except OSError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def build_feed(
    entries: list[ArchiveEntry],
    series: str,
    outbox: Path,
    content: Callable[[ArchiveEntry], str],
    pdf_sizes: dict[str, int | None] | None = None,
) -> SeriesFeed | None:
    """The feed over ``entries`` (newest first, up to the series' limit), with ``content`` of each chosen entry;
    None when there is no archive address. ``pdf_sizes`` gives the PDF sizes of editions whose PDF is being written
    in the same render (None: it has none); others are looked up in the outbox."""
    ordered = newest_first(entries)
    newest = ordered[0]
    archive = newest.archive_url
    if not archive:
        return None
    home = archive.rstrip("/") + "/"
    chosen = ordered[: newest.feed_limit]
    host = urlsplit(archive).hostname or "localhost"
    items = []
    for entry in chosen:
        size = pdf_sizes[entry.slug] if pdf_sizes and entry.slug in pdf_sizes else _pdf_size(outbox, entry.slug)
        items.append(
            FeedItem(
                entry=entry,
                content=content(entry),
                id=entry_id(entry, series, host),
                published=published(entry),
                updated=updated(entry),
                pdf_url=(entry.web_url or f"{home}{in_url(entry.slug)}/") + EDITION_PDF if size is not None else None,
                pdf_length=size,
            )
        )
    return SeriesFeed(
        title=newest.series_name,
        description=newest.tagline or newest.series_name,
        home_url=home,
        rss_url=home + RSS_FEED,
        atom_url=home + ATOM_FEED,
        lang=next((e.lang for e in ordered if not e.translation_of), newest.lang),  # the originals' language
        publisher=newest.publisher,
        updated=max(item.updated for item in items),  # the newest edition's date, or a later correction's
        items=tuple(items),
    )


def theme_reads(theme: ThemeSpec, root: Path) -> tuple[Read, ...]:
    """Every file along the theme's search path, its assets and fonts too, and what each folder holds (a template
    added to a project's theme replaces the one it shadowed): an output may include any of them."""
    with noting() as noted:
        for folder in theme.folders:
            for inner in [folder, *(p for p in sorted(folder.rglob("*")) if p.is_dir())]:
                for path in listing(inner, "*"):
                    if path.is_file():
                        read_bytes(path)
        own = {layer.theme for layer in theme.layers if not layer.packaged}
        for layer in theme.layers:  # a project folder that would come before a shipped theme, if it appeared
            if layer.packaged and layer.theme not in own:
                note_absent(root / TEMPLATES / layer.theme)
    return tuple(noted.files.values())


def edition_record(prepared: Prepared, theme_reads: tuple[Read, ...]) -> Record:
    """The record of a freshly prepared edition, as far as the feeds know it: its entry and what it was made from
    (``theme_reads``: its theme's files). A build's worker adds its outputs and article."""
    return Record(
        slug=prepared.edition.slug,
        series=str(series_file(prepared.manifest.path, prepared.manifest.edition["series"])),
        standing=Standing.NETWORK if prepared.reads.volatile else Standing.ENTRY,
        reads=(*prepared.reads.files.values(), *theme_reads),
        entry=archive_entry(prepared.edition),
        theme=prepared.edition.theme,
    )


class Themes:
    """Each theme found, loaded and read once for all the editions that use it (in one render's feeds, or in one
    build's process), not once an edition: its compiled templates are loaded once, its files read once."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[tuple[Path, ...], Path], Theme] = {}
        self._reads: dict[tuple[tuple[Path, ...], Path], tuple[Read, ...]] = {}

    def loaded(self, prepared: Prepared) -> Theme:
        """The edition's theme, ready to render."""
        key = (prepared.theme.folders, prepared.root)
        if key not in self._loaded:
            self._loaded[key] = load_theme(prepared.theme, prepared.root)
        return self._loaded[key]

    def reads(self, prepared: Prepared) -> tuple[Read, ...]:
        """Every file of the edition's theme, as theme_reads gives them."""
        key = (prepared.theme.folders, prepared.root)
        if key not in self._reads:
            self._reads[key] = theme_reads(prepared.theme, prepared.root)
        return self._reads[key]


class SiblingFailed(Exception):
    """Another edition that failed before, and whose files have not changed since."""


class _Collector:
    """Each edition's entry: from the project's store of records while its files are unchanged, else prepared
    anew (and noted in the store). Contents of kept entries are read only for the editions the feed takes."""

    def __init__(self, root: Path) -> None:
        self.store = Store.load(root)
        self.checker = Checker()
        self.themes = Themes()
        # By slug: the manifest, and the entry's content when made now, or the key it is kept by.
        self._found: dict[str, tuple[Path, str, bool]] = {}

    def made(self, manifest: Path, prepared: Prepared, content: str | None = None) -> ArchiveEntry:
        """The entry of a freshly prepared edition (``content`` when it is made already), kept unless something in
        it came from the network."""
        record = edition_record(prepared, self.themes.reads(prepared))
        if content is None:
            content = entry_content(prepared.edition, self.themes.loaded(prepared))
        if record.standing is not Standing.NETWORK:
            self.store.note_entry(str(manifest), record, content)
        assert record.entry is not None
        self._found[record.slug] = (manifest, content, True)
        return record.entry

    def sibling(self, manifest: Path, series: Path) -> ArchiveEntry | None:
        """The entry of another manifest in editions/ when it belongs to ``series``; raises when it does but has
        problems. A manifest that failed is not read again until one of the files it was made from changes."""
        kept = self.store.for_feeds(str(manifest), self.checker)
        if kept is not None and kept.standing is Standing.FAILED:
            raise SiblingFailed(manifest)
        if kept is not None and kept.series != str(series):
            return None
        if kept is not None and kept.entry is not None:
            self._found[kept.entry.slug] = (manifest, kept.content, False)
            return kept.entry
        with noting() as noted:
            try:
                found = glance(manifest)
                if found is None and not top_level(manifest):  # not a mapping of keys that can be read
                    raise SiblingFailed(manifest)
                if found is None or found.series != series:
                    prepared = None
                else:
                    prepared = prepare(manifest, FeedOptions(offline=True))
            except Exception:
                self.store.note_entry(str(manifest), Record("", "", Standing.FAILED, tuple(noted.files.values())))
                raise
        if found is None:
            return None
        if prepared is None:
            self.store.note_entry(
                str(manifest), Record("", str(found.series), Standing.ENTRY, tuple(noted.files.values()))
            )
            return None
        return self.made(manifest, prepared)

    def content(self, entry: ArchiveEntry) -> str:
        """The entry's content: kept, or made again if its file went away since it was checked."""
        manifest, where, made = self._found[entry.slug]
        content = where if made else self.store.text(where)
        if content is None:
            self.made(manifest, prepare(manifest, FeedOptions(offline=True)))
            return self.content(entry)
        return content


@dataclass
class SeriesFeeds:
    """The series' feeds made for one render: the files to write (with the edition's own, all together), the
    warnings, and the store to save once they are written."""

    files: dict[Path, bytes]
    warnings: list[Finding]
    store: Store
    stale: list[Path] = field(default_factory=list)  # feeds to remove: there is nothing published to put in them

    def written(self) -> None:
        self.store.save()


def series_feeds(
    current: Prepared,
    outbox: Path,
    content: str | None = None,
    pdf_sizes: dict[str, int | None] | None = None,
) -> SeriesFeeds:
    """The feeds of the series ``current`` belongs to (``content``: its feed entry's, when made already;
    ``pdf_sizes``: of PDFs written in the same render, see build_feed). Another edition's problem, of any kind,
    is a warning naming its file."""
    manifest = current.manifest
    here = manifest.path.resolve()
    series = series_file(manifest.path, manifest.edition["series"])
    collector = _Collector(current.root)
    warnings: list[Finding] = []
    with folders_read_once():  # each sibling looks through editions/ for its language versions: read it once
        siblings = _siblings(collector, here.parent, series, warnings, here)
    entries = [collector.made(here, current, content), *siblings]
    return _feeds(collector, entries, series, outbox, pdf_sizes, warnings)


def _siblings(
    collector: _Collector, editions: Path, series: Path, warnings: list[Finding], skip: Path
) -> list[ArchiveEntry]:
    """The entries of every edition of ``series`` in ``editions`` but ``skip``; the store forgets the others."""
    entries = []
    present = {str(skip)}
    for path in manifests_in(editions):  # beside the resolved manifest: resolved too
        present.add(str(path))
        if path == skip:
            continue
        try:
            entry = collector.sibling(path, series)
        except Exception:
            warnings.append(left_out(path))
            continue
        if entry is not None:
            entries.append(entry)
    collector.store.forget_unbuilt(present)
    return entries


def _feeds(
    collector: _Collector,
    entries: list[ArchiveEntry],
    series: Path,
    outbox: Path,
    pdf_sizes: dict[str, int | None] | None,
    warnings: list[Finding],
) -> SeriesFeeds:
    entries = [entry for entry in entries if not entry.draft]  # a build's --drafts puts them in (feeds_writer.py)
    if not entries:
        warnings.append(feeds_warning(ONLY_DRAFTS))
        return SeriesFeeds({}, warnings, collector.store, [outbox / RSS_FEED, outbox / ATOM_FEED])
    feed = build_feed(entries, series_key(str(series)), outbox, collector.content, pdf_sizes)
    if feed is None:
        warnings.append(feeds_warning(NO_ADDRESSES))
        return SeriesFeeds({}, warnings, collector.store)
    return SeriesFeeds({outbox / name: data for name, data in render_feeds(feed).items()}, warnings, collector.store)


def write_series_feeds(current: Prepared, outbox: Path, content: str | None = None) -> tuple[list[Path], list[Finding]]:
    """Build and write the feeds of the series ``current`` belongs to; returns the files written and warnings."""
    feeds = series_feeds(current, outbox, content)
    written = write_files(feeds.files, within=[outbox])
    feeds.written()
    return written, feeds.warnings

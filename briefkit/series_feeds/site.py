"""What a build's writers get once every edition's record is collected (the first phase), and what each gives back
(the second): the feeds (series_feeds/feeds_writer.py) and the web archive's pages, index and sitemap (archive/)
each read the records and say which files to write and remove; the build writes them all together."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.edition.model import ArchiveEntry
from briefkit.errors import Finding, Location
from briefkit.series_feeds.feed_warnings import feeds_warning, kept_as_built, left_out
from briefkit.series_feeds.record import Record, Standing, newest_first
from briefkit.series_feeds.store import Store

if TYPE_CHECKING:
    from briefkit.render.templates import Theme

WEB = "web"  # the web archive's folder in the outbox


@dataclass(frozen=True)
class Listed:
    """An edition the feeds and the archive show: its manifest, its record, its entry."""

    manifest: str
    record: Record
    entry: ArchiveEntry


@dataclass
class Writes:
    """What one writer gives back: files to write, files to remove (all inside the outbox), and warnings."""

    files: dict[Path, bytes] = field(default_factory=dict)
    remove: list[Path] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)


@dataclass
class Site:
    """Every edition's record after the first phase, for the writers."""

    root: Path
    outbox: Path
    store: Store
    formats: list[str]
    drafts: bool
    present: list[str]  # the manifests in editions/, in name order
    series: Path | None = None  # the series the feeds and the archive are of; None: nothing to publish
    listed: list[Listed] = field(default_factory=list)  # newest first: published editions (drafts with --drafts)
    gone: bool = False  # the last edition was removed: every writer removes its files
    warnings: list[Finding] = field(default_factory=list)

    @property
    def entries(self) -> list[ArchiveEntry]:
        return [listed.entry for listed in self.listed]

    @cached_property
    def theme(self) -> Theme:
        """The newest listed edition's theme, loaded once for every writer."""
        from briefkit.manifest.themes import find_theme  # the templates load only when a writer has pages to make
        from briefkit.render.templates import load_theme

        newest = self.listed[0]
        spec = find_theme(newest.record.theme, self.root, Location(Path(newest.manifest)))
        return load_theme(spec, self.root)


def collect_site(
    store: Store, root: Path, outbox: Path, formats: list[str], drafts: bool, present: list[str], failed: set[str]
) -> Site:
    """The site over the records of the ``present`` manifests (``failed``: those that failed in this build): the
    series most of them belong to, and its editions to list, newest first."""
    site = Site(root, outbox, store, formats, drafts, present)
    if not present:  # the last edition was removed (or there never was one)
        site.gone = True
        return site
    # An edition that fails now keeps its last good version in the feeds and the archive (what readers have seen
    # already), until it is fixed; one that never went through is left out.
    good = [(m, store.records[m]) for m in present if m in store.records]
    good = [(m, record) for m, record in good if record.standing is not Standing.FAILED or record.entry is not None]
    series_of = Counter(record.series for _, record in good)
    if not series_of:
        return site
    site.series = Path(series_of.most_common(1)[0][0])
    if len(series_of) > 1:
        others = ", ".join(sorted(Path(name).name for name in series_of if name != str(site.series)))
        site.warnings.append(
            feeds_warning(
                f"editions/ holds editions of more than one series; the feeds and the archive are "
                f"{site.series.name}'s, and {others} is left out"
            )
        )
    kept = {m for m, record in good if record.standing is Standing.FAILED}
    site.warnings += [
        (kept_as_built if manifest in kept else left_out)(manifest)
        for manifest in present
        if manifest in failed or manifest in kept
    ]
    by_entry = {
        record.entry: Listed(manifest, record, record.entry)
        for manifest, record in good
        if record.series == str(site.series) and record.entry is not None and (drafts or not record.entry.draft)
    }
    site.listed = [by_entry[entry] for entry in newest_first(by_entry)]
    return site

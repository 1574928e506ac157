"""Everything before rendering, for one manifest: load and check it, take items from feeds, build the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefkit.edition.build import build_edition
from briefkit.edition.model import Edition
from briefkit.edition.raw_html import raw_html_findings
from briefkit.errors import Finding
from briefkit.io.reads import Reads, noting
from briefkit.manifest.load import Manifest, load_manifest
from briefkit.manifest.themes import ThemeSpec
from briefkit.sources.feeds_in.items import FeedOptions, ResolvedFeeds, resolve_feeds


@dataclass
class Prepared:
    """An edition ready to render, with what resolving its sources produced on the way."""

    manifest: Manifest
    edition: Edition
    feeds: ResolvedFeeds
    reads: Reads  # the files the edition was made from (the theme's aside)
    warnings: list[Finding] = field(default_factory=list)  # the manifest's, the feeds', the model's: the render goes on

    @property
    def root(self) -> Path:
        return self.manifest.root

    @property
    def theme(self) -> ThemeSpec:
        return self.manifest.theme


def prepare(manifest_path: Path, feed_options: FeedOptions | None = None) -> Prepared:
    """Load and check the manifest and its theme, take items from feeds, build the edition model."""
    warnings: list[Finding] = []
    with noting() as noted:
        manifest = load_manifest(manifest_path)
        feeds = resolve_feeds(manifest, feed_options)
        edition = build_edition(manifest, feeds.items, warnings)
        warnings += raw_html_findings(manifest)  # shown to readers as the text it is
    return Prepared(manifest, edition, feeds, noted, [*manifest.warnings, *feeds.warnings, *warnings])

"""One edition of a build, made in a worker process: every format, its feed entry and its archive article, all in
memory. The build writes what comes back; a worker writes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefkit.archive.pages import WEB, render_article
from briefkit.edition.model import ArchiveEntry
from briefkit.edition.prepare import prepare
from briefkit.errors import BriefkitError
from briefkit.io.outbox import EDITION_PDF
from briefkit.io.reads import Read
from briefkit.render.delivery import service_of
from briefkit.render.feed_entry import archive_entry, entry_content
from briefkit.render.outputs import render_outputs
from briefkit.render.templates import Theme, load_theme
from briefkit.series_feeds.collect import theme_reads

# What `briefkit build` makes of each edition when no --format is given; campaign.json too, with a list service.
BUILD_FORMATS = ["email", "text", "pdf", "eml"]


@dataclass
class Made:
    """An edition made: its files (by path in the outbox), and what the feeds and the archive need of it."""

    manifest: str
    slug: str
    series: str
    theme: str
    files: dict[str, bytes]
    lock: tuple[str, bytes] | None  # the lock file of items taken from feeds for the first time
    entry: ArchiveEntry
    feed_content: str
    article: str | None  # None: a draft, left out of the archive
    reads: tuple[Read, ...]  # everything it was made from, its theme's files too
    warnings: list[str] = field(default_factory=list)
    volatile: bool = False  # something came from the network: not to be reused
    failures: list[str] = field(default_factory=list)  # a format that failed alone (a PDF over its time limit)


@dataclass
class Failed:
    manifest: str
    problem: str  # located, in plain words


# Within one build, each theme is found, loaded and read once per process, not once per edition (a build clears
# these before it starts, so a theme edited between two builds in one process is seen).
_themes: dict[tuple[tuple[Path, ...], Path], Theme] = {}
_theme_reads: dict[tuple[tuple[Path, ...], Path], tuple[Read, ...]] = {}


def forget_themes() -> None:
    _themes.clear()
    _theme_reads.clear()


def make(manifest: str, root: str, formats: list[str], drafts: bool) -> Made | Failed:
    """Make one edition; its problems come back as text, never as an exception."""
    try:
        return _make(Path(manifest), formats, drafts)
    except BriefkitError as error:
        return Failed(manifest, error.display(Path(root)))


def _make(manifest: Path, formats: list[str], drafts: bool) -> Made:
    prepared = prepare(manifest)
    edition = prepared.edition
    key = (prepared.theme.folders, prepared.root)
    if key not in _themes:
        _themes[key] = load_theme(prepared.theme, prepared.root)
        _theme_reads[key] = theme_reads(prepared.theme, prepared.root, everything=True)
    theme = _themes[key]
    service = service_of(edition)
    wanted = (
        [*formats, "campaign"] if service is not None and service.unsubscribe and "campaign" not in formats else formats
    )
    rendered = render_outputs(edition, theme, wanted)
    files = {f"{edition.slug}/{name}": data for name, data in rendered.files.items()}
    article = None
    if drafts or not edition.draft:
        made = render_article(edition, theme)
        article = made.html
        for name, data in made.pictures.items():
            files[f"{WEB}/{edition.slug}/{name}"] = data
        if EDITION_PDF in rendered.files:
            files[f"{WEB}/{edition.slug}/{EDITION_PDF}"] = rendered.files[EDITION_PDF]
    series = (manifest.parent / prepared.manifest.edition["series"]).resolve()
    reads = (*prepared.reads.files.values(), *_theme_reads[key])
    return Made(
        manifest=str(manifest),
        slug=edition.slug,
        series=str(series),
        theme=edition.theme,
        files=files,
        lock=(str(prepared.feeds.lock_path), prepared.feeds.lock) if prepared.feeds.lock is not None else None,
        entry=archive_entry(edition),
        feed_content=entry_content(edition, theme),
        article=article,
        reads=reads,
        warnings=prepared.warnings + rendered.warnings,
        volatile=prepared.reads.volatile,
        failures=[failure.display(prepared.root) for failure in rendered.failures],
    )

"""The library API: manifest -> sources -> edition model -> one renderer per format -> outbox."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.edition import build_edition
from briefkit.errors import BriefkitError, Location, ManifestError, ThemeError
from briefkit.feed_items import FeedOptions, ResolvedFeeds, resolve_feeds
from briefkit.manifest import Manifest, load_manifest
from briefkit.model import Edition
from briefkit.outbox import EDITION_PDF, EMAIL_HTML, EMAIL_TEXT, write_all
from briefkit.reads import Reads, noting
from briefkit.theme import Theme, load_theme, template_errors

if TYPE_CHECKING:
    from briefkit.resources import Resources


@dataclass
class Output:
    """What one renderer made: the file's bytes, and anything the editor should hear about."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


def _email_html(edition: Edition, theme: Theme) -> Output:
    from briefkit.email_html import render_email_html

    return Output(render_email_html(edition, theme).encode("utf-8"))


def _email_text(edition: Edition, theme: Theme) -> Output:
    from briefkit.email_text import render_email_text

    return Output(render_email_text(edition, theme).encode("utf-8"))


def pdf_resources(editions: Sequence[Edition], theme: Theme) -> Resources:
    """What the PDF of ``editions`` may load: the theme's files, the editions' local pictures, the allowed hosts."""
    from briefkit.resources import Resources

    assets = {url: asset for edition in editions for url, asset in edition.assets().items()}
    return Resources(theme.folder, assets, editions[0].print.allowed_hosts)


def _pdf(edition: Edition, theme: Theme) -> Output:
    from briefkit.pdf import render_pdf

    pdf = render_pdf(edition, theme, pdf_resources([edition], theme))
    return Output(pdf.data, pdf.warnings)


# format name -> (file name, renderer)
FORMATS: dict[str, tuple[str, Callable[[Edition, Theme], Output]]] = {
    "email": (EMAIL_HTML, _email_html),
    "text": (EMAIL_TEXT, _email_text),
    "pdf": (EDITION_PDF, _pdf),
}
# The series' feeds (outbox/feed.xml and outbox/atom.xml) are a format too, written after the edition's files.
ALL_FORMATS = [*FORMATS, "feed"]


def parse_formats(spec: str | None) -> list[str]:
    """'email,text' -> ['email', 'text']; None or '' -> every format."""
    if not spec:
        return list(ALL_FORMATS)
    names = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in names if name not in ALL_FORMATS]
    if unknown:
        raise ManifestError.at(
            Location(Path("--format")),
            f"unknown format '{unknown[0]}'; choose from {', '.join(ALL_FORMATS)}",
        )
    return names


@dataclass
class Prepared:
    """An edition ready to render, with what resolving its sources produced on the way."""

    manifest: Manifest
    edition: Edition
    theme: Theme
    feeds: ResolvedFeeds
    reads: Reads  # the files the edition was made from (the theme's aside)

    @property
    def root(self) -> Path:
        return self.manifest.root


def prepare(manifest_path: Path, feed_options: FeedOptions | None = None) -> Prepared:
    """Load and check the manifest, take items from feeds, build the edition model, find the theme."""
    with noting() as noted:
        manifest = load_manifest(manifest_path)
        feeds = resolve_feeds(manifest, feed_options)
        edition = build_edition(manifest, feeds.items)
    theme = load_theme(edition.theme, manifest.root, manifest.edition.where("theme"))
    return Prepared(manifest, edition, theme, feeds, noted)


def load_edition(manifest_path: Path) -> tuple[Edition, Theme, Path]:
    """The edition model, its theme and its project folder."""
    prepared = prepare(manifest_path)
    return prepared.edition, prepared.theme, prepared.root


@dataclass
class Rendered:
    """Every requested format rendered in memory, and the formats that failed on their own."""

    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    failures: list[BriefkitError] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)


def render_outputs(edition: Edition, theme: Theme, formats: list[str]) -> Rendered:
    """Render each format. A template error stops everything; a PDF that fails alone (time limit) lets the rest out."""
    rendered = Rendered()
    for name in formats:
        file_name, renderer = FORMATS[name]
        with template_errors(theme):
            try:
                output = renderer(edition, theme)
            except ThemeError as error:
                if name != "pdf":
                    raise
                rendered.failures.append(error)
                rendered.failed_files.append(file_name)
                continue
        rendered.files[file_name] = output.data
        rendered.warnings += [f"{edition.slug}/{file_name}: {warning}" for warning in output.warnings]
    return rendered


@dataclass
class RenderResult:
    written: list[Path]
    warnings: list[str]
    failures: list[BriefkitError]


def render(
    manifest_path: Path,
    formats: list[str] | None = None,
    outbox: Path | None = None,
    feed_options: FeedOptions | None = None,
) -> RenderResult:
    """Render an edition into ``outbox/<slug>/`` (the project's outbox/ by default).

    Bad input raises BriefkitError and writes nothing. A format that fails on its own (a PDF over its time limit)
    is listed in ``failures``; the other formats are written and that format's stale file is removed. Items
    taken from feeds for the first time (or with ``refresh``) are frozen in the lock file beside the manifest.
    """
    prepared = prepare(Path(manifest_path), feed_options)
    edition, theme, root = prepared.edition, prepared.theme, prepared.root
    formats = formats or list(ALL_FORMATS)
    rendered = render_outputs(edition, theme, [name for name in formats if name != "feed"])
    feed_content = None
    if "feed" in formats:  # made before anything is written: a template error there writes nothing
        from briefkit.feed_entry import entry_content

        feed_content = entry_content(edition, theme)
    outbox = outbox or root / "outbox"
    written = write_all(outbox / edition.slug, rendered.files, remove=rendered.failed_files)
    if prepared.feeds.lock is not None:
        written += write_all(prepared.feeds.lock_path.parent, {prepared.feeds.lock_path.name: prepared.feeds.lock})
    warnings = prepared.feeds.warnings + rendered.warnings
    if "feed" in formats:
        from briefkit.archive import write_series_feeds

        feed_written, feed_warnings = write_series_feeds(prepared, outbox, feed_content)
        written += feed_written
        warnings += feed_warnings
    return RenderResult(written, warnings, rendered.failures)


def render_book_pdf(manifest_paths: Sequence[Path], output: Path, title: str | None = None) -> RenderResult:
    """Bind several editions into one PDF at ``output``: cover, contents, each edition from a right-hand page."""
    from briefkit.pdf import render_book

    loaded = [load_edition(Path(path)) for path in manifest_paths]
    editions = [edition for edition, _, _ in loaded]
    theme = loaded[0][1]
    book_title = title or f"{editions[0].series_name}: Collected Editions"
    with template_errors(theme):
        pdf = render_book(editions, theme, pdf_resources(editions, theme), book_title)
    written = write_all(output.parent, {output.name: pdf.data})
    return RenderResult(written, [f"{output.name}: {warning}" for warning in pdf.warnings], [])

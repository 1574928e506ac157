"""The library API: manifest -> sources -> edition model -> one renderer per format -> outbox (and the series' feeds);
every command of the command line is one call here.

from briefkit.api import render
render(Path("editions/2021-03-31-the-beijing-moscow-partnership.yaml"), ["email", "text"])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.errors import BriefkitError, Finding, Location, MessageError
from briefkit.io.outbox import EDITION_PDF, write_all, write_files

# What renders (the edition model, the manifest checker, the templates) is loaded when a call needs it, not with the
# API: a build where nothing changed, or `parse_formats` alone, loads none of it (tests/test_build_records.py).
# scaffold/schema_files.py's EDITION_SCHEMA and SERIES_SCHEMA (tests/test_build_records.py keeps them the same).
SCHEMA_FILES = ("edition.schema.json", "series.schema.json")
_LOADED_WHEN_ASKED = {
    "Edition": "briefkit.edition.model",
    "prepare": "briefkit.edition.prepare",
    "Prepared": "briefkit.edition.prepare",
    "ALL_FORMATS": "briefkit.render.outputs",
    "DEFAULT_FORMATS": "briefkit.render.outputs",
    "parse_formats": "briefkit.render.outputs",
    "pdf_resources": "briefkit.render.outputs",
    "render_outputs": "briefkit.render.outputs",
    "Theme": "briefkit.render.templates",
    "load_theme": "briefkit.render.templates",
    "template_errors": "briefkit.render.templates",
    "FeedOptions": "briefkit.sources.feeds_in.items",
}

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from briefkit.check.run import CheckResult

    # The names loaded when asked for, as type checkers see them (each re-exported as it was).
    from briefkit.edition.model import Edition as Edition
    from briefkit.edition.prepare import Prepared as Prepared
    from briefkit.edition.prepare import prepare as prepare
    from briefkit.manifest.theme_kinds import KeyInfo, KindInfo
    from briefkit.manifest.themes import ThemeSpec
    from briefkit.preview.server import PreviewServer
    from briefkit.render.outputs import ALL_FORMATS as ALL_FORMATS
    from briefkit.render.outputs import DEFAULT_FORMATS as DEFAULT_FORMATS
    from briefkit.render.outputs import parse_formats as parse_formats
    from briefkit.render.outputs import pdf_resources as pdf_resources
    from briefkit.render.outputs import render_outputs as render_outputs
    from briefkit.render.templates import Theme as Theme
    from briefkit.render.templates import load_theme as load_theme
    from briefkit.render.templates import template_errors as template_errors
    from briefkit.sending.publish.run import Published
    from briefkit.sending.trial import TrialSend
    from briefkit.series_build.run import BuildResult, Outcome
    from briefkit.sources.feeds_in.items import FeedOptions as FeedOptions


def __getattr__(name: str) -> Any:
    """``prepare``, ``render_outputs``, ``parse_formats`` and the like, imported the first time they are asked for."""
    if name not in _LOADED_WHEN_ASKED:
        raise AttributeError(f"module 'briefkit.api' has no attribute '{name}'")
    # __import__, not importlib.import_module: the import is the interpreter's own, so `-X importtime` lists it.
    value = getattr(__import__(_LOADED_WHEN_ASKED[name], fromlist=[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "ALL_FORMATS",
    "FeedOptions",
    "Finding",
    "Prepared",
    "RenderResult",
    "build",
    "check",
    "load_edition",
    "new_edition",
    "new_project",
    "parse_formats",
    "prepare",
    "preview",
    "proof",
    "publish",
    "render",
    "render_book_pdf",
    "render_outputs",
    "schema",
    "send_test",
    "theme_kinds",
    "theme_of",
]


def load_edition(manifest_path: Path) -> tuple[Edition, Theme, Path]:
    """The edition model, its theme ready to render, and its project folder."""
    from briefkit.edition.prepare import prepare
    from briefkit.render.templates import load_theme

    prepared = prepare(Path(manifest_path))
    return prepared.edition, load_theme(prepared.theme, prepared.root), prepared.root


@dataclass
class RenderResult:
    written: list[Path]
    warnings: list[Finding]
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
    from briefkit.edition.prepare import prepare
    from briefkit.render.outputs import DEFAULT_FORMATS, render_outputs
    from briefkit.render.templates import load_theme

    prepared = prepare(Path(manifest_path), feed_options)
    edition, root = prepared.edition, prepared.root
    theme = load_theme(prepared.theme, root)
    formats = formats or list(DEFAULT_FORMATS)
    if "campaign" in formats and edition.delivery is None:  # said at the series key, not at --format
        from briefkit.render.campaign import NO_SERVICE

        raise MessageError.at(prepared.manifest.edition.where("series"), NO_SERVICE, "delivery")
    rendered = render_outputs(edition, theme, [name for name in formats if name != "feed"])
    feed_content = None
    if "feed" in formats:  # made before anything is written: a template error there writes nothing
        from briefkit.render.feed_entry import entry_content  # the feeds' code: ~10 ms to load, for feeds only

        feed_content = entry_content(edition, theme)
    outbox = outbox or root / "outbox"
    folder = outbox / edition.slug
    files = {folder / name: data for name, data in rendered.files.items()}
    if prepared.feeds.lock is not None:
        files[prepared.feeds.lock_path] = prepared.feeds.lock
    warnings = prepared.warnings + rendered.warnings
    feeds = None
    if "feed" in formats:
        from briefkit.series_feeds.collect import series_feeds

        pdf_sizes = None
        if "pdf" in formats:  # the feed's enclosure is the PDF written now, or none when it failed
            pdf = rendered.files.get(EDITION_PDF)
            pdf_sizes = {edition.slug: len(pdf) if pdf is not None else None}
        feeds = series_feeds(prepared, outbox, feed_content, pdf_sizes)
        files.update(feeds.files)
        warnings += feeds.warnings
    # The edition's files, its lock file and the series' feeds: replaced all together, or none of them.
    stale = [folder / name for name in rendered.failed_files] + (feeds.stale if feeds is not None else [])
    # Never outside the outbox, but for the edition's own lock file beside its manifest.
    written = write_files(files, remove=stale, within=[outbox, prepared.feeds.lock_path])
    if feeds is not None:
        feeds.written()
    written += _schemas_in_step(root)
    return RenderResult(written, warnings, rendered.failures)


def render_book_pdf(manifest_paths: Sequence[Path], output: Path, title: str | None = None) -> RenderResult:
    """Bind several editions into one PDF at ``output``: cover, contents, each edition from a right-hand page."""
    from briefkit.render.outputs import pdf_resources
    from briefkit.render.pdf import render_book  # the PDF's code loads WeasyPrint's ~500 modules when it runs
    from briefkit.render.templates import template_errors

    loaded = [load_edition(Path(path)) for path in manifest_paths]
    editions = [edition for edition, _, _ in loaded]
    theme = loaded[0][1]
    book_title = title or f"{editions[0].series_name}: Collected Editions"
    with template_errors(theme):
        pdf = render_book(editions, theme, pdf_resources(editions, theme), book_title, output)
    written = write_all(output.parent, {output.name: pdf.data})
    return RenderResult(written, pdf.warnings, [])


def send_test(
    manifest_path: Path, recipients: list[str], smtp: dict[str, object] | None = None, prefix: bool = True
) -> TrialSend:
    """Render the edition in memory and send it to ``recipients`` (at most 10) through the series' SMTP server,
    with ``smtp`` (host, port, security, username) given in its stead; the subject starts with "[Test] " unless
    not ``prefix``. Raises BriefkitError; writes nothing."""
    from briefkit.sending.trial import send_trial

    return send_trial(Path(manifest_path), recipients, smtp, prefix)


def build(
    project: Path,
    formats: list[str] | None = None,
    jobs: int | None = None,
    drafts: bool = False,
    outbox: Path | None = None,
    begin: Callable[[int, int], None] | None = None,
    report: Callable[[Outcome], None] | None = None,
) -> BuildResult:
    """Build every edition of ``project`` (formats: email, text, pdf, eml by default), the series' feeds and the
    web archive into its outbox, making again only what changed, in ``jobs`` processes (default: the machine's
    cores). One edition's problem fails that edition alone: see BuildResult.failed."""
    from briefkit.series_build.run import build as build_project

    _schemas_in_step(Path(project))
    return build_project(Path(project), formats, jobs, drafts, outbox, begin, report)


def _schemas_in_step(project: Path) -> list[Path]:
    """The project's edition.schema.json and series.schema.json, where it has them, made again when its theme's
    kinds or keys changed (docs/manifest.md); the files written."""
    if not any((project / name).is_file() for name in SCHEMA_FILES):
        return []  # a project without them is not given them here: the schemas' code is not even loaded
    from briefkit.scaffold.schema_files import refresh_schemas

    return refresh_schemas(project)


def check(manifests: Sequence[Path], project: Path, links: bool = False) -> CheckResult:
    """Check ``manifests`` (every edition in ``project``'s editions/ when none is named) before sending: validate
    and render each in memory, write nothing, find what an editor should fix (docs/check.md); with ``links``, ask
    every link of the emails too. A series file named here is a located problem (exit status 2)."""
    from briefkit.check.run import CheckResult
    from briefkit.check.run import check as check_editions
    from briefkit.manifest.siblings import manifests_in

    folder = Path(project) / "editions"
    named = [Path(manifest) for manifest in manifests] or manifests_in(folder)
    return CheckResult(check_editions(named, links), looked_in=None if manifests else folder)


def proof(manifest_path: Path, output: Path | None = None) -> RenderResult:
    """Write the proof of an edition, one self-contained HTML page for its approvers (docs/review.md), to ``output``
    (default: outbox/<slug>/proof.html), replaced whole. Raises BriefkitError, located, and writes nothing when the
    edition does not render; a PDF that fails alone is listed in ``failures``, and the proof says so."""
    from briefkit.io.outbox import write_files
    from briefkit.review.proof import PROOF, make_proof

    made = make_proof(Path(manifest_path))
    output = Path(output) if output is not None else made.root / "outbox" / made.slug / PROOF
    written = write_files({output: made.html}, within=[output])
    return RenderResult(written, made.warnings, made.failures)


def preview(
    manifest: Path, host: str = "127.0.0.1", port: int = 0, report: Callable[[str], None] | None = None
) -> PreviewServer:
    """A live preview of ``manifest``'s project, not yet started: ``start()``, then ``stop()``. Raises OSError when
    ``host``:``port`` cannot be served on."""
    from briefkit.preview.server import PreviewServer

    return PreviewServer(Path(manifest), host, port, report)


def only_this_machine(host: str) -> bool:
    """Whether a preview served on ``host`` is seen from this machine alone."""
    from briefkit.preview.server import LOOPBACK

    return host in LOOPBACK


def new_project(
    folder: Path, date: dt.date, copy_theme: bool = False, name: str | None = None, ci: str | None = None
) -> list[Path]:
    """Make a project in ``folder`` that renders at once: a series file, one edition, an ignored outbox/; with
    ``ci`` (github or gitlab), the CI file that checks and proofs each change; the files written, the sample edition
    last. Raises BriefkitError."""
    from briefkit.scaffold.project import new_project as make

    return make(Path(folder), date, copy_theme, name, ci)


def new_edition(title: str | None, date: dt.date, editions: Path, series: Path | None = None) -> Path:
    """Write ``editions``/<date>-<slug>.yaml for ``title`` (the series file: the only one in ``editions`` unless
    given); the file written. No ``title`` when the series' title_pattern is a fixed title: the file is
    ``editions``/<date>.yaml. Raises BriefkitError."""
    from briefkit.scaffold.edition import new_edition as make

    return make(title, date, Path(editions), series)


def theme_of(file: Path | None, project: Path) -> tuple[ThemeSpec, Path]:
    """The theme an edition or series file uses (without ``file``: the only series file in ``project``'s
    editions/), and the project folder. Raises BriefkitError."""
    from briefkit.manifest.load import theme_of_file

    return theme_of_file(file, Path(project))


def theme_kinds(spec: ThemeSpec) -> tuple[tuple[KindInfo, ...], tuple[KeyInfo, ...]]:
    """Every section kind of theme ``spec`` (briefkit's, then its own) with its keys and partials, and the edition
    keys it adds. Raises BriefkitError when its theme.yaml declares what it may not."""
    from briefkit.manifest.theme_kinds import theme_keys
    from briefkit.manifest.theme_kinds import theme_kinds as kinds

    return kinds(spec), theme_keys(spec)


def schema(
    series: bool = False, theme: str | None = None, project: Path | None = None, output: Path | None = None
) -> dict[str, Any]:
    """The JSON Schema of edition manifests (of series files with ``series``), with the section kinds and keys
    the theme named ``theme`` (found from ``project``) declares, or without ``theme`` the theme of ``project``'s
    series file (none outside a project); written to ``output`` too, whole or not at all, when given. Raises
    BriefkitError."""
    from briefkit.manifest.json_schema import edition_schema, series_schema
    from briefkit.scaffold.schema_files import types_here

    types = types_here(Path(project)) if theme is None and project is not None else None
    if theme is not None:
        from briefkit.manifest.theme_types import manifest_types
        from briefkit.manifest.themes import find_theme

        types = manifest_types(find_theme(theme, Path(project or Path.cwd()), Location(Path("--theme"))))
    made = series_schema(types) if series else edition_schema(types)
    if output is not None:
        from briefkit.scaffold.schema_files import write_schema

        write_schema(made, Path(output))
    return made


def publish(manifest_path: Path, schedule: str | None = None, dry_run: bool = False) -> Published:
    """Put the edition into the series' delivering service (listmonk, Buttondown or Mailchimp) through its API: a
    draft campaign, scheduled at ``schedule`` (a date and time in the series' time zone unless it gives an offset),
    or the campaign published before (its id in editions/<slug>.campaign.json) changed. Credentials come from
    BRIEFKIT_DELIVERY_TOKEN (and BRIEFKIT_DELIVERY_USER for listmonk). ``dry_run``: the requests, nothing sent.
    Raises BriefkitError, one line for each way it can fail."""
    from briefkit.sending.publish.run import publish as publish_edition

    return publish_edition(Path(manifest_path), schedule, dry_run)


def doc_topics() -> dict[str, str]:
    """The pages of briefkit's documentation, each topic with its title: {"manifest": "The manifest", ...}."""
    from briefkit.io.package import doc_topics as pages

    titles = {}
    for topic, path in pages().items():
        text = path.read_text("utf-8")
        titles[topic] = (text.splitlines()[0] if text else topic).lstrip("# ").strip()
    return titles


def doc_page(topic: str) -> str:
    """The Markdown of one page of the documentation. Raises BriefkitError for a topic there is no page of."""
    from briefkit.io.package import doc_topics as pages
    from briefkit.manifest.types import suggest

    found = pages()
    if topic not in found:
        raise BriefkitError.at(
            Location(Path("briefkit docs")), f"there is no page '{topic}'; {suggest(topic, list(found))}"
        )
    return found[topic].read_text("utf-8")

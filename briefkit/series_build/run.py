"""`briefkit build`: every edition of the project in every format, the series' feeds and the web archive, into
the outbox. Editions whose files did not change are left as they are; the others are made in parallel, each in
a worker process, and each edition's files are written all together or not at all. One edition that fails does
not stop the others."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.archive.pages import PAGE, SITEMAP, WEB, neighbours, render_edition_page, render_index, render_sitemap
from briefkit.errors import BriefkitError, Location
from briefkit.io.outbox import ATOM_FEED, EDITION_PDF, RSS_FEED, is_inside, write_files
from briefkit.io.reads import Checker
from briefkit.manifest.siblings import manifests_in
from briefkit.manifest.slug import is_safe_slug
from briefkit.manifest.themes import find_theme
from briefkit.render.templates import Theme, load_theme
from briefkit.series_build.state import BuildState, Built, digest
from briefkit.series_build.work import BUILD_FORMATS, Failed, Made, forget_themes, make
from briefkit.series_feeds.collect import project_feeds, theme_reads
from briefkit.series_feeds.kept import entry_json

RENDERED, UNCHANGED, FAILED = "rendered", "unchanged", "failed"


@dataclass
class Outcome:
    """What became of one edition."""

    manifest: Path
    slug: str
    status: str  # rendered, unchanged or failed
    warnings: list[str] = field(default_factory=list)
    problem: str = ""  # why it failed, located
    draft: bool = False


@dataclass
class BuildResult:
    outcomes: list[Outcome]
    warnings: list[str]  # the feeds' and the archive's
    removed: list[str]  # editions gone from editions/, whose outputs were removed
    archive: int = 0  # editions in the web archive
    drafts_included: bool = False  # --drafts

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def drafts(self) -> int:
        return sum(outcome.draft for outcome in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == FAILED]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def build(
    root: Path,
    formats: list[str] | None = None,
    jobs: int | None = None,
    drafts: bool = False,
    outbox: Path | None = None,
    begin: Callable[[int, int], None] | None = None,
    report: Callable[[Outcome], None] | None = None,
) -> BuildResult:
    """Build the project at ``root``. ``begin(to_make, unchanged)`` is called once the plan is known, and
    ``report`` with each edition's outcome as it comes."""
    root = root.resolve()
    forget_themes()
    formats = formats or list(BUILD_FORMATS)
    outbox = (outbox or root / "outbox").resolve()
    editions = root / "editions"
    manifests = [str(path) for path in manifests_in(editions)]
    state = BuildState.load(root, f"{sorted(formats)} drafts={drafts} outbox={outbox}")
    checker = Checker()
    outcomes: dict[str, Outcome] = {}
    todo = []
    for manifest in manifests:
        built = state.unchanged(manifest, checker, outbox)
        if built is None:
            todo.append(manifest)
        else:
            outcomes[manifest] = Outcome(
                Path(manifest), built.slug, UNCHANGED, list(built.warnings), draft=_is_draft(built)
            )
    if begin is not None:
        begin(len(todo), len(outcomes))
    for manifest in outcomes:
        if report is not None:
            report(outcomes[manifest])

    made: list[Made] = []
    for result in _made(todo, root, formats, drafts, jobs or default_jobs()):
        outcome = _write_edition(result, state, outbox)
        if isinstance(result, Made):
            made.append(result)
        outcomes[result.manifest] = outcome
        if report is not None:
            report(outcome)

    removed = []
    warnings: list[str] = list(state.warnings)
    for manifest in sorted(set(state.built) - set(manifests)):  # editions deleted since the last build
        gone = state.built[manifest]
        write_files({}, remove=[outbox / path for path in gone.outputs], within=[outbox])
        del state.built[manifest]
        _remove_empty_folders(outbox, gone.outputs)
        removed.append(gone.slug)

    if made or removed or any(o.status == FAILED for o in outcomes.values()) or not _site_in_place(outbox):
        archived = _feeds_and_archive(root, editions, outbox, state, made, formats, drafts, warnings, removed)
    else:
        archived = sum(1 for built in state.built.values() if built.article and not built.failed)
    state.save()  # only after a build that went through: after a failed write, the next build checks it all
    ordered = [outcomes[manifest] for manifest in manifests if manifest in outcomes]
    return BuildResult(ordered, warnings, removed, archived, drafts)


def _is_draft(built: Built) -> bool:
    return built.entry is not None and built.entry.draft


def _made(todo: list[str], root: Path, formats: list[str], drafts: bool, jobs: int) -> Iterator[Made | Failed]:
    """Each edition of ``todo`` made, in the order they finish; in ``jobs`` worker processes when there is more
    than one to make."""
    if jobs <= 1 or len(todo) <= 1:
        for manifest in todo:
            yield make(manifest, str(root), formats, drafts)
        return
    # Workers start as copies of this process (fork), briefkit already loaded; each makes one edition at a time.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        futures = [pool.submit(make, manifest, str(root), formats, drafts) for manifest in todo]
        for future in as_completed(futures):
            yield future.result()


def _write_edition(result: Made | Failed, state: BuildState, outbox: Path) -> Outcome:
    """Write one edition's files, all together, and note what was made; a failed edition leaves its last good
    files as they are."""
    before = state.built.get(result.manifest)
    if isinstance(result, Failed):
        name = Path(result.manifest)
        slug = before.slug if before else name.stem if is_safe_slug(name.stem) else name.name
        if before is not None:
            before.failed = True
        return Outcome(Path(result.manifest), slug, FAILED, problem=result.problem)
    page = f"{WEB}/{result.slug}/{PAGE}"
    files = {outbox / path: data for path, data in result.files.items()}
    if result.lock is not None:
        files[Path(result.lock[0])] = result.lock[1]
    keep = {page} if result.article is not None else set()  # its page is made with the archive, after every edition
    stale = [
        outbox / path for path in (before.outputs if before else {}) if path not in result.files and path not in keep
    ]
    within = [outbox, *([Path(result.lock[0])] if result.lock is not None else [])]
    try:
        write_files(files, remove=stale, within=within)
    except BriefkitError as error:  # an outbox that cannot be written: this edition fails, the others go on
        return Outcome(Path(result.manifest), result.slug, FAILED, problem=error.display(state.root))
    _remove_empty_folders(outbox, (str(path.relative_to(outbox)) for path in stale))
    outputs = {path: (len(data), digest(data)) for path, data in result.files.items()}
    if before is not None and page in before.outputs and result.article is not None:
        outputs[page] = before.outputs[page]  # the page is made with the archive, after every edition
    state.built[result.manifest] = Built(
        slug=result.slug,
        series=result.series,
        reads=() if result.volatile else result.reads,
        outputs=outputs,
        entry=result.entry,
        article=state.keep_article(result.article) if result.article is not None else "",
        warnings=tuple(result.warnings + result.failures),
        page=before.page if before is not None else "",
        theme=result.theme,
        failed=result.volatile,  # made from the network: made again next time
    )
    return Outcome(
        Path(result.manifest), result.slug, RENDERED, result.warnings + result.failures, draft=result.entry.draft
    )


def _site_in_place(outbox: Path) -> bool:
    return all((outbox / name).is_file() for name in (RSS_FEED, ATOM_FEED, f"{WEB}/{PAGE}"))


def _remove_empty_folders(outbox: Path, paths: Iterable[str]) -> None:
    """The folders of ``paths`` and those above them, up to the outbox, that are empty now; never a folder outside
    the outbox, nor the outbox itself."""
    folders = {(outbox / path).parent for path in paths}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while (
            folder != outbox
            and is_inside(folder, outbox)
            and not is_inside(outbox, folder)
            and folder.is_dir()
            and not folder.is_symlink()
            and not any(folder.iterdir())
        ):
            folder.rmdir()
            folder = folder.parent


def _feeds_and_archive(
    root: Path,
    editions: Path,
    outbox: Path,
    state: BuildState,
    made: list[Made],
    formats: list[str],
    drafts: bool,
    warnings: list[str],
    removed: list[str],
) -> int:
    """The series' feeds and the web archive over every edition, written all together; returns how many
    editions the archive holds. Once the last edition is ``removed``, they are removed too."""
    series_of = Counter(built.series for built in state.built.values() if not built.failed)
    if removed and not state.built:  # the last edition was removed: so are the feeds and the archive's index
        series_files = [name for name in (RSS_FEED, ATOM_FEED) for name in (name, f"{WEB}/{name}")]
        gone = [outbox / name for name in (*series_files, f"{WEB}/{PAGE}", f"{WEB}/{SITEMAP}")]
        write_files({}, remove=gone, within=[outbox])
        _remove_empty_folders(outbox, (str(path.relative_to(outbox)) for path in gone))
        return 0
    if not series_of:
        return 0
    series = Path(series_of.most_common(1)[0][0])
    if len(series_of) > 1:
        others = ", ".join(sorted(Path(name).name for name in series_of if name != str(series)))
        warnings.append(
            f"{RSS_FEED}: editions/ holds editions of more than one series; the feeds and the archive are "
            f"{series.name}'s, and {others} is left out"
        )
    kept = [
        (Path(m.manifest), m.reads, m.entry, m.feed_content) for m in made if not m.volatile and m.series == str(series)
    ]
    pdf_sizes = {m.slug: len(m.files[f"{m.slug}/{EDITION_PDF}"]) if f"{m.slug}/{EDITION_PDF}" in m.files else None
                 for m in made} if "pdf" in formats else None  # fmt: skip
    feeds = project_feeds(root, editions, series, outbox, kept, pdf_sizes, drafts)
    warnings += feeds.feeds.warnings
    files = dict(feeds.feeds.files)
    remove = [*feeds.feeds.stale, *(outbox / WEB / path.name for path in feeds.feeds.stale)]
    for path, data in feeds.feeds.files.items():  # the archive is published on its own: it carries the feeds too
        files[outbox / WEB / path.name] = data

    by_slug = {built.slug: (manifest, built) for manifest, built in state.built.items() if built.series == str(series)}
    entries = [entry for entry in feeds.entries if (drafts or not entry.draft) and entry.slug in by_slug]
    entries = [entry for entry in entries if by_slug[entry.slug][1].article]
    in_archive = {entry.slug for entry in entries}
    for built in state.built.values():  # pages of editions that left the archive (now drafts)
        page = f"{WEB}/{built.slug}/{PAGE}"
        if page in built.outputs and built.slug not in in_archive:
            remove.append(outbox / page)
            del built.outputs[page]
    if entries:
        newest = max(entries, key=lambda e: (e.date, e.slug))
        theme = _theme(by_slug[newest.slug][1].theme, root, by_slug[newest.slug][0])
        around = neighbours(entries)
        look = _theme_digest(theme, root, by_slug[newest.slug][1])
        for entry in entries:
            built = by_slug[entry.slug][1]
            page = f"{WEB}/{entry.slug}/{PAGE}"
            has_pdf = f"{WEB}/{entry.slug}/{EDITION_PDF}" in built.outputs
            near = around[entry.slug]
            inputs = repr((look, built.article, has_pdf, entry_json(entry),
                           *(entry_json(e) if e else None for e in (near.previous, near.next))))  # fmt: skip
            page_digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:32]
            if built.page == page_digest and page in built.outputs and (outbox / page).is_file():
                continue
            article = state.article(built.article)
            if article is None:
                continue
            data = render_edition_page(entry, article, near, theme, has_pdf)
            files[outbox / page] = data
            built.page = page_digest
            built.outputs[page] = (len(data), digest(data))
        files[outbox / WEB / PAGE] = render_index(entries, theme)
        sitemap = render_sitemap(entries, theme)
        if sitemap is not None:
            files[outbox / WEB / SITEMAP] = sitemap
    else:
        warnings.append(f"{WEB}/: no published edition yet; the archive is not written")
        remove += [outbox / WEB / PAGE, outbox / WEB / SITEMAP]
    write_files(files, remove=remove, within=[outbox])
    _remove_empty_folders(outbox, (str(path.relative_to(outbox)) for path in remove))
    feeds.feeds.written()
    return len(entries)


def _theme(name: str, root: Path, manifest: str) -> Theme:
    spec = find_theme(name, root, Location(Path(manifest)))
    return load_theme(spec, root)


def _theme_digest(theme: Theme, root: Path, newest: Built) -> str:
    """What the theme's files hold, so that a changed template makes every page again: from what the newest
    edition was made from (its theme's files are among its reads), read again only when those are not kept."""
    folders = tuple(f"{folder}{os.sep}" for folder in theme.folders)
    reads = [read for read in newest.reads if read.path.startswith(folders)]
    if not reads:
        reads = list(theme_reads(theme.spec, root, everything=True))
    return hashlib.sha256("".join(read.path + read.digest for read in reads).encode()).hexdigest()

"""`briefkit build`: every edition of the project in every format, the series' feeds and the web archive, into
the outbox. It runs in two phases, as a static site generator does. First, collect: every edition's record (record
.py in series_feeds/), kept from the store while what it was made from is unchanged, else made in a worker
process, its files written all together or not at all. Then, the writers: the feeds, the archive's edition pages,
its index and its sitemap, each reading the records and saying what to write; their files are written together.
One edition that fails does not stop the others."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.archive.files import PAGE
from briefkit.edition.model import ArchiveEntry
from briefkit.errors import Finding, Location, ManifestError
from briefkit.io.outbox import ATOM_FEED, RSS_FEED, write_files
from briefkit.manifest.siblings import manifests_in
from briefkit.series_build.collect import default_jobs, made, plan
from briefkit.series_build.outputs import Shown, failed_slug, remove_empty_folders, remove_gone, write_edition
from briefkit.series_build.results import Made
from briefkit.series_feeds.site import WEB, Site, Writes, collect_site
from briefkit.series_feeds.store import Store

RENDERED, UNCHANGED, FAILED = "rendered", "unchanged", "failed"
# What `briefkit build` makes of each edition when no --format is given; campaign.json too, with a list service.
BUILD_FORMATS = ["email", "text", "pdf", "eml"]


def writers() -> list[Callable[[Site], Writes]]:
    """The second phase, in order, the edition pages first (the search index is made from them); each gives the
    files it writes and removes. Loaded when a build has something to write: a build where nothing changed loads no
    template."""
    from briefkit.archive.edition_pages import write_edition_pages
    from briefkit.archive.index_page import write_index
    from briefkit.archive.sitemap import write_sitemap
    from briefkit.series_feeds.feeds_writer import write_feeds

    return [write_edition_pages, write_feeds, write_index, write_sitemap]


@dataclass
class Outcome:
    """What became of one edition."""

    manifest: Path
    slug: str
    status: str  # rendered, unchanged or failed
    warnings: list[Finding] = field(default_factory=list)
    problem: str = ""  # why it failed, located
    draft: bool = False


@dataclass
class BuildResult:
    outcomes: list[Outcome]
    warnings: list[Finding]  # the feeds' and the archive's
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
    ``report`` with each edition's outcome as it comes. Raises ManifestError when ``root`` has no editions/ folder:
    it is not a project, and a build there would publish an empty archive (an editions/ folder with no edition in it
    is a project whose editions were all removed, and builds)."""
    root = root.resolve()
    if not (root / "editions").is_dir():
        raise ManifestError.at(
            Location(root / "editions"),
            "no such folder, so there is no edition to build; run `briefkit build` in the project's folder (the one "
            "that holds editions/), or name it (`briefkit build newsletter`)",
        )
    formats = formats or list(BUILD_FORMATS)
    outbox = (outbox or root / "outbox").resolve()
    manifests = [str(path) for path in manifests_in(root / "editions")]
    store = Store.load(root, f"{sorted(formats)} drafts={drafts} outbox={outbox}")

    # First phase: every edition's record, its files written.
    found = plan(store, manifests, outbox)
    outcomes = {
        manifest: Outcome(Path(manifest), record.slug, UNCHANGED, list(record.warnings), draft=_draft(record.entry))
        for manifest, record in found.unchanged.items()
    }
    if begin is not None:
        begin(len(found.todo), len(outcomes))
    for outcome in outcomes.values():
        if report is not None:
            report(outcome)
    shown = Shown(store)
    for result in made(found.todo, root, formats, drafts, jobs or default_jobs()):
        problem = write_edition(result, store, outbox, shown)
        if problem is not None:
            outcome = Outcome(Path(result.manifest), failed_slug(result.manifest, store), FAILED, problem=problem)
        else:
            assert isinstance(result, Made)
            record = result.record
            said = list(record.warnings)
            outcome = Outcome(Path(result.manifest), record.slug, RENDERED, said, draft=_draft(record.entry))
        outcomes[result.manifest] = outcome
        if report is not None:
            report(outcome)
    removed = remove_gone(store, manifests, outbox, shown)

    # Second phase: the writers, over every record.
    failed = {manifest for manifest, outcome in outcomes.items() if outcome.status == FAILED}
    site = collect_site(store, root, outbox, formats, drafts, manifests, failed)
    warnings = [*store.warnings, *site.warnings]
    writes: list[Writes] = []
    if found.todo or removed or not _site_in_place(outbox):
        pages, *others = writers()
        writes.append(pages(site))
    # The search index: Pagefind reads the edition pages (as they are about to be written) while the other writers
    # work, the files are written and the state is saved.
    search = _start_search(site, writes[0].files if writes else {})
    if writes:
        writes += [writer(site) for writer in others]
        remove = [path for one in writes for path in one.remove]
        write_files({path: data for one in writes for path, data in one.files.items()}, remove=remove, within=[outbox])
        remove_empty_folders(outbox, (str(path.relative_to(outbox)) for path in remove))
        warnings += [warning for one in writes for warning in one.warnings]
    store.save()  # only after a build that went through: after a failed write, the next build checks it all
    warnings += _index_search(site, search)
    ordered = [outcomes[manifest] for manifest in manifests if manifest in outcomes]
    return BuildResult(ordered, warnings, removed, len(site.listed), drafts)


def _start_search(site: Site, pages: Mapping[Path, bytes]) -> Callable[[], Writes]:
    """The archive's search index (archive/search.py), started: made again when its pages changed."""
    from briefkit.archive.search import start_index

    return start_index(site, pages)


def _index_search(site: Site, started: Callable[[], Writes]) -> list[Finding]:
    """The search index written, once Pagefind is done."""
    search = started()
    write_files(search.files, remove=search.remove, within=[site.outbox])
    remove_empty_folders(site.outbox, (str(path.relative_to(site.outbox)) for path in search.remove))
    return search.warnings


def _draft(entry: ArchiveEntry | None) -> bool:
    return entry is not None and entry.draft


def _site_in_place(outbox: Path) -> bool:
    return all((outbox / name).is_file() for name in (RSS_FEED, ATOM_FEED, f"{WEB}/{PAGE}"))

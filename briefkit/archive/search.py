"""The archive's search index: Pagefind (the program the `pagefind[bin]` package ships) reads the edition pages in
outbox/web/ (what their `data-pagefind-body` marks) and writes its index into web/pagefind/, which the index page's
search box loads; a static host serves it, no server searches.

The index is split by the year of the editions' dates: one Pagefind bundle a year. The newest year's is in
web/pagefind/ itself, beside Pagefind's search box, where the box looks when it is given no bundle (so a template
written for one index still searches the newest editions); each older year's is in web/pagefind/<year>/, which
the index page merges into one search (Pagefind's `mergeIndex`). Pagefind has no way to index a few pages again, so
a bundle is made again only when its own pages or its place changed (a digest of their digests, noted in each
edition's record, of its folder and of Pagefind's version, kept per year in the build's folder beside its store):
a change to one edition indexes its year, not the whole archive, and a new year moves the year that was newest into
its own folder once. Pagefind's files are the same bytes for the same pages, once its list of languages
(written in the order of a hash map) is put in order."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import yaml

from briefkit.archive.files import PAGE
from briefkit.errors import Finding, Location, OutputError
from briefkit.series_feeds.site import WEB, Listed, Site, Writes

FOLDER = "pagefind"  # in web/: the search box and the newest year's bundle, and each older year's in a folder
ENTRY = "pagefind-entry.json"  # a bundle's first file, naming every language's
KEPT = "search.json"  # in the build's folder (.briefkit-cache/build/): what each bundle was last made from
PAGES = "search"  # in the build's folder: each year's pages as Pagefind reads them, <year>/<slug>/index.html
# Pagefind's search boxes, their styles and its highlighter: the same in every bundle, so written once, in
# web/pagefind/; the rest of a bundle is its index. A bundle's own folders (fragment/, index/, filter/) are never
# named by digits alone, an older year's folder always is.
UI = frozenset(
    {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-highlight.js",
    }
)

Pages = dict[str, list[tuple[str, tuple[int, str]]]]  # year -> (slug, its page's size and digest), by slug


def search_on(site: Site) -> bool:
    """Whether the series has its archive searched (`search:` in the series file, true unless it says false). The
    series file was checked when its editions were made; a value of another type is taken as true."""
    if site.series is None:
        return False
    try:
        settings = yaml.load(
            site.series.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, yaml.YAMLError):
        return True
    return not (isinstance(settings, dict) and settings.get("search") is False)


def _pages(site: Site) -> Iterator[tuple[str, Listed, tuple[int, str]]]:
    """Each listed edition with a page in the archive: the year of its date, the edition, its page's size and
    digest."""
    for one in site.listed:
        page = one.record.outputs.get(f"{WEB}/{one.entry.slug}/{PAGE}")
        if page is not None:
            yield f"{one.entry.date.year:04d}", one, page


def _pages_by_year(site: Site) -> Pages:
    """The listed editions' pages in the archive, by the year of their date (oldest year first)."""
    years: Pages = {}
    for year, one, page in _pages(site):
        years.setdefault(year, []).append((one.entry.slug, page))
    return {year: sorted(years[year]) for year in sorted(years)}


def search_bundles(site: Site) -> dict[str, frozenset[str]]:
    """The bundles the index page's search box searches, newest year first: each one's path from the index page
    (pagefind/ for the newest year's, Pagefind's own place for it; pagefind/<year>/ for an older year's) and the
    languages of its pages (their first subtag); none when search is off."""
    if not search_on(site):
        return {}
    langs: dict[str, set[str]] = {}
    for year, one, _ in _pages(site):
        langs.setdefault(year, set()).add(_subtag(one.entry.lang))
    newest = max(langs, default="")
    return {f"{FOLDER}/{_place(year, newest)}": frozenset(langs[year]) for year in sorted(langs, reverse=True)}


def bundles_in(bundles: Mapping[str, frozenset[str]], lang: str) -> list[str]:
    """The bundles with a page in ``lang``, the index page's: Pagefind's box searches that language, and a bundle
    without it would answer in another (Pagefind then takes the bundle's largest language), as one index of the
    whole archive never did. Every bundle when none has it."""
    return [path for path, langs in bundles.items() if _subtag(lang) in langs] or list(bundles)


def _subtag(lang: str) -> str:
    return lang.lower().split("-")[0]


def _place(year: str, newest: str) -> str:
    """A year's bundle's folder inside web/pagefind/: none for the newest year, <year>/ for an older one."""
    return "" if year == newest else f"{year}/"


def _year_folder(name: str) -> bool:
    """Whether a folder of web/pagefind/ is a year's (an older year's bundle, or a year's that is no longer there),
    not one of the newest year's bundle's own."""
    return name.isdigit()


def start_index(site: Site, fresh: Mapping[Path, bytes] | None = None) -> Callable[[], Writes]:
    """Web/pagefind/ in two steps: Pagefind started on each year whose pages changed (or whose bundle is not there),
    and the call that waits for it and gives the writes, so that the build writes its other files and its state
    meanwhile. A year with no edition left has its bundle removed, and all of web/pagefind/ goes when the series
    turns search off or the archive is gone; the rest is left exactly as it is. ``fresh``: pages about to be written
    (by their path in the outbox), which Pagefind reads as they will be."""
    writes = Writes()
    folder = site.outbox / WEB / FOLDER
    kept_at = site.store.folder / KEPT
    years = _pages_by_year(site)
    if not years or not search_on(site):
        writes.remove += _files_in(folder)
        kept_at.unlink(missing_ok=True)
        shutil.rmtree(site.store.folder / PAGES, ignore_errors=True)
        return lambda: writes
    kept_ui, kept_years = _kept(kept_at)
    pagefind = _program()
    newest = max(years)
    places = {year: _place(year, newest) for year in years}
    made_from = {
        year: hashlib.sha256(repr((pagefind, places[year], pages)).encode()).hexdigest()
        for year, pages in years.items()
    }
    noted = {
        year: kept_years[year]
        for year in years
        if kept_years.get(year) == _noted(made_from[year], _read_bytes(folder / places[year] / ENTRY))
    }
    ui = kept_ui if kept_ui == _ui_digest((name, _read_bytes(folder / name)) for name in UI) else ""
    if len(noted) == len(years) == len(kept_years) and ui:
        return lambda: writes
    # The search box comes with every bundle: when it alone is missing, the smallest year's is made again for it.
    todo = [year for year in years if year not in noted] or [min(years, key=lambda year: len(years[year]))]
    web = site.outbox / WEB
    pages = {
        path.parent.name: data
        for path, data in (fresh or {}).items()
        if path.name == PAGE and path.parent.parent == web
    }
    try:
        # Pagefind reads a folder: each year's pages are kept in one of their own (their addresses stay /<slug>/).
        for year in todo:
            _mirror(web, [slug for slug, _ in years[year]], site.store.folder / PAGES / year, pages)
        making = _indexing({year: site.store.folder / PAGES / year for year in todo}, web)
    except OutputError as error:  # the archive is whole without its search box: said, and tried again next build
        writes.warnings += [Finding.noted(problem, "archive") for problem in error.problems]
        return lambda: writes

    def finish() -> Writes:
        _bundled(site, places, making(), made_from, noted, ui, writes)
        return writes

    return finish


def _bundled(
    site: Site,
    places: Mapping[str, str],
    made: Mapping[str, dict[str, bytes] | OutputError],
    made_from: Mapping[str, str],
    noted: dict[str, str],
    ui: str,
    writes: Writes,
) -> None:
    """The writes of the bundles Pagefind made (each in its year's place), of the search box, and of what is gone;
    what each was made from noted in the build's folder. The newest year's files in web/pagefind/ and an older
    year's in its folder are each removed only by their own year's bundle."""
    folder = site.outbox / WEB / FOLDER
    box: dict[str, bytes] = {}
    for year, bundle in made.items():
        if isinstance(bundle, OutputError):  # that year is searched as it was, and indexed again next build
            writes.warnings += [Finding.noted(problem, "archive") for problem in bundle.problems]
            continue
        if not bundle:
            writes.warnings.append(Finding.about(f"{WEB}/", "archive", f"Pagefind found no page of {year} to index"))
        box = box or {name: data for name, data in bundle.items() if name in UI}
        place = folder / places[year]
        files = {place / name: data for name, data in bundle.items() if name not in UI}
        writes.files.update(files)
        # In web/pagefind/ itself, the search box's files are not the bundle's (an older index's files are).
        writes.remove += [
            path for path in (_own_files(folder) if place == folder else _files_in(place)) if path not in files
        ]
        noted[year] = _noted(made_from[year], files.get(place / ENTRY, b""))
    if box:
        writes.files.update({folder / name: data for name, data in box.items()})
        writes.remove += [folder / name for name in sorted(UI - set(box)) if (folder / name).is_file()]
        ui = _ui_digest(box.items())
    for path in sorted((site.store.folder / PAGES).iterdir()):  # the pages of a year with no edition left
        if path.name not in places and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
    # A year's folder that is no older year's bundle (a year with no edition left, the newest year's from before it
    # moved to web/pagefind/ or from an older briefkit): removed. The index page no longer names it.
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_dir() and not path.is_symlink() and _year_folder(path.name) and not places.get(path.name):
            writes.remove += _files_in(path)
    site.store.folder.mkdir(parents=True, exist_ok=True)
    # With each bundle's first file: if writing the files fails, what is there is not taken for this index.
    (site.store.folder / KEPT).write_text(json.dumps({"ui": ui, "years": noted}, sort_keys=True), encoding="utf-8")


def _kept(path: Path) -> tuple[str, dict[str, str]]:
    """What the last build noted: its search box's digest, and each year's bundle's (what it was made from, and
    its first file's digest). Nothing when the file is missing or not briefkit's."""
    try:
        kept = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return "", {}
    if not isinstance(kept, dict) or not isinstance(kept.get("ui"), str) or not isinstance(kept.get("years"), dict):
        return "", {}
    years = kept["years"]
    return kept["ui"], {str(year): str(noted) for year, noted in years.items() if isinstance(noted, str)}


def _noted(made_from: str, entry: bytes) -> str:
    return f"{made_from} {hashlib.sha256(entry).hexdigest()}"


def _ui_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """The search box's files as found (a file missing or empty: no box, so made again)."""
    found = sorted(files)
    if not found or not all(data for _, data in found):
        return ""
    digest = hashlib.sha256()
    for name, data in found:
        digest.update(f"{name} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def _mirror(web: Path, slugs: Sequence[str], folder: Path, fresh: Mapping[str, bytes]) -> None:
    """``folder`` holding the pages of ``slugs`` as the archive has them (or will, ``fresh``), and nothing else: a
    page written only when its bytes changed, a folder made or removed only for an edition that came or went (both
    cost more than the copies)."""
    # As Pagefind over the archive finds them.
    wanted = {slug for slug in slugs if slug in fresh or (web / slug / PAGE).is_file()}
    folder.mkdir(parents=True, exist_ok=True)
    for gone in {entry.name for entry in os.scandir(folder)} - wanted:
        if (folder / gone).is_dir() and not (folder / gone).is_symlink():
            shutil.rmtree(folder / gone)
        else:
            (folder / gone).unlink()
    for slug in sorted(wanted):
        data = fresh[slug] if slug in fresh else (web / slug / PAGE).read_bytes()
        if _read_bytes(folder / slug / PAGE) != data:
            (folder / slug).mkdir(exist_ok=True)
            (folder / slug / PAGE).write_bytes(data)


def pagefind_files(web: Path) -> dict[str, bytes]:
    """Pagefind's index of every edition page under ``web`` (web/<slug>/index.html) and its search box: each file's
    path inside the bundle and its bytes."""
    bundle = _indexing({"": web}, web)()[""]
    if isinstance(bundle, OutputError):
        raise bundle
    return bundle


def _executable() -> Path | None:
    """Pagefind's program, looked for where `pagefind.service.get_executable` looks, in its order: the
    PAGEFIND_BINARY_PATH variable, the pagefind_bin_extended and pagefind_bin packages, the PATH. Without loading
    the service and its asyncio (~20 ms, at every build): tests/test_search.py checks both find the same program."""
    named = os.getenv("PAGEFIND_BINARY_PATH")
    if named is not None:
        return Path(named)
    suffixes = ("", ".exe") if sys.platform == "win32" else ("",)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            for name in ("pagefind_extended", "pagefind"):
                for suffix in suffixes:
                    if (candidate := Path(spec.origin).parent / f"{name}{suffix}").is_file():
                        return candidate
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found is not None else None


def _program() -> str:
    """Which Pagefind indexes, for the digest a bundle is kept by: its program's path, size and time (another
    version of Pagefind, another index); reading its version would load importlib.metadata, ~30 ms."""
    executable = _executable()
    try:
        status = executable.stat() if executable is not None else None
    except OSError:
        status = None
    return f"{executable} {status.st_size} {status.st_mtime_ns}" if status is not None else ""


def _indexing(sites: Mapping[str, Path], web: Path) -> Callable[[], dict[str, dict[str, bytes] | OutputError]]:
    """Pagefind run over each of ``sites``, a few at once, started: the call that waits for every run.

    Pagefind runs as its own command, which exits only once every file is written. Its Python service answers
    "written" while the last files may still be in flight, then stops the process, which could leave a file
    empty (an empty pagefind-entry.json was seen in a build of 1,000 editions)."""
    from concurrent.futures import ThreadPoolExecutor

    executable = _executable()
    if executable is None:
        raise OutputError.at(
            Location(web), "Pagefind's program is not installed; install briefkit's dependencies again"
        )
    pool = ThreadPoolExecutor(max_workers=min(len(sites), os.cpu_count() or 1) or 1)
    runs = {name: pool.submit(_index, str(executable), site, web) for name, site in sites.items()}
    pool.shutdown(wait=False)  # the runs submitted go on; its threads end with them

    def results() -> dict[str, dict[str, bytes] | OutputError]:
        return {name: run.result() for name, run in runs.items()}

    return results


def _index(executable: str, site: Path, web: Path) -> dict[str, bytes] | OutputError:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="briefkit-pagefind-") as out:
        command = [executable, "--site", str(site), "--glob", f"*/{PAGE}", "--root-selector", "html"]
        ran = subprocess.run([*command, "--output-path", out, "--silent"], capture_output=True, text=True, check=False)
        if ran.returncode != 0:
            said = " ".join((ran.stderr or ran.stdout).split()) or f"exit status {ran.returncode}"
            return OutputError.at(Location(web), f"Pagefind could not index the archive: {said}")
        files = {path.relative_to(out).as_posix(): path.read_bytes() for path in Path(out).rglob("*") if path.is_file()}
    if ENTRY in files:
        files[ENTRY] = _in_order(files[ENTRY])
    return files


def _in_order(entry: bytes) -> bytes:
    """Pagefind-entry.json with its languages in order: Pagefind writes them in a hash map's order, another at each
    run; its scripts read them by name."""
    values = json.loads(entry)
    values["languages"] = dict(sorted(values.get("languages", {}).items()))
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file() or path.is_symlink()) if folder.is_dir() else []


def _own_files(folder: Path) -> list[Path]:
    """The files of web/pagefind/ that are neither the search box's nor in a year's folder: the newest year's
    bundle's (and an older index's)."""
    found: list[Path] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:  # the years' folders not walked
        if path.is_dir() and not path.is_symlink():
            found += [] if _year_folder(path.name) else _files_in(path)
        elif path.name not in UI:
            found.append(path)
    return found


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""

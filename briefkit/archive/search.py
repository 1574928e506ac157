"""The archive's search index: Pagefind (its Python API and the binary the `pagefind[bin]` package ships) reads the
edition pages in outbox/web/ (what their `data-pagefind-body` marks) and writes its index and search box into
web/pagefind/, which the index page loads; a static host serves it, no server searches. The index is made again only
when the archive's pages changed: a digest of every page's digest (noted in its edition's record) and Pagefind's
version is kept in the build's folder beside its store. Pagefind's files are the same bytes for the same pages,
once its list of languages (written in the order of a hash map) is put in order."""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

import yaml

from briefkit.archive.files import PAGE
from briefkit.errors import Finding, Location, OutputError
from briefkit.series_feeds.site import WEB, Site, Writes

FOLDER = "pagefind"  # in web/: Pagefind's own name for its bundle, where its scripts look for the index
ENTRY = "pagefind-entry.json"  # the index's first file, naming every language's
KEPT = "search.json"  # in the build's folder (.briefkit-cache/build/): what the index was last made from


def search_on(site: Site) -> bool:
    """Whether the series has its archive searched (`search:` in the series file, true unless it says false). The
    series file was checked when its editions were made; a value of another type is taken as true."""
    if site.series is None:
        return False
    try:
        settings = yaml.safe_load(site.series.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return True
    return not (isinstance(settings, dict) and settings.get("search") is False)


def index_archive(site: Site) -> Writes:
    """Web/pagefind/ made again when the archive's pages changed (or it is not there), removed when the series turns
    search off or the archive is gone; otherwise left exactly as it is."""
    writes = Writes()
    folder = site.outbox / WEB / FOLDER
    kept = site.store.folder / KEPT
    pages = sorted(
        (one.entry.slug, one.record.outputs[page])
        for one in site.listed
        if (page := f"{WEB}/{one.entry.slug}/{PAGE}") in one.record.outputs
    )
    if not pages or not search_on(site):
        writes.remove += _files_in(folder)
        kept.unlink(missing_ok=True)
        return writes
    made_from = hashlib.sha256(repr((version("pagefind"), pages)).encode()).hexdigest()
    if _read(kept) == _noted(made_from, _read_bytes(folder / ENTRY)):
        return writes
    try:
        files = {folder / name: data for name, data in pagefind_files(site.outbox / WEB).items()}
    except OutputError as error:  # the archive is whole without its search box: said, and tried again next build
        writes.warnings += [Finding.noted(problem, "archive") for problem in error.problems]
        return writes
    writes.files.update(files)
    writes.remove += [path for path in _files_in(folder) if path not in files]
    if not files:
        writes.warnings.append(Finding.about(f"{WEB}/", "archive", "Pagefind found no page to index"))
    site.store.folder.mkdir(parents=True, exist_ok=True)
    # With the index's first file: if writing the files fails, what is there is not taken for this index.
    kept.write_text(_noted(made_from, files.get(folder / ENTRY, b"")), encoding="utf-8")
    return writes


def _noted(made_from: str, entry: bytes) -> str:
    return f"{made_from} {hashlib.sha256(entry).hexdigest()}"


def pagefind_files(web: Path) -> dict[str, bytes]:
    """Pagefind's index of the edition pages under ``web`` (web/<slug>/index.html) and its search box: each file's
    path inside pagefind/ and its bytes.

    Pagefind runs as its own command, which exits only once every file is written. Its Python service answers
    "written" while the last files may still be in flight, then stops the process, which could leave a file
    empty (an empty pagefind-entry.json was seen in a build of 1,000 editions)."""
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        raise OutputError.at(
            Location(web), "Pagefind's program is not installed; install briefkit's dependencies again"
        )
    with tempfile.TemporaryDirectory(prefix="briefkit-pagefind-") as out:
        command = [str(executable), "--site", str(web), "--glob", f"*/{PAGE}", "--root-selector", "html"]
        ran = subprocess.run([*command, "--output-path", out, "--silent"], capture_output=True, text=True, check=False)
        if ran.returncode != 0:
            said = " ".join((ran.stderr or ran.stdout).split()) or f"exit status {ran.returncode}"
            raise OutputError.at(Location(web), f"Pagefind could not index the archive: {said}")
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


def _read(path: Path) -> str:
    return _read_bytes(path).decode("utf-8", "replace")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""

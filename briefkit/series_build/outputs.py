"""The build's writes into the outbox: one edition's files all together (or none of them), the files of editions
that are gone, and the folders left empty; never a path outside the outbox."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from briefkit.archive.files import PAGE
from briefkit.errors import BriefkitError
from briefkit.io.outbox import is_inside, write_files
from briefkit.manifest.slug import is_safe_slug
from briefkit.series_build.results import Failed, Made
from briefkit.series_feeds.record import Standing
from briefkit.series_feeds.site import WEB
from briefkit.series_feeds.store import Store


class Shown:
    """How many editions of the store list each output: a published picture is listed by every edition that shows
    it, and removed only when none does. Counted once a build, and kept as each edition's record is replaced."""

    def __init__(self, store: Store) -> None:
        self.editions = Counter(path for record in store.records.values() for path in record.outputs)

    def by_others(self, path: str, own: Iterable[str]) -> bool:
        """Whether an edition besides the one listing ``own`` lists ``path``."""
        return self.editions[path] > (path in own)

    def replaced(self, old: Iterable[str], new: Iterable[str]) -> None:
        """An edition that listed ``old`` lists ``new`` now."""
        for path in old:
            self.editions[path] -= 1
        for path in new:
            self.editions[path] += 1

    def listed(self) -> set[str]:
        return {path for path, editions in self.editions.items() if editions > 0}


def write_edition(result: Made | Failed, store: Store, outbox: Path, shown: Shown) -> str | None:
    """Write one edition's files, all together, and keep its record (``shown`` counting its outputs); returns why
    it failed, located, or None. A failed edition leaves its last good files as they are, and its record says it
    failed."""
    before = store.records.get(result.manifest)
    if isinstance(result, Failed):
        if before is not None:
            before.standing = Standing.FAILED
            store.changed()
        return result.problem
    record = result.record
    page = f"{WEB}/{record.slug}/{PAGE}"
    files = {outbox / path: data for path, data in result.files.items()}
    if result.lock is not None:
        files[Path(result.lock[0])] = result.lock[1]
    keep = {page} if record.article else set()  # its page is the archive's, made after every edition
    old = before.outputs if before is not None else {}
    stale = [  # but a picture other editions show too
        outbox / path
        for path in old
        if path not in result.files and path not in keep and not shown.by_others(path, old)
    ]
    within = [outbox, *([Path(result.lock[0])] if result.lock is not None else [])]
    try:
        write_files(files, remove=stale, within=within)
    except BriefkitError as error:  # an outbox that cannot be written: this edition fails, the others go on
        return error.display(store.root)
    remove_empty_folders(outbox, (str(path.relative_to(outbox)) for path in stale))
    if before is not None and page in old and record.article:
        record.outputs[page] = old[page]
        record.page = before.page
    store.put(result.manifest, record, result.texts)
    shown.replaced(old, record.outputs)
    return None


def failed_slug(manifest: str, store: Store) -> str:
    """How a failed edition is named: its slug as last built, else its file's name."""
    before = store.records.get(manifest)
    name = Path(manifest)
    return before.slug if before and before.slug else name.stem if is_safe_slug(name.stem) else name.name


def remove_gone(store: Store, manifests: list[str], outbox: Path, shown: Shown) -> list[str]:
    """Remove the outputs of editions no longer in editions/ and forget them; returns their slugs."""
    gone = [store.records.pop(manifest) for manifest in sorted(set(store.records) - set(manifests))]
    if gone:
        store.changed()
    for record in gone:
        shown.replaced(record.outputs, ())
    kept = shown.listed()
    removed = []
    for record in gone:
        if not record.outputs:  # only a render's feeds knew it
            continue
        paths = [path for path in record.outputs if path not in kept]
        kept |= set(paths)  # removed once, though two editions that are gone both showed it
        write_files({}, remove=[outbox / path for path in paths], within=[outbox])
        remove_empty_folders(outbox, paths)
        removed.append(record.slug)
    return removed


def remove_empty_folders(outbox: Path, paths: Iterable[str]) -> None:
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

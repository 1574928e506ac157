"""Write files all together or not at all (a render's outputs, the lock file and the series' feeds; briefkit's
caches): every file is written beside its place first, then all are moved in and the files to remove are moved
aside; if any step fails, what was moved is put back, no temporary file or new folder stays, and the error names
the path and the reason. Every path written or removed is first checked to lie inside the folders the caller
allows (the outbox, a cache folder), whatever led to it: a name from a file, or a link in the outbox."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.errors import Location, OutputError

# What an edition's folder in the outbox holds, and the series' feeds beside those folders.
EMAIL_HTML, EMAIL_TEXT, EDITION_PDF, EMAIL_MESSAGE = "email.html", "email.txt", "edition.pdf", "email.eml"
CAMPAIGN = "campaign.json"
RSS_FEED, ATOM_FEED = "feed.xml", "atom.xml"


def _cannot(path: Path, error: OSError) -> OutputError:
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
        return OutputError.at(
            Location(blocking),
            "is a file where briefkit writes a folder; move or rename it, or choose another --outbox",
        )
    if isinstance(error, IsADirectoryError) or (path.is_dir() and not path.is_symlink()):
        return _folder_in_the_way(path)
    if error.errno == errno.ENOSPC:
        return OutputError.at(
            Location(path), "cannot write (no space left on the disk); free some space, or choose another --outbox"
        )
    reason = (error.strerror or type(error).__name__).lower()
    return OutputError.at(
        Location(path), f"cannot write ({reason}); check the folder can be written to, or choose another with --outbox"
    )


def _folder_in_the_way(path: Path) -> OutputError:
    return OutputError.at(
        Location(path), "is a folder where briefkit writes a file; move or remove the folder, then run briefkit again"
    )


def resolved(path: Path, real_folder: str | None = None) -> Path:
    """Where writing or removing ``path`` acts: its folder with every link followed (``real_folder``, when the
    caller has it already), and its own name (a link there is replaced or removed itself, never what it points
    to)."""
    folder = os.path.realpath(path.parent) if real_folder is None else real_folder
    return Path(os.path.normpath(os.path.join(folder, path.name)))


class _Place:
    """A folder (or a single file) writes are allowed in, resolved once: ``itself`` as written to, ``real`` with
    its own link followed too."""

    def __init__(self, folder: Path) -> None:
        self.itself = resolved(folder)
        self.real = os.path.realpath(folder)

    def holds(self, where: Path) -> bool:
        """Whether the resolved path ``where`` is this place or lies inside it."""
        return where == self.itself or where.is_relative_to(self.real)


def is_inside(path: Path, folder: Path) -> bool:
    """Whether writing or removing ``path`` acts inside ``folder`` (or on ``folder`` itself, for a single file)."""
    return _Place(folder).holds(resolved(path))


class _RealFolders:
    """Each folder with every link followed, as os.path.realpath finds it, but each folder above looked at once for
    all the paths of one write (an edition's files share the outbox and their own folder): a folder whose name is
    no link is its parent's real folder and its name, one lstat instead of one for every folder from the root."""

    def __init__(self) -> None:
        self._known: dict[Path, str] = {}

    def __call__(self, folder: Path) -> str:
        known = self._known.get(folder)
        if known is not None:
            return known
        parent = folder.parent
        if parent == folder or folder.name in ("", ".", ".."):
            real = os.path.realpath(folder)
        else:
            below = os.path.join(self(parent), folder.name)
            real = os.path.realpath(below) if os.path.islink(below) else below
        self._known[folder] = real
        return real


def _confine(paths: Iterable[Path], within: Sequence[Path]) -> None:
    places = [_Place(folder) for folder in within]
    real_folders = _RealFolders()
    for path in paths:
        where = resolved(path, real_folders(path.parent))
        if not any(place.holds(where) for place in places):
            allowed = ", ".join(str(folder) for folder in within)
            raise OutputError.at(
                Location(path),
                f"is outside {allowed}, where briefkit writes; nothing was written (a name from a file, or a link "
                "in the outbox, leads elsewhere: remove the link, or rename the file)",
            )


def write_all(folder: Path, files: dict[str, bytes], remove: Iterable[str] = ()) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder``, all or none, never outside it; see write_files."""
    return write_files(
        {folder / name: data for name, data in files.items()}, [folder / name for name in remove], within=[folder]
    )


@dataclass
class _Transaction:
    """What a write did so far, to be undone on a failure: new folders, staged files, and the replaced or removed
    files kept aside (the new file's place, the old one's copy; None where there was no old file)."""

    folders: list[Path] = field(default_factory=list)
    staged: list[tuple[Path, Path]] = field(default_factory=list)
    moved: list[tuple[Path, Path | None]] = field(default_factory=list)
    removed: list[tuple[Path, Path]] = field(default_factory=list)
    present: set[Path] = field(default_factory=set)  # folders known to be there

    def make_folder(self, folder: Path) -> None:
        """``folder`` and the folders above it that are missing, each noted to be removed on a failure (looked for
        upwards only as far as the first that is there: the folders above that one are there too)."""
        if folder in self.present:  # an edition's files share their folder: looked for once
            return
        missing = []
        while not folder.exists() and not folder.is_symlink():
            missing.append(folder)
            folder = folder.parent
        self.present.add(folder)
        for parent in reversed(missing):
            try:
                parent.mkdir()
            except FileExistsError:
                self.present.add(parent)
                continue
            self.folders.append(parent)
            self.present.add(parent)

    def stage(self, path: Path, data: bytes) -> None:
        try:
            self.make_folder(path.parent)
            handle, temp_name = _new_file(path)
        except OSError as error:
            raise _cannot(path.parent if not path.parent.is_dir() else path, error) from None
        self.staged.append((path, Path(temp_name)))
        try:
            os.fchmod(handle, 0o644)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        except OSError as error:
            raise _cannot(path, error) from None

    def move_in(self) -> None:
        """Each staged file to its place; the file it replaces is kept aside (a hard link, or a copy) until all
        are in."""
        for path, temp in self.staged:
            kept = None
            if os.path.lexists(path):
                kept = _aside(path)
                try:
                    try:
                        os.link(path, kept, follow_symlinks=False)
                    except OSError:  # a file system without hard links
                        shutil.copy2(path, kept, follow_symlinks=False)
                except OSError as error:
                    kept.unlink(missing_ok=True)
                    raise _cannot(path, error) from None
            self.moved.append((path, kept))
            try:
                os.replace(temp, path)
            except OSError as error:
                raise _cannot(path, error) from None

    def move_out(self, paths: Iterable[Path]) -> None:
        """Each of ``paths`` that exists moved aside, to be deleted once everything is in place."""
        for path in paths:
            if not os.path.lexists(path):
                continue
            kept = _aside(path)
            try:
                os.replace(path, kept)
            except OSError as error:
                raise _cannot(path, error) from None
            self.removed.append((path, kept))

    def undo(self) -> None:
        """Put every removed and replaced file back, remove the new ones, the staged ones and the new folders."""
        for path, aside in reversed(self.removed):
            with contextlib.suppress(OSError):
                os.replace(aside, path)
        for path, kept in reversed(self.moved):
            with contextlib.suppress(OSError):
                if kept is not None:
                    os.replace(kept, path)
                    kept.unlink(missing_ok=True)  # a rename onto another link of the same file leaves both
                elif os.path.lexists(path) and not path.is_dir():
                    path.unlink()
        for _, temp in self.staged:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()

    def commit(self) -> None:
        """Delete what was kept aside: the old files replaced, and the files removed."""
        aside = [kept for _, kept in self.moved if kept is not None] + [kept for _, kept in self.removed]
        for kept in aside:
            with contextlib.suppress(OSError):
                kept.unlink()


def _new_file(path: Path) -> tuple[int, str]:
    """A new, empty file beside ``path`` (``.<name>.<random>.tmp``), open for writing, only this process's: what
    tempfile.mkstemp does, without its name generator's cost."""
    for _ in range(100):
        name = os.path.join(path.parent, f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _aside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}.old")


def write_files(files: dict[Path, bytes], remove: Iterable[Path] = (), *, within: Sequence[Path]) -> list[Path]:
    """Put ``files`` (path -> bytes) in place and delete the files in ``remove``, all together or not at all;
    raises OutputError, with every file as it was.

    Every path must lie inside one of ``within`` (folders, or single files allowed as such) once the links to its
    folder are followed, or nothing is written. A file that already holds exactly those bytes is left alone, times
    and all, so tools that upload or sync the outbox see only what changed. Files in ``remove`` (outputs that
    failed this time, or that nothing makes any more) go once the new files are in place, so a folder never mixes
    a new email with an old PDF. Returns the paths of all ``files``.
    """
    remove = [path for path in remove if path not in files]
    _confine([*files, *remove], within)
    for path in files:
        if path.is_dir() and not path.is_symlink():
            raise _folder_in_the_way(path)
    for path in remove:
        if path.is_dir() and not path.is_symlink():
            raise OutputError.at(
                Location(path),
                "is a folder where briefkit had written a file it now removes; move or remove the folder, then run "
                "briefkit again",
            )
    transaction = _Transaction()
    try:
        for path, data in files.items():
            if not _holds(path, data):
                transaction.stage(path, data)
        transaction.move_in()
        transaction.move_out(remove)
    except BaseException:
        transaction.undo()
        raise
    transaction.commit()
    return list(files)


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False

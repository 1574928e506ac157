"""Write files all together or not at all (a render's outputs, the lock file and the series' feeds; briefkit's
caches): every file is written beside its place first, then all are moved in; if any step fails, what was moved
is put back, no temporary file stays, and the error names the path and the reason."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
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
    reason = (error.strerror or type(error).__name__).lower()
    return OutputError.at(
        Location(path), f"cannot write ({reason}); check the folder can be written to, or choose another with --outbox"
    )


def write_all(folder: Path, files: dict[str, bytes], remove: Iterable[str] = ()) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder``, all or none; see write_files."""
    return write_files({folder / name: data for name, data in files.items()}, [folder / name for name in remove])


def write_files(files: dict[Path, bytes], remove: Iterable[Path] = ()) -> list[Path]:
    """Put ``files`` (path -> bytes) in place, all together or not at all; raises OutputError.

    A file that already holds exactly those bytes is left alone, times and all, so tools that upload or sync the
    outbox see only what changed. Files in ``remove`` (outputs that failed this time) are deleted once the new
    files are in place, so a folder never mixes a new email with an old PDF. Returns the paths of all ``files``.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            if _holds(path, data):
                continue
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            except OSError as error:
                raise _cannot(path.parent if not path.parent.is_dir() else path, error) from None
            staged.append((path, Path(temp_name)))
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.chmod(temp_name, 0o644)
            except OSError as error:
                raise _cannot(path, error) from None
        _move_in(staged)
    except BaseException:
        for _, temp in staged:
            temp.unlink(missing_ok=True)
        raise
    for path in remove:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return list(files)


def _move_in(staged: list[tuple[Path, Path]]) -> None:
    """Move each staged file to its place, keeping the file it replaces until all are in; on a failure, put every
    replaced file back and remove the new ones."""
    moved: list[tuple[Path, Path | None]] = []
    try:
        for path, temp in staged:
            kept = None
            if path.exists():
                kept = temp.with_suffix(".old")
                try:
                    os.link(path, kept)
                except OSError:  # a file system without hard links
                    shutil.copy2(path, kept)
            moved.append((path, kept))
            try:
                os.replace(temp, path)
            except OSError as error:
                raise _cannot(path, error) from None
    except BaseException:
        for path, kept in reversed(moved):
            with contextlib.suppress(OSError):
                if kept is not None:
                    os.replace(kept, path)
                elif path.exists():
                    path.unlink()
        raise
    finally:
        for _, kept in moved:
            if kept is not None:
                kept.unlink(missing_ok=True)


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False

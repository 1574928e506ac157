"""Write files atomically (the outbox, and briefkit's caches): all of them are replaced, or none is touched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# What an edition's folder in the outbox holds, and the series' feeds beside those folders.
EMAIL_HTML, EMAIL_TEXT, EDITION_PDF = "email.html", "email.txt", "edition.pdf"
RSS_FEED, ATOM_FEED = "feed.xml", "atom.xml"


def write_all(folder: Path, files: dict[str, bytes], remove: list[str] | None = None) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder``; on any failure the old files stay as they were.

    A file that already holds exactly those bytes is left alone, times and all, so tools that upload or
    sync the outbox see only what changed. Files named in ``remove`` (outputs that failed this time) are
    deleted once the new files are in place, so the folder never mixes a new email with an old PDF.
    Returns the paths of all ``files``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            if _holds(folder / name, data):
                continue
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temp_name, 0o644)
            staged.append((name, Path(temp_name)))
    except BaseException:
        for _, staged_path in staged:
            staged_path.unlink(missing_ok=True)
        raise
    for name, staged_path in staged:
        os.replace(staged_path, folder / name)
    for name in remove or []:
        (folder / name).unlink(missing_ok=True)
    return [folder / name for name in files]


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False

"""Write rendered files into the outbox atomically: all of them are replaced, or none is touched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder``; on any failure the old files stay as they were."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temp, 0o644)
            staged.append((name, Path(temp)))
    except BaseException:
        for _, temp in staged:
            temp.unlink(missing_ok=True)
        raise
    written = []
    for name, temp in staged:
        os.replace(temp, folder / name)
        written.append(folder / name)
    return written

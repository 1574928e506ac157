"""briefkit's own files: where the themes it ships are, and a digest of its code that caches are keyed on."""

from __future__ import annotations

import hashlib
import stat
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = "templates"  # the shipped themes in a checkout; also the name of a project's folder of themes


def packaged_themes() -> Path:
    """The folder of the themes briefkit ships: package data (briefkit/themes/) in an installed briefkit, the
    repository's templates/ in a checkout. They are the same files: the wheel carries templates/ as themes/."""
    installed = PACKAGE / "themes"
    return installed if installed.is_dir() else PACKAGE.parent / TEMPLATES


def packaged_docs() -> Path:
    """The folder of briefkit's documentation, one Markdown page a topic: briefkit/docs/ in an installed briefkit
    (the wheel carries docs/ there), the repository's docs/ in a checkout."""
    installed = PACKAGE / "docs"
    return installed if installed.is_dir() else PACKAGE.parent / "docs"


def doc_topics() -> dict[str, Path]:
    """Each page of the documentation by its topic: manifest -> .../manifest.md."""
    return {path.stem: path for path in sorted(packaged_docs().glob("*.md"))}


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest that changes whenever briefkit's code or shipped themes do. An installed wheel's RECORD already
    lists every file with its sha256, so its digest is enough; in a checkout, each file's name, size and time are
    (reading and hashing every file would cost more than the render it keys)."""
    digest = hashlib.sha256()
    if (PACKAGE / "themes").is_dir():
        for record in sorted(PACKAGE.parent.glob("briefkit-*.dist-info/RECORD")):
            digest.update(record.read_bytes())
            return digest.hexdigest()
    for base in dict.fromkeys((PACKAGE, packaged_themes())):
        for path in sorted(base.rglob("*")):
            if "__pycache__" in path.parts:
                continue
            status = path.stat()
            if stat.S_ISREG(status.st_mode):
                name = path.relative_to(base).as_posix()
                digest.update(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    return digest.hexdigest()

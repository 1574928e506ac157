"""briefkit's own files: where the themes it ships are, and a digest of its code that caches are keyed on."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = "templates"  # the shipped themes in a checkout; also the name of a project's folder of themes


def packaged_themes() -> Path:
    """The folder of the themes briefkit ships: package data (briefkit/themes/) in an installed briefkit, the
    repository's templates/ in a checkout. They are the same files: the wheel carries templates/ as themes/."""
    installed = PACKAGE / "themes"
    return installed if installed.is_dir() else PACKAGE.parent / TEMPLATES


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """sha256 over the names and bytes of every file of the briefkit package and its shipped themes."""
    digest = hashlib.sha256()
    for base in dict.fromkeys((PACKAGE, packaged_themes())):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()

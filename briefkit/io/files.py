"""Read a file the input names: confined to the project, decoded as UTF-8, every failure a located message."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import Location, SourceError
from briefkit.io import reads


def confined(path_text: str, base: Path, root: Path, where: Location, field_path: str) -> Path:
    """``path_text`` resolved against ``base``; an error unless it stays inside ``root``."""
    candidate = (base / path_text).resolve()
    if not candidate.is_relative_to(root.resolve()):
        raise SourceError.at(
            where,
            f"'{path_text}' is outside the project folder; keep the file under the project",
            field_path,
        )
    if not candidate.is_file():
        raise SourceError.at(where, f"'{path_text}' does not exist; check the file name", field_path)
    return candidate


def read_text(path: Path, where: Location, field_path: str) -> str:
    """A file's text as UTF-8, with a located error when it is not."""
    try:
        return reads.read_bytes(path).decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        raise SourceError.at(
            where, f"'{path.name}' is not UTF-8 text (byte {error.start}); save it as UTF-8", field_path
        ) from None
    except OSError as error:
        raise SourceError.at(where, f"'{path.name}' cannot be read ({error.strerror})", field_path) from None

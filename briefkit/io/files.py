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


MAX_TEXT_BYTES = 2_000_000  # manifests, series files, theme files and source documents are far smaller


def read_text(path: Path, where: Location, field_path: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """A file's text as UTF-8, with a located error when it is not (at the line and column of the first byte that
    is not), when it cannot be read, or when it is larger than ``max_bytes``."""
    try:
        if path.stat().st_size > max_bytes:
            raise SourceError.at(
                where,
                f"'{path.name}' is larger than {max_bytes // 1_000_000} MB, more than a briefkit file holds; "
                "check it is the right file",
                field_path,
            )
        data = reads.read_bytes(path)
    except OSError as error:
        raise SourceError.at(where, f"'{path.name}' cannot be read ({error.strerror})", field_path) from None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        byte = f"0x{data[error.start]:02X}"
        if where.path == path:  # the file's own message: located at the byte
            raise SourceError.at(
                Location(path, line, column), f"this is not UTF-8 text (the byte {byte}); save the file as UTF-8"
            ) from None
        raise SourceError.at(
            where,
            f"'{path.name}' is not UTF-8 text (line {line}, column {column}: the byte {byte}); save it as UTF-8",
            field_path,
        ) from None

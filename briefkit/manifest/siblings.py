"""Find the editions of a series in editions/ by a quick look at their date and series, without loading them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from briefkit.errors import BriefkitError
from briefkit.io import reads
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, parse_yaml


@dataclass(frozen=True)
class Sibling:
    path: Path
    date: dt.date
    series: Path  # the series file it names, resolved
    top: dict[str, Node]  # the manifest's top-level values, unchecked


def manifests_in(folder: Path) -> list[Path]:
    """Edition manifests in ``folder``: every .yaml but series files, in name order; a link to a file outside the
    project is not one of them."""
    root = (folder.parent if folder.name == "editions" else folder).resolve()
    return [
        p
        for p in reads.listing(folder, "*.yaml")
        if not p.name.endswith(".series.yaml") and (not p.is_symlink() or p.resolve().is_relative_to(root))
    ]


def series_file(manifest: Path, written: str) -> Path:
    """The series file an edition names (``series:`` as written in ``manifest``), resolved: beside the manifest.
    Every stage that needs an edition's series file works it out here."""
    return (manifest.absolute().parent / written).resolve()


def top_level(path: Path) -> dict[str, Node]:
    """The manifest's top-level values as written, unchecked; empty when it cannot be read as a YAML mapping."""
    try:
        node = parse_yaml(reads.read_bytes(path).decode("utf-8"), path)
    except (BriefkitError, OSError, UnicodeDecodeError):
        return {}
    return {key: child for key, (_, child) in node.entries.items()} if isinstance(node, Mapping) else {}


def glance(path: Path) -> Sibling | None:
    """The manifest's date and series file, or None when it has no readable date and series (rendering it reports
    its problems)."""
    top = top_level(path)
    date, series_name = top.get("date"), top.get("series")
    if not (isinstance(date, Scalar) and isinstance(series_name, Scalar) and date.value and series_name.value):
        return None
    try:
        return Sibling(path, dt.date.fromisoformat(date.value), series_file(path, series_name.value), top)
    except ValueError:
        return None


def series_siblings(manifest_path: Path, series_text: str) -> list[Sibling]:
    """Editions beside ``manifest_path`` (itself included) that use the same series file."""
    series = series_file(manifest_path, series_text)
    found = [glance(path) for path in manifests_in(manifest_path.parent)]
    return [sibling for sibling in found if sibling is not None and sibling.series == series]

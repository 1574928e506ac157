"""Find the editions of a series in editions/ by a quick look at their date and series, without loading them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from briefkit.errors import BriefkitError
from briefkit.yamlnodes import Mapping, Node, Scalar, parse_yaml


@dataclass(frozen=True)
class Sibling:
    path: Path
    date: dt.date
    top: dict[str, Node]  # the manifest's top-level values, unchecked


def manifests_in(folder: Path) -> list[Path]:
    """Edition manifests in ``folder``: every .yaml but series files, in name order."""
    return sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".series.yaml"))


def series_siblings(manifest_path: Path, series_text: str) -> list[Sibling]:
    """Editions beside ``manifest_path`` (itself included) that use the same series file; unreadable ones are left
    out (rendering them reports their problems)."""
    folder = manifest_path.parent
    series = (folder / series_text).resolve()
    found = []
    for path in manifests_in(folder):
        try:
            node = parse_yaml(path.read_text(encoding="utf-8"), path)
        except (BriefkitError, OSError, UnicodeDecodeError):
            continue
        if not isinstance(node, Mapping):
            continue
        top = {key: child for key, (_, child) in node.entries.items()}
        date, series_name = top.get("date"), top.get("series")
        if not (isinstance(date, Scalar) and isinstance(series_name, Scalar) and date.value and series_name.value):
            continue
        if (folder / series_name.value).resolve() != series:
            continue
        try:
            found.append(Sibling(path, dt.date.fromisoformat(date.value), top))
        except ValueError:
            continue
    return found

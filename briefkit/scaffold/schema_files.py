"""The project's JSON Schemas, `edition.schema.json` and `series.schema.json` at its top, which the first line of
each manifest points editors' YAML language servers to: written by `briefkit new project`, and kept in step with
the theme the project's series file names, so that a kind or key added to its theme.yaml is completed and checked
in the editor too. The same theme always gives the same bytes, and a file is replaced whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefkit.errors import BriefkitError, Location, ManifestError
from briefkit.io.outbox import write_all
from briefkit.manifest.json_schema import edition_schema, series_schema
from briefkit.manifest.load import theme_of_file
from briefkit.manifest.theme_types import ManifestTypes, manifest_types

EDITION_SCHEMA = "edition.schema.json"
SERIES_SCHEMA = "series.schema.json"


def schema_json(schema: dict[str, Any]) -> bytes:
    """A schema as its file holds it: indented, keys in the order made, one newline at the end."""
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def schema_files(types: ManifestTypes | None = None) -> dict[str, bytes]:
    """The two files for a theme with ``types`` (briefkit's own keys alone without)."""
    return {EDITION_SCHEMA: schema_json(edition_schema(types)), SERIES_SCHEMA: schema_json(series_schema(types))}


def project_types(root: Path) -> ManifestTypes | None:
    """The keys of the theme the project's series file names; None when the project has not exactly one series
    file, or it or its theme has a problem (what reads them reports it, located)."""
    try:
        spec, _ = theme_of_file(None, root)
        return manifest_types(spec)
    except BriefkitError:
        return None


def types_here(root: Path) -> ManifestTypes | None:
    """The keys of the theme the series file of the project at ``root`` names, for `briefkit schema` without
    --theme: None outside a project (no *.series.yaml in editions/ or the folder). Raises BriefkitError, located,
    when the series file or its theme has a problem, or there is more than one series file."""
    found = sorted((root / "editions").glob("*.series.yaml")) or sorted(root.glob("*.series.yaml"))
    if not found:
        return None
    if len(found) > 1:
        names = ", ".join(path.name for path in found)
        raise ManifestError.at(
            Location(found[0].parent), f"more than one series file ({names}); say which theme with --theme"
        )
    spec, _ = theme_of_file(found[0], root)
    return manifest_types(spec)


def refresh_schemas(root: Path, types: ManifestTypes | None = None, missing_too: bool = False) -> list[Path]:
    """Write again those of the project's schema files that no longer match its theme (``types``, or else those
    of the theme its series file names), and with ``missing_too`` those it lacks; the files written. A project
    whose theme cannot be told keeps its files as they are."""
    if not missing_too and not any((root / name).is_file() for name in (EDITION_SCHEMA, SERIES_SCHEMA)):
        return []
    if types is None:
        types = project_types(root)
        if types is None:
            return []
    stale = {}
    for name, data in schema_files(types).items():
        try:
            current: bytes | None = (root / name).read_bytes()
        except FileNotFoundError:
            current = None
        if current != data and (current is not None or missing_too):
            stale[name] = data
    return write_all(root, stale) if stale else []


def write_schema(schema: dict[str, Any], output: Path) -> Path:
    """Write ``schema`` to ``output`` (`briefkit schema -o`), whole or not at all."""
    return write_all(output.parent, {output.name: schema_json(schema)})[0]

"""Load an edition manifest and its series file, check both, and merge the series settings with the edition's overrides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.errors import BriefkitError, Location, ManifestError, Problem
from briefkit.manifest_fields import EDITION, SERIES
from briefkit.schema import INVALID, Problems, Record, RecordType
from briefkit.sources import confined, read_text
from briefkit.yamlnodes import parse_yaml


@dataclass(frozen=True)
class Manifest:
    """A checked edition manifest with the series settings it uses (edition overrides applied)."""

    path: Path
    root: Path
    slug: str
    edition: Record
    settings: dict[str, Any]


def project_root(manifest: Path) -> Path:
    """The project folder: the parent of editions/ when the manifest is in it, else the manifest's folder."""
    folder = manifest.resolve().parent
    return folder.parent if folder.name == "editions" else folder


def _check_file(path: Path, record_type: RecordType, problems: Problems) -> Record | None:
    try:
        node = parse_yaml(read_text(path, Location(path), ""), path)
    except BriefkitError as error:
        problems.extend(error.problems)
        return None
    value = record_type.check(node, "", problems)
    if value is INVALID or value is None:
        return None
    if not isinstance(value, Record):
        problems.append(Problem(Location(path, 1, 1), "", "expected a mapping of keys at the top of the file"))
        return None
    return value


def _merge(series: Record, edition: Record) -> dict[str, Any]:
    """Series settings, with each key the edition wrote replacing the series' (key by key inside mappings)."""
    settings: dict[str, Any] = dict(series)
    for name in SERIES.fields:
        key = name.name
        if key not in edition.key_locations:
            continue
        given = edition[key]
        if isinstance(given, Record) and isinstance(settings.get(key), dict):
            settings[key] = {**settings[key], **{k: given[k] for k in given.key_locations}}
        else:
            settings[key] = given
    return settings


def load_manifest(path: Path) -> Manifest:
    """Read, check and merge; every problem in the manifest and its series file is reported at once."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError.at(Location(path), "no such manifest; check the path (editions are under editions/)")
    root = project_root(path)
    problems: Problems = []
    edition = _check_file(path, EDITION, problems)
    series: Record | None = None
    if edition is not None:
        try:
            series_path = confined(edition["series"], path.parent, root, edition.where("series"), "series")
        except BriefkitError as error:
            problems.extend(error.problems)
        else:
            series = _check_file(series_path, SERIES, problems)
    if problems:
        raise ManifestError(problems)
    assert edition is not None and series is not None
    settings = _merge(series, edition)
    return Manifest(path=path, root=root, slug=path.stem, edition=edition, settings=settings)

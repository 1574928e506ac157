"""Load an edition manifest and its series file, find their theme, check both against the keys that theme allows,
and merge the series settings with the edition's overrides."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.errors import BriefkitError, Finding, Location, ManifestError, Problem
from briefkit.io.files import confined, read_text
from briefkit.manifest.characters import ZERO_WIDTH
from briefkit.manifest.checked_file import check_record, parse_file
from briefkit.manifest.compound_types import RecordType
from briefkit.manifest.series_fields import SERIES
from briefkit.manifest.slug import edition_slug
from briefkit.manifest.theme_types import ManifestTypes, manifest_types
from briefkit.manifest.themes import DEFAULT_THEME, ThemeSpec, find_theme
from briefkit.manifest.types import Problems, Record
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, parse_yaml

THEME_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class Manifest:
    """A checked edition manifest with the series settings it uses (edition overrides applied) and its theme."""

    path: Path
    root: Path
    slug: str
    edition: Record
    series: Record  # the series file as checked, with the places of its values
    settings: dict[str, Any]
    theme: ThemeSpec
    types: ManifestTypes
    warnings: tuple[Finding, ...] = ()  # for the editor: the render goes on


def project_root(manifest: Path) -> Path:
    """The project folder: the parent of editions/ when the manifest is in it, else the manifest's folder. Found
    from where the manifest is, not where a link to it points."""
    folder = Path(os.path.abspath(manifest)).parent
    return folder.parent if folder.name == "editions" else folder


def invisible_in_titles(record: Any, path: str) -> list[Finding]:
    """Warnings for zero-width characters in titles, subjects and headings anywhere in ``record``."""
    found: list[Finding] = []
    if isinstance(record, Record):
        for key, value in record.items():
            where = f"{path}.{key}" if path else key
            if key in ("title", "subject", "heading") and isinstance(value, str):
                hidden = sorted({f"U+{ord(c):04X}" for c in value if c in ZERO_WIDTH})
                if hidden:
                    found.append(
                        Finding(
                            record.where(key),
                            "invisible",
                            f"{where}: holds the invisible character {', '.join(hidden)}, which readers cannot see "
                            "but search and copying do; delete it",
                        )
                    )
            found += invisible_in_titles(value, where)
    elif isinstance(record, list):
        for index, value in enumerate(record):
            found += invisible_in_titles(value, f"{path}[{index}]")
    return found


def _written(node: Node | None, key: str) -> tuple[str, Location] | None:
    """A top-level value as written, before any check (to find the series file and the theme first)."""
    if not isinstance(node, Mapping) or key not in node.entries:
        return None
    where, value = node.entries[key]
    if isinstance(value, Scalar) and value.value:
        return value.value.strip(), where
    return None


@dataclass
class _SeriesFile:
    """A series file as parsed from its text, and as checked against each set of keys a theme allows: the same for
    every edition of the series, so made once per process while the file's text stays the same."""

    text: str
    node: Node | None
    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...]
    checked: list[tuple[RecordType, Record | None, tuple[Problem, ...]]] = field(default_factory=list)

    def check(self, path: Path, record_type: RecordType) -> tuple[Record | None, tuple[Problem, ...]]:
        for known, record, problems in self.checked:
            if known is record_type:
                return record, problems
        found: Problems = []
        record = check_record(self.node, path, record_type, found)
        self.checked.append((record_type, record, tuple(found)))
        return record, tuple(found)


_SERIES_FILES: dict[str, _SeriesFile] = {}  # by path; replaced when the file's text changes


def _series_file(path: Path) -> _SeriesFile:
    """The series file at ``path``, parsed once per process for each text it has. It is read (and the read noted,
    for the build's record of what an edition was made from) every time."""
    try:
        text = read_text(path, Location(path), "")
    except BriefkitError as error:
        return _SeriesFile("", None, tuple(error.problems), ())
    kept = _SERIES_FILES.get(str(path))
    if kept is not None and kept.text == text:
        return kept
    problems: Problems = []
    notes: Problems = []
    node: Node | None = None
    try:
        node = parse_yaml(text, path, notes)
    except BriefkitError as error:
        problems.extend(error.problems)
    parsed = _SERIES_FILES[str(path)] = _SeriesFile(text, node, tuple(problems), tuple(notes))
    return parsed


def _merge(series: Record, edition: Record) -> dict[str, Any]:
    """Series settings, with each key the edition wrote replacing the series' (key by key inside mappings)."""
    settings: dict[str, Any] = dict(series)
    for name in SERIES.fields:
        key = name.name
        if key in edition.emptied and name.default is None:  # `tagline: ~`: none, not the series'
            settings.pop(key, None)
            continue
        if key not in edition.key_locations:
            continue
        given = edition[key]
        if isinstance(given, Record) and isinstance(settings.get(key), dict):
            settings[key] = {**settings[key], **{k: given[k] for k in given.key_locations}}
        else:
            settings[key] = given
    return settings


def find_manifest_theme(
    edition_node: Node | None, series_node: Node | None, root: Path, default_where: Location
) -> ThemeSpec:
    """The theme the edition names, or else its series, or else briefkit's default; raises ThemeError."""
    for node in (edition_node, series_node):
        written = _written(node, "theme")
        if written is not None and THEME_NAME.fullmatch(written[0]):
            return find_theme(written[0], root, written[1])
    return find_theme(DEFAULT_THEME, root, default_where)


def load_manifest(path: Path) -> Manifest:
    """Read, check and merge; every problem in the manifest, its series file and its theme is reported at once."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError.at(Location(path), "no such manifest; check the path (editions are under editions/)")
    root = project_root(path)
    if not path.resolve().is_relative_to(root.resolve()):
        raise ManifestError.at(
            Location(path),
            "is a link to a file outside the project; briefkit reads only files under the project, so copy the "
            "manifest into editions/",
        )
    problems: Problems = []
    notes: Problems = []  # what YAML read differently from what was meant: warnings, or with the errors
    slug = ""
    try:  # the file name is data too: only a safe one names the edition's files and addresses
        slug = edition_slug(path)
    except ManifestError as error:
        problems.extend(error.problems)
    edition_node = parse_file(path, problems, notes)
    series_node = None
    series_path = None
    series_file: _SeriesFile | None = None
    if edition_node is not None:
        series_text, series_where = _written(edition_node, "series") or ("series.yaml", Location(path, 1, 1))
        try:
            series_path = confined(series_text, path.parent, root, series_where, "series")
        except BriefkitError as error:
            problems.extend(error.problems)
        else:
            series_file = _series_file(series_path)
            series_node = series_file.node
            problems.extend(series_file.problems)
            notes.extend(series_file.notes)
    theme: ThemeSpec | None = None
    types: ManifestTypes | None = None
    if edition_node is not None:
        try:  # the series' theme when the series could be read; else the edition's own, to check it all the same
            theme = find_manifest_theme(edition_node, series_node, root, Location(path, 1, 1))
            types = manifest_types(theme)
        except BriefkitError as error:
            problems.extend(error.problems)
    edition = check_record(edition_node, path, types.edition, problems) if types else None
    series = None
    if types and series_file is not None and series_path is not None:
        series, series_problems = series_file.check(series_path, types.series)
        problems.extend(series_problems)
    if problems:
        raise ManifestError(problems + notes)
    assert edition is not None and series is not None and theme is not None and types is not None
    warnings = [Finding.noted(note, "yaml") for note in notes] + invisible_in_titles(edition, "")
    return Manifest(path, root, slug, edition, series, _merge(series, edition), theme, types, tuple(warnings))


def theme_of_file(path: Path | None, here: Path) -> tuple[ThemeSpec, Path]:
    """The theme an edition or series file uses (without ``path``: the only series file in ``here``'s editions/),
    and the project folder; raises BriefkitError."""
    if path is None:
        found = sorted((here / "editions").glob("*.series.yaml")) or sorted(here.glob("*.series.yaml"))
        if len(found) != 1:
            raise ManifestError.at(
                Location(here / "editions"),
                "name an edition or series file; there is not exactly one *.series.yaml in editions/",
            )
        path = found[0]
    root = project_root(path)
    problems: Problems = []
    node = parse_file(path, problems)
    if problems:
        raise ManifestError(problems)
    series_node = None
    if not path.name.endswith(".series.yaml"):
        series_text, _ = _written(node, "series") or ("series.yaml", Location(path, 1, 1))
        series_file = path.parent / series_text
        series_node = parse_file(series_file, problems) if series_file.is_file() else None
        if problems:
            raise ManifestError(problems)
        return find_manifest_theme(node, series_node, root, Location(path, 1, 1)), root.resolve()
    return find_manifest_theme(None, node, root, Location(path, 1, 1)), root.resolve()

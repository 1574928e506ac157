"""Find a theme: the folders its templates come from, in search order, and what its theme.yaml declares.

A theme called N is looked for in the project's ``templates/N/`` first, then among the themes briefkit ships. Its
theme.yaml may name a parent (``extends:``) whose folders follow; every chain ends in briefkit's default theme, so
a theme holds only the templates it changes. theme.yaml may also declare section kinds and edition fields, which
manifests using the theme may then write (theme_types.py makes them keys).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefkit.errors import Location, Problem, ThemeError
from briefkit.io import reads
from briefkit.io.package import TEMPLATES, packaged_themes
from briefkit.manifest.checked_file import check_record, parse_file
from briefkit.manifest.theme_file import THEME
from briefkit.manifest.types import Problems, Record
from briefkit.manifest.yaml_nodes import Scalar

DEFAULT_THEME = "sharper"
DEFAULT_PREFIX = "default"  # `{% extends "default:email.mjml" %}`: the default theme as briefkit ships it
THEME_FILE = "theme.yaml"
# The partial each section kind has for each format briefkit renders (sections/<kind><suffix>), and the one
# it may have.
PARTIALS = {".mjml": "the email", ".txt": "the plain text", ".print.html": "the PDF", ".feed.html": "the feed entry"}
OPTIONAL_PARTIALS = {".web.html": "the web archive's page (without it, the .feed.html one)"}


@dataclass(frozen=True)
class Layer:
    """One folder of templates in a theme's search path."""

    theme: str
    folder: Path
    packaged: bool

    def describe(self, root: Path | None = None) -> str:
        """'templates/x/' (in the project) or 'briefkit's x theme', for `briefkit themes`."""
        if self.packaged:
            return f"briefkit's {self.theme} theme"
        shown = self.folder
        if root is not None and self.folder.is_relative_to(root):
            shown = self.folder.relative_to(root)
        return f"{shown.as_posix()}/"


@dataclass(frozen=True)
class ThemeSpec:
    """A theme found: its search path and the declarations of its theme.yaml files (the nearest one wins)."""

    name: str
    layers: tuple[Layer, ...]
    kinds: Record  # section kind name -> its declaration (checked by theme_file.KIND)
    fields: Record  # edition key -> its declaration (checked by theme_file.FIELD)
    files: tuple[Path, ...]  # the theme.yaml files read, nearest first
    new_edition: Record | None = None  # the nearest theme.yaml that has `new_edition:` (briefkit new edition)

    @property
    def folders(self) -> tuple[Path, ...]:
        return tuple(layer.folder for layer in self.layers)

    def prefixes(self) -> dict[str, tuple[Path, ...]]:
        """Template name prefixes: each theme of the chain (its folders and its parents'), and `default:`."""
        found: dict[str, tuple[Path, ...]] = {}
        for index, layer in enumerate(self.layers):
            found.setdefault(layer.theme, self.folders[index:])
        found[DEFAULT_PREFIX] = tuple(
            layer.folder for layer in self.layers if layer.packaged and layer.theme == DEFAULT_THEME
        )
        return found

    def templates(self) -> dict[str, Layer]:
        """Every template the theme offers, by name, with the layer it comes from (the first that has it)."""
        chosen: dict[str, Layer] = {}
        for layer in self.layers:
            for path in sorted(layer.folder.rglob("*")):
                name = path.relative_to(layer.folder).as_posix()
                if path.is_file() and "__pycache__" not in name:
                    chosen.setdefault(name, layer)
        return dict(sorted(chosen.items()))

    def partials(self, kind: str) -> dict[str, Layer | None]:
        """For each format (required ones first, then the optional web page), the layer the kind's partial comes
        from, None when no folder of the search path has it."""
        found: dict[str, Layer | None] = {}
        for suffix in (*PARTIALS, *OPTIONAL_PARTIALS):
            name = f"sections/{kind}{suffix}"
            found[suffix] = next((layer for layer in self.layers if (layer.folder / name).is_file()), None)
        return found

    def missing_partials(self) -> list[Problem]:
        """A located problem, at the kind in theme.yaml, for each declared kind without a partial for a format
        briefkit renders."""
        problems = []
        for kind in self.kinds:
            lacking = [suffix for suffix, layer in self.partials(kind).items() if layer is None and suffix in PARTIALS]
            if lacking:
                formats = _listed([PARTIALS[suffix] for suffix in lacking])
                files = _listed([f"sections/{kind}{suffix}" for suffix in lacking])
                import difflib  # for a mistake only

                close = difflib.get_close_matches(kind, self.undeclared_partials(), n=1, cutoff=0.6)
                hint = f"; or, if you meant '{close[0]}' (its partials are there), write that name" if close else ""
                problems.append(
                    Problem(
                        self.kinds.where(kind),
                        f"kinds.{kind}",
                        f"the kind '{kind}' has no partial for {formats}; add {files} beside this theme.yaml "
                        f"(docs/themes.md shows one){hint}",
                    )
                )
        return problems

    def undeclared_partials(self) -> list[str]:
        """The kinds the project's folders of the theme have partials for but theme.yaml does not declare: what a
        misspelt kind name was probably meant to be."""
        found = {
            path.name.split(".")[0]
            for layer in self.layers
            if not layer.packaged
            for path in (layer.folder / "sections").glob("*.mjml")
        }
        return sorted(found - set(self.kinds))

    def declaration_key(self) -> tuple[Any, ...]:
        """What the manifest's keys depend on: the declared kinds and fields, as written."""
        return (_frozen(self.kinds), _frozen(self.fields))


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _frozen(value: Any) -> Any:
    if isinstance(value, Scalar):  # a default as written (theme_file.AsWritten)
        return (value.value, value.quoted, value.location)
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _layers(name: str, root: Path) -> list[Layer]:
    """The folders of theme ``name`` itself: the project's, then briefkit's; each noted, absent or present."""
    found = []
    for folder, packaged in ((root / TEMPLATES / name, False), (packaged_themes() / name, True)):
        if folder.is_dir():
            found.append(Layer(name, folder.resolve(), packaged))
        else:
            reads.note_absent(folder)
    return found


class _NoSuchTheme(Exception):
    """The theme a manifest names does not exist; find_theme says so at the `theme:` that names it."""


def find_theme(name: str, root: Path, where: Location) -> ThemeSpec:
    """The theme called ``name`` for the project at ``root``; ``where`` is the `theme:` that names it. Found
    once for every manifest that names it while its theme.yaml files stay as they are."""
    try:
        return _find_theme(name, root.resolve(), _stamp(name, root.resolve()))
    except _NoSuchTheme:
        raise ThemeError.at(where, _missing(name), "theme") from None


def _missing(name: str) -> str:
    return (
        f"there is no theme '{name}': no folder templates/{name}/ in the project, and briefkit has no theme of "
        f"that name; check the name, or use '{DEFAULT_THEME}'"
    )


def _stamp(name: str, root: Path) -> tuple[Any, ...]:
    """What the result depends on, cheaply: which theme folders the project has, and the theme.yaml files' sizes
    and times."""
    parts: list[Any] = []
    for folder in (root / TEMPLATES, packaged_themes()):
        try:
            parts += sorted(entry.name for entry in os.scandir(folder) if entry.is_dir())
            for path in sorted(folder.glob(f"*/{THEME_FILE}")):
                status = path.stat()
                parts.append((str(path), status.st_size, status.st_mtime_ns))
        except OSError:
            parts.append(None)
    return (name, tuple(parts))


@lru_cache(maxsize=32)
def _find_theme(name: str, root: Path, stamp: tuple[Any, ...]) -> ThemeSpec:
    layers: list[Layer] = []
    files: list[Path] = []
    declarations: list[Record] = []
    problems: Problems = []
    current, named_at = name, Location(root)
    seen: list[str] = []
    while True:
        own = _layers(current, root)
        if not own:
            if current == name:
                raise _NoSuchTheme(name)
            raise ThemeError.at(named_at, _missing(current), "extends")
        layers += own
        seen.append(current)
        spec_file = next((layer.folder / THEME_FILE for layer in own if (layer.folder / THEME_FILE).is_file()), None)
        parent = DEFAULT_THEME if current != DEFAULT_THEME else None
        if spec_file is not None:
            record = check_record(parse_file(spec_file, problems), spec_file, THEME, problems)
            if record is not None:
                files.append(spec_file)
                declarations.append(record)
                if "extends" in record:
                    parent, named_at = record["extends"], record.where("extends")
                else:
                    named_at = Location(spec_file, 1, 1)
            else:
                named_at = Location(spec_file, 1, 1)
        else:
            named_at = Location(own[0].folder)
        if parent is None or problems:
            break
        if parent in seen:
            raise ThemeError.at(
                named_at,
                f"the themes extend each other in a circle ({' -> '.join([*seen, parent])}); remove one 'extends:'",
                "extends",
            )
        current = parent
    if problems:
        raise ThemeError(problems)
    kinds: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    kind_where: dict[str, Location] = {}
    field_where: dict[str, Location] = {}
    for record in reversed(declarations):  # the nearest theme's declaration of a name wins
        for key, value in (record.get("kinds") or {}).items():
            kinds[key] = value
            kind_where[key] = record["kinds"].where(key)
        for key, value in (record.get("fields") or {}).items():
            fields[key] = value
            field_where[key] = record["fields"].where(key)
    return ThemeSpec(
        name=name,
        layers=tuple(layers),
        kinds=Record(Location(root), kinds, kind_where),
        fields=Record(Location(root), fields, field_where),
        files=tuple(files),
        new_edition=next((record for record in declarations if "new_edition" in record), None),
    )

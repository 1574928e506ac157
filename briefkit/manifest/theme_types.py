"""How the section kinds and edition keys a theme declares (theme_file.py) become keys manifests may write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefkit.errors import Problem, ThemeError
from briefkit.manifest.compound_types import ListOf, RecordType, Tagged
from briefkit.manifest.edition_fields import BUILT_IN_SECTIONS, EDITION, EDITION_FIELDS, edition_type, section_type
from briefkit.manifest.series_fields import HEADINGS, SERIES, SERIES_FIELDS, series_type
from briefkit.manifest.text_types import Markdown, Text
from briefkit.manifest.themes import ThemeSpec
from briefkit.manifest.types import Field, Record, Type
from briefkit.manifest.value_types import Boolean, Date, Integer, Url


def value_type(spec: Record, title: str) -> Type:
    """The manifest type of one declared key."""
    kind = spec["type"]
    if kind == "text":
        return Text()
    if kind == "markdown":
        return Markdown()
    if kind == "url":
        return Url()
    if kind == "date":
        return Date()
    if kind == "integer":
        return Integer(spec["minimum"], spec["maximum"])
    if kind == "boolean":
        return Boolean()
    entry = RecordType(f"{title} entry", f"One entry of {title}.", declared_fields(spec["fields"], title))
    return ListOf(entry, min_items=1)


def declared_fields(specs: Record, title: str) -> list[Field]:
    return [
        Field(
            name,
            value_type(spec, f"{title} {name}"),
            spec.get("doc") or f"The {name.replace('_', ' ')}.",
            required=spec["required"],
        )
        for name, spec in specs.items()
    ]


@dataclass(frozen=True)
class ManifestTypes:
    """The keys of a series file and an edition manifest for one theme."""

    series: RecordType
    edition: RecordType
    declared_kinds: tuple[str, ...]  # section kinds the theme adds
    declared_fields: tuple[str, ...]  # edition keys the theme adds

    def section(self, kind: str) -> RecordType:
        """The keys of a section of ``kind``."""
        sections = self.edition.field_named("sections").type
        assert isinstance(sections, ListOf) and isinstance(sections.item, Tagged)
        return sections.item.variants[kind]

    def edition_extras(self) -> RecordType:
        """Only the edition keys the theme adds."""
        return RecordType("Theme fields", "", [self.edition.field_named(name) for name in self.declared_fields])


RESERVED_SECTION_KEYS = ("kind", "heading")


def _clashes(spec: ThemeSpec) -> list[Problem]:
    problems = []
    taken = {f.name for f in EDITION_FIELDS} | {f.name for f in SERIES_FIELDS}
    for name in spec.fields:
        if name in taken:
            where = spec.fields.where(name)
            problems.append(Problem(where, f"fields.{name}", f"'{name}' is a key briefkit has; name it differently"))
    for name, kind in spec.kinds.items():
        if name in BUILT_IN_SECTIONS:
            where = spec.kinds.where(name)
            problems.append(Problem(where, f"kinds.{name}", f"'{name}' is a kind briefkit has; name it differently"))
        for key in RESERVED_SECTION_KEYS:
            if key in kind["fields"]:
                where = kind["fields"].where(key)
                problems.append(
                    Problem(where, f"kinds.{name}.fields.{key}", f"every section has '{key}:'; remove it here")
                )
    return problems


_BUILT: dict[tuple[Any, ...], ManifestTypes] = {}


def manifest_types(spec: ThemeSpec) -> ManifestTypes:
    """The keys manifests may write with theme ``spec``: briefkit's own plus what the theme declares (made once
    for each distinct declaration)."""
    key = spec.declaration_key()
    if key not in _BUILT:
        _BUILT[key] = _manifest_types(spec)
    return _BUILT[key]


def _manifest_types(spec: ThemeSpec) -> ManifestTypes:
    problems = _clashes(spec)
    if problems:
        raise ThemeError(problems)
    if not spec.kinds and not spec.fields:
        return ManifestTypes(SERIES, EDITION, (), ())
    sections = dict(BUILT_IN_SECTIONS)
    headings = list(HEADINGS.fields)
    for name, kind in spec.kinds.items():
        title = name.replace("_", " ").capitalize()
        sections[name] = section_type(
            name,
            f"{title} section",
            kind.get("doc") or f"A {title.lower()} section (from the theme).",
            declared_fields(kind["fields"], title),
        )
        headings.append(Field(name, Text(), f"Heading of {name} sections.", default=kind.get("heading")))
    series = series_type(RecordType(HEADINGS.title, HEADINGS.doc, headings))
    edition = edition_type(series, sections, declared_fields(spec.fields, "Edition"))
    return ManifestTypes(series, edition, tuple(spec.kinds), tuple(spec.fields))

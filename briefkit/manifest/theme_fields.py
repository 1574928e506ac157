"""What a theme.yaml may hold, and how the section kinds and edition fields it declares become manifest keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefkit.errors import Problem, ThemeError
from briefkit.manifest.fields import (
    BUILT_IN_SECTIONS,
    EDITION_FIELDS,
    HEADINGS,
    SERIES_FIELDS,
    edition_type,
    section_type,
    series_type,
)
from briefkit.manifest.themes import ThemeSpec
from briefkit.manifest.types import (
    Boolean,
    Choice,
    Date,
    Field,
    Integer,
    ListOf,
    MapOf,
    Markdown,
    Pattern,
    Problems,
    Record,
    RecordType,
    Tagged,
    Text,
    Type,
    Url,
)

NAME = r"[a-z][a-z0-9_]{0,39}"
NAME_HINT = "use lower-case letters, digits and _, starting with a letter, like event_list"
VALUE_TYPES = ("text", "markdown", "url", "date", "integer", "boolean")


def _field_spec(with_lists: bool) -> RecordType:
    types = (*VALUE_TYPES, "list") if with_lists else VALUE_TYPES
    fields = [
        Field("type", Choice(*types), "What the value is: " + ", ".join(types) + ".", required=True),
        Field("doc", Text(), "What the key means, for the schema and `briefkit new edition`."),
        Field("required", Boolean(), "Whether every manifest must give it.", default=False),
        Field("minimum", Integer(-(10**9), 10**9), "For an integer: the smallest allowed.", default=0),
        Field("maximum", Integer(-(10**9), 10**9), "For an integer: the largest allowed.", default=10**9),
    ]
    if with_lists:
        fields.append(Field("fields", MapOf(_field_spec(False), NAME, NAME_HINT), "For a list: each entry's keys."))
    return RecordType(
        "Theme field" if with_lists else "Theme item field",
        "A key a theme adds: its type, whether it must be given, and what it means.",
        fields,
        extra_check=_list_has_fields if with_lists else None,
    )


def _list_has_fields(record: Record, path: str, problems: Problems) -> None:
    if record["type"] == "list" and not record.get("fields"):
        problems.append(
            Problem(record.where("type"), f"{path}.fields", "a list needs 'fields:', the keys of each entry")
        )
    elif record["type"] != "list" and record.get("fields"):
        problems.append(Problem(record.where("fields"), f"{path}.fields", "only a list has 'fields:'; remove it"))


FIELD = _field_spec(True)

KIND = RecordType(
    "Theme section kind",
    "A kind of section a theme adds; its partials are sections/<kind>.mjml, .txt, .print.html and .feed.html.",
    [
        Field("doc", Text(), "What the section is for."),
        Field("heading", Text(), "The section's heading when neither the manifest nor the series gives one."),
        Field("fields", MapOf(FIELD, NAME, NAME_HINT), "The section's keys besides kind and heading.", default={}),
    ],
)

THEME = RecordType(
    "Theme file",
    "A theme's theme.yaml: its parent, and the section kinds and edition keys it adds.",
    [
        Field(
            "extends",
            Pattern(r"[a-z0-9][a-z0-9_-]*", "use lower-case letters, digits, - and _", "a theme name"),
            "The theme whose templates fill in what this one does not have; briefkit's default when not given.",
        ),
        Field("kinds", MapOf(KIND, NAME, NAME_HINT), "Section kinds this theme adds, by name."),
        Field("fields", MapOf(FIELD, NAME, NAME_HINT), "Keys this theme adds to edition manifests, by name."),
    ],
)


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
        from briefkit.manifest.fields import EDITION, SERIES

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

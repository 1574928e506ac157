"""How the section kinds and edition keys a theme declares (theme_file.py) become keys manifests may write."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from briefkit.errors import Problem, ThemeError
from briefkit.manifest.compound_types import ListOf, RecordType, Tagged
from briefkit.manifest.edition_fields import BUILT_IN_SECTIONS, EDITION, EDITION_FIELDS, edition_type, section_type
from briefkit.manifest.series_fields import HEADINGS, SERIES, SERIES_FIELDS, series_type
from briefkit.manifest.text_types import Markdown, Text
from briefkit.manifest.themes import ThemeSpec
from briefkit.manifest.types import INVALID, Field, Problems, Record, Type, suggest
from briefkit.manifest.value_types import Boolean, Date, Integer, Url
from briefkit.manifest.yaml_nodes import Scalar


def value_type(spec: Record, title: str, path: str = "", problems: Problems | None = None) -> Type:
    """The manifest type of one declared key (``path``: where it is declared, for the problems of its entries'
    defaults and required_with)."""
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
    fields = declared_fields(spec["fields"], title, f"{path}.fields", problems)
    entry = RecordType(f"{title} entry", f"One entry of {title}.", fields)
    return ListOf(with_required_with(entry, spec["fields"], (), f"{path}.fields", problems), min_items=1)


def _default(spec: Record, title: str, path: str, problems: Problems | None) -> Any:
    """The declared default, checked as a value of the key's own type (None when there is none or it fails)."""
    node = spec.get("default")
    if node is None:
        return None
    found: Problems = []
    value = value_type(spec, title).check(node, f"{path}.default", found)
    if problems is not None:
        problems += found
    return None if found or value is INVALID else value


def declared_fields(specs: Record, title: str, path: str = "", problems: Problems | None = None) -> list[Field]:
    return [
        Field(
            name,
            value_type(spec, f"{title} {name}", f"{path}.{name}", problems),
            spec.get("doc") or f"The {name.replace('_', ' ')}.",
            required=spec["required"],
            default=_default(spec, f"{title} {name}", f"{path}.{name}", problems),
        )
        for name, spec in specs.items()
    ]


def with_required_with(
    record_type: RecordType, specs: Record, others: tuple[str, ...], path: str, problems: Problems | None
) -> RecordType:
    """``record_type`` checking also the declared keys that are required when another key beside them is given
    (``required_with``); ``others``: the keys beside them briefkit has. A name that is not beside them is a
    problem at the theme's ``required_with``."""
    pairs = {name: spec["required_with"] for name, spec in specs.items() if "required_with" in spec}
    if not pairs:
        return record_type
    beside = [*others, *specs]
    for name, other in pairs.items():
        if other not in beside or other == name:
            where = specs[name].where("required_with")
            hint = "a key cannot require itself" if other == name else f"'{other}' is not a key beside it"
            if problems is not None:
                problems.append(
                    Problem(
                        where,
                        f"{path}.{name}.required_with",
                        f"{hint}; {suggest(other, [key for key in beside if key != name])}",
                    )
                )
    docs = {f.name: f.doc for f in record_type.fields}
    before = record_type.extra_check

    def check(record: Record, at: str, found: Problems) -> None:
        if before is not None:
            before(record, at, found)
        for name, other in pairs.items():
            if other in record and name not in record:
                what = docs[name].split(". ")[0].rstrip(".")
                found.append(
                    Problem(
                        record.where(other),
                        f"{at}.{name}" if at else name,
                        f"is missing; add '{name}:' ({what[:1].lower()}{what[1:]}), needed when '{other}' is given",
                    )
                )

    return replace(record_type, extra_check=check, required_with={**record_type.required_with, **pairs})


@dataclass(frozen=True)
class ManifestTypes:
    """The keys of a series file and an edition manifest for one theme."""

    series: RecordType
    edition: RecordType
    declared_kinds: tuple[str, ...]  # section kinds the theme adds
    declared_fields: tuple[str, ...]  # edition keys the theme adds
    # What theme.yaml says of a declared key besides its doc (its default as written, the key that makes it
    # required), by its path: "greeting", "events/lead", "events/items/note".
    notes: dict[str, str] = field(default_factory=dict)

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


def _unknown_starting_kinds(spec: ThemeSpec, kind_misspelt: bool) -> list[Problem]:
    """A problem at `new_edition:` for the first name there that is no section kind of the theme. With
    ``kind_misspelt`` (a declared kind has no partials), a name whose partials are there is the kind's right name,
    not a mistake of its own: it is left to the kind's message."""
    if spec.new_edition is None:
        return []
    offered = (*BUILT_IN_SECTIONS, *spec.kinds)
    listed: list[str] = spec.new_edition["new_edition"]
    meant = set(spec.undeclared_partials()) if kind_misspelt else set()
    unknown = [name for name in listed if name not in offered and name not in meant]
    if not unknown:
        return []
    return [
        Problem(
            spec.new_edition.where("new_edition"),
            "new_edition",
            f"'{unknown[0]}' is not a section kind of this theme; {suggest(unknown[0], offered)}",
        )
    ]


def theme_problems(spec: ThemeSpec) -> list[Problem]:
    """What is wrong with theme ``spec`` as a whole, each located in its theme.yaml: a declaration that cannot
    work, a declared kind without a partial for each format, a name under `new_edition:` that is no kind. Only
    the search path is looked at (the partials are files along it), never a template's contents."""
    problems: list[Problem] = []
    try:
        manifest_types(spec, checked=False)
    except ThemeError as error:
        problems += error.problems
    missing = spec.missing_partials()
    return problems + missing + _unknown_starting_kinds(spec, bool(missing))


_BUILT: dict[tuple[Any, ...], ManifestTypes] = {}


def manifest_types(spec: ThemeSpec, checked: bool = True) -> ManifestTypes:
    """The keys manifests may write with theme ``spec``: briefkit's own plus what the theme declares (made once
    for each distinct declaration). Unless not ``checked``, the theme is checked whole first (theme_problems),
    so that a mistake in it is reported as itself, never as the manifests' that follow it; raises ThemeError."""
    if checked:
        problems = theme_problems(spec)
        if problems:
            raise ThemeError(problems)
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
        path = f"kinds.{name}.fields"
        section = section_type(
            name,
            f"{title} section",
            kind.get("doc") or f"A {title.lower()} section (from the theme).",
            declared_fields(kind["fields"], title, path, problems),
        )
        built_in = tuple(f.name for f in section.fields if f.name not in kind["fields"])
        sections[name] = with_required_with(section, kind["fields"], built_in, path, problems)
        headings.append(Field(name, Text(), f"Heading of {name} sections.", default=kind.get("heading")))
    series = series_type(RecordType(HEADINGS.title, HEADINGS.doc, headings))
    extras = declared_fields(spec.fields, "Edition", "fields", problems)
    edition = edition_type(series, sections, extras)
    built_in = tuple(f.name for f in edition.fields if f.name not in spec.fields)
    edition = with_required_with(edition, spec.fields, built_in, "fields", problems)
    if problems:
        raise ThemeError(problems)
    notes = _notes(spec.fields, "") | {
        path: note for name, kind in spec.kinds.items() for path, note in _notes(kind["fields"], f"{name}/").items()
    }
    return ManifestTypes(series, edition, tuple(spec.kinds), tuple(spec.fields), notes)


def key_note(default: str | None, required_with: str | None) -> str:
    """'default 'Read more »'; required when 'picture' is given', or '' for a key with neither."""
    notes = []
    if default is not None:
        notes.append(f"default '{default}'")
    if required_with is not None:
        notes.append(f"required when '{required_with}' is given")
    return "; ".join(notes)


def _notes(specs: dict[str, Any], prefix: str) -> dict[str, str]:
    """The note (key_note) of each declared key of ``specs`` and of its entries' keys, by path."""
    found = {}
    for name, spec in specs.items():
        default = spec.get("default")
        note = key_note(str(default.value) if isinstance(default, Scalar) else None, spec.get("required_with"))
        if note:
            found[f"{prefix}{name}"] = note
        found |= _notes(spec.get("fields") or {}, f"{prefix}{name}/")
    return found

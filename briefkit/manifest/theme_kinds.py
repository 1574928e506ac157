"""What a theme offers, kind by kind, for `briefkit themes`: each section kind (briefkit's and the theme's own) with
its keys (type, required, what it means) and the partial it has for each format, and the edition keys it adds."""

from __future__ import annotations

from dataclasses import dataclass

from briefkit.errors import Location
from briefkit.manifest.compound_types import ListOf, RecordType, Tagged
from briefkit.manifest.theme_types import key_note, manifest_types
from briefkit.manifest.themes import PARTIALS, Layer, ThemeSpec
from briefkit.manifest.types import Field, Record, Type
from briefkit.manifest.yaml_nodes import Scalar


@dataclass(frozen=True)
class KeyInfo:
    """One key a manifest may write: its name, what it holds, whether it must be given, what it means, and for a
    list of entries, each entry's keys."""

    name: str
    holds: str
    required: bool
    doc: str
    entries: tuple[KeyInfo, ...] = ()
    default: str | None = None  # as theme.yaml writes it
    required_with: str | None = None  # the key beside it that makes it required

    @property
    def described(self) -> str:
        """What it means, then its default and when it is required, as theme.yaml declares them."""
        note = key_note(self.default, self.required_with)
        return f"{self.doc} ({note})" if note else self.doc


@dataclass(frozen=True)
class KindInfo:
    """One section kind: where it is declared (None for briefkit's own), its keys, and its partials by format
    suffix (the layer each comes from, None when there is none)."""

    name: str
    declared_at: Location | None
    doc: str
    keys: tuple[KeyInfo, ...]
    partials: dict[str, Layer | None]

    @property
    def missing(self) -> tuple[str, ...]:
        """The suffixes of the partials a render needs and no folder has."""
        return tuple(suffix for suffix, layer in self.partials.items() if layer is None and suffix in PARTIALS)


# What a key holds, in the words theme.yaml uses for its types.
_WORDS = {
    "Markdown text": "markdown",
    "a web address starting with https://": "url",
    "a date like 2021-03-31": "date",
    "a whole number": "integer",
    "true or false": "boolean",
    "a mapping of keys": "mapping",
}


def _holds(value_type: Type) -> str:
    if isinstance(value_type, ListOf):
        item = value_type.item
        return "list" if isinstance(item, RecordType) else f"list of {_WORDS.get(item.label, item.label)}"
    label = value_type.label
    return label[len("one of ") :].replace(", ", "|") if label.startswith("one of ") else _WORDS.get(label, label)


def _key(field: Field, declared: Record | None) -> KeyInfo:
    """The key of ``field``; ``declared``: the theme.yaml declarations of it and the keys beside it, if any."""
    spec = declared.get(field.name) if declared is not None else None
    entries: tuple[KeyInfo, ...] = ()
    if isinstance(field.type, ListOf) and isinstance(field.type.item, RecordType):
        inner = spec.get("fields") if spec is not None else None
        entries = tuple(_key(entry, inner) for entry in field.type.item.fields)
    default = spec.get("default") if spec is not None else None
    return KeyInfo(
        field.name,
        _holds(field.type),
        field.required,
        field.doc,
        entries,
        default=str(default.value) if isinstance(default, Scalar) else None,
        required_with=spec.get("required_with") if spec is not None else None,
    )


def theme_kinds(spec: ThemeSpec) -> tuple[KindInfo, ...]:
    """Every section kind manifests may write with theme ``spec``, briefkit's first, then the theme's own."""
    types = manifest_types(spec, checked=False)  # `briefkit themes` shows a theme with missing partials too
    sections = types.edition.field_named("sections").type
    assert isinstance(sections, ListOf) and isinstance(sections.item, Tagged)
    found = []
    for name in sections.item.variants:
        record = types.section(name)
        declared_at = spec.kinds.where(name) if name in spec.kinds else None
        declared = spec.kinds[name]["fields"] if name in spec.kinds else None
        keys = tuple(_key(field, declared) for field in record.fields if field.name != "kind")
        found.append(KindInfo(name, declared_at, record.doc, keys, spec.partials(name)))
    return tuple(found)


def theme_keys(spec: ThemeSpec) -> tuple[KeyInfo, ...]:
    """The edition keys theme ``spec`` adds."""
    extras = manifest_types(spec, checked=False).edition_extras()
    return tuple(_key(field, spec.fields) for field in extras.fields)

"""Field types made of other types: a list, a mapping of names the writer chooses, a record with known keys, and a
record whose kind names its keys; and every record type reachable from one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefkit.errors import Location, Problem
from briefkit.manifest.text_types import Text
from briefkit.manifest.types import INVALID, Field, Problems, Record, Type, kind_of, suggest
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, Sequence


class ListOf(Type):
    """A list of values of one type; ``single`` also accepts one value written alone."""

    def __init__(self, item: Type, min_items: int = 0, single: bool = False) -> None:
        self.item = item
        self.min_items = min_items
        self.single = single
        self.label = f"a list of {item.label}"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if isinstance(node, Scalar) and node.value is None:
            return None
        if self.single and not isinstance(node, Sequence):
            value = self.item.check(node, path, problems)
            return INVALID if value is INVALID else [value]
        if not isinstance(node, Sequence):
            problems.append(
                Problem(node.location, path, f"expected a list, found {kind_of(node)}; start each entry with '- '")
            )
            return INVALID
        if len(node.items) < self.min_items:
            problems.append(Problem(node.location, path, f"needs at least {self.min_items} entries"))
            return INVALID
        values = []
        for index, child in enumerate(node.items):
            value = self.item.check(child, f"{path}[{index}]", problems)
            if value is None:
                problems.append(Problem(child.location, f"{path}[{index}]", "is empty; fill it in or remove the entry"))
                value = INVALID
            values.append(value)
        return INVALID if any(v is INVALID for v in values) else values

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.single:
            return {"anyOf": [self.item.json_schema(), schema]}
        return schema


class MapOf(Type):
    """A mapping whose keys are names the writer chooses (matching ``key_pattern``), each holding a value of one type.
    The value is a Record, so every key keeps its place."""

    def __init__(self, item: Type, key_pattern: str, key_hint: str) -> None:
        self.item = item
        self.key_pattern = key_pattern
        self.key_hint = key_hint
        self.label = f"a mapping of names to {item.label}"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if isinstance(node, Scalar) and node.value is None:
            return None
        if not isinstance(node, Mapping):
            problems.append(Problem(node.location, path, f"expected a mapping of names, found {kind_of(node)}"))
            return INVALID
        values: dict[str, Any] = {}
        locations: dict[str, Location] = {}
        failed = False
        for key, (key_location, child) in node.entries.items():
            child_path = f"{path}.{key}" if path else key
            if not re.fullmatch(self.key_pattern, key):
                problems.append(Problem(key_location, child_path, f"'{key}' is not a usable name; {self.key_hint}"))
                failed = True
                continue
            value = self.item.check(child, child_path, problems)
            if value is None:
                problems.append(Problem(key_location, child_path, "is empty; fill it in or remove it"))
                value = INVALID
            failed = failed or value is INVALID
            values[key] = value
            locations[key] = key_location
        return INVALID if failed else Record(node.location, values, locations)

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": f"^(?:{self.key_pattern})$"},
            "additionalProperties": self.item.json_schema(),
        }


@dataclass
class RecordType(Type):
    """A mapping with known keys. ``waived_by`` names a key whose presence lifts ``required``; ``required_with``
    maps a key to the key beside it whose presence makes it required (``extra_check`` checks it; the JSON Schema
    says it as dependentRequired)."""

    title: str
    doc: str
    fields: list[Field]
    waived_by: str | None = None
    exclusive: list[tuple[str, str]] = field(default_factory=list)
    extra_check: Callable[[Record, str, Problems], None] | None = None
    required_with: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:  # type: ignore[override]
        return "a mapping of keys"

    def field_named(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def filled(self, given: dict[str, Any] | None) -> dict[str, Any]:
        """``given`` (a checked mapping of this type, or None when absent) with every default filled in."""
        return {f.name: f.default for f in self.fields} | dict(given or {})

    def _waived(self, node: Mapping) -> bool:
        return self.waived_by is not None and self.waived_by in node.entries

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if isinstance(node, Scalar) and node.value is None:
            return None
        if not isinstance(node, Mapping):
            problems.append(
                Problem(node.location, path, f"expected a mapping of keys ({self.title}), found {kind_of(node)}")
            )
            return INVALID
        known = {f.name: f for f in self.fields}
        values: dict[str, Any] = {}
        locations: dict[str, Location] = {}
        emptied: set[str] = set()
        failed = False
        for key, (key_location, child) in node.entries.items():
            child_path = f"{path}.{key}" if path else key
            if key not in known:
                problems.append(Problem(key_location, child_path, f"unknown key '{key}'; {suggest(key, list(known))}"))
                failed = True
                continue
            value = known[key].type.check(child, child_path, problems)
            if known[key].required and (value is None or value == "") and not self._waived(node):
                problems.append(Problem(key_location, child_path, "is empty; fill it in"))
                value = INVALID
            failed = failed or value is INVALID
            if value is not None:
                values[key] = value
                locations[key] = key_location
            else:
                emptied.add(key)
        waived = self.waived_by is not None and self.waived_by in values
        for f in self.fields:
            if f.name in values:
                continue
            if f.required and not waived:
                child_path = f"{path}.{f.name}" if path else f.name
                what = f.doc.split(". ")[0].rstrip(".")
                problems.append(
                    Problem(node.location, child_path, f"is missing; add '{f.name}:' ({what[:1].lower()}{what[1:]})")
                )
                failed = True
            elif f.default is not None:
                values[f.name] = f.default
        for first, second in self.exclusive:
            if first in values and second in values:
                problems.append(
                    Problem(
                        locations[second],
                        f"{path}.{second}" if path else second,
                        f"give either '{first}' or '{second}', not both; remove one",
                    )
                )
                failed = True
        if failed:
            return INVALID
        record = Record(node.location, values, locations, frozenset(emptied))
        if self.extra_check is not None:
            before = len(problems)
            self.extra_check(record, path, problems)
            if len(problems) > before:
                return INVALID
        return record

    def json_schema(self) -> dict[str, Any]:
        """The same rules as ``check``: a key left empty counts as not given (so an optional one may be null),
        ``waived_by`` lifts ``required`` when its key is there, ``exclusive`` pairs may not both be given, and a
        key of ``required_with`` is required when its other key is given (dependentRequired); each key's default
        is its `default`."""
        properties: dict[str, Any] = {}
        for f in self.fields:
            value = f.type.json_schema()
            if not f.required:
                value = {"anyOf": [value, {"type": "null"}]}
            properties[f.name] = {**value, "description": f.doc}
            if f.default is not None:
                properties[f.name]["default"] = _as_json(f.default)
        schema: dict[str, Any] = {
            "type": "object",
            "title": self.title,
            "description": self.doc,
            "additionalProperties": False,
            "properties": properties,
        }
        required = [f.name for f in self.fields if f.required]
        if required and self.waived_by is None:
            schema["required"] = required
        elif required:
            schema["if"] = {"not": {"required": [self.waived_by]}}
            schema["then"] = {"required": required}
        if self.exclusive:
            schema["allOf"] = [{"not": {"required": [first, second]}} for first, second in self.exclusive]
        if self.required_with:
            dependent: dict[str, list[str]] = {}
            for name, other in self.required_with.items():
                dependent.setdefault(other, []).append(name)
            schema["dependentRequired"] = dependent
        return schema


def _as_json(value: Any) -> Any:
    """A default as JSON holds it: a date as YYYY-MM-DD, a mapping's and a list's values alike."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(item) for item in value]
    return value


@dataclass
class Tagged(Type):
    """A mapping whose ``key`` names which record type the rest of it follows."""

    key: str
    variants: dict[str, RecordType]
    label: str = "a mapping of keys"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if not isinstance(node, Mapping):
            problems.append(
                Problem(node.location, path, f"expected a mapping with '{self.key}:', found {kind_of(node)}")
            )
            return INVALID
        names = list(self.variants)
        if self.key not in node.entries:
            problems.append(
                Problem(
                    node.location,
                    f"{path}.{self.key}",
                    f"is missing; add '{self.key}:' with one of: {', '.join(names)}",
                )
            )
            return INVALID
        _, kind_node = node.entries[self.key]
        kind = Text().text(kind_node, f"{path}.{self.key}", problems)
        if kind is INVALID:
            return INVALID
        if kind not in self.variants:
            problems.append(
                Problem(
                    kind_node.location,
                    f"{path}.{self.key}",
                    f"'{kind}' is not a {self.key}; {suggest(str(kind), names)}",
                )
            )
            return INVALID
        return self.variants[str(kind)].check(node, path, problems)

    def json_schema(self) -> dict[str, Any]:
        return {"oneOf": [v.json_schema() for v in self.variants.values()]}


def record_types(root: Type) -> list[RecordType]:
    """Every record type reachable from ``root``, once each, in the order first met."""
    found: list[RecordType] = []

    def visit(t: Type) -> None:
        if isinstance(t, RecordType):
            if any(t is seen for seen in found):
                return
            found.append(t)
            for f in t.fields:
                visit(f.type)
        elif isinstance(t, (ListOf, MapOf)):
            visit(t.item)
        elif isinstance(t, Tagged):
            for variant in t.variants.values():
                visit(variant)

    visit(root)
    return found

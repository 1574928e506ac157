"""The base of the field types that check located YAML nodes, report every problem with its place, and describe
themselves as JSON Schema: a type, a field, the checked record, and the mark of a value that failed. The types
themselves are in text_types.py, value_types.py and compound_types.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefkit.errors import Location, Problem
from briefkit.manifest.yaml_nodes import Mapping, Node, Sequence


class Invalid:
    """Marks a value that failed its check; the problem has been recorded already."""


INVALID = Invalid()

Problems = list[Problem]


class Record(dict[str, Any]):
    """A checked mapping: field values, plus where the mapping and each key were written."""

    def __init__(
        self,
        location: Location,
        values: dict[str, Any],
        key_locations: dict[str, Location],
        emptied: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(values)
        self.location = location
        self.key_locations = key_locations
        self.emptied = emptied  # keys written with no value (`tagline: ~`): "none", where that differs from absent

    def where(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)


def kind_of(node: Node) -> str:
    """How ``node`` was written, for a message: a mapping, a list or text."""
    if isinstance(node, Mapping):
        return "a mapping of keys"
    if isinstance(node, Sequence):
        return "a list"
    return "text"


class Type:
    """One kind of value a field can hold."""

    label = "a value"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Field:
    """A key of a record: its type, whether it must be given, its default and what it means."""

    name: str
    type: Type
    doc: str
    required: bool = False
    default: Any = None


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """A hint for a word that is not one of ``choices``: the closest of them, or all of them."""
    import difflib  # for a mistake only

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(choices)

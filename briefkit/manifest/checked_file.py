"""Read one YAML file of the project into located nodes, and check it against the record type it must follow."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import BriefkitError, Location, Problem
from briefkit.io.files import read_text
from briefkit.manifest.compound_types import ListOf, MapOf, RecordType, Tagged
from briefkit.manifest.text_types import Text
from briefkit.manifest.types import INVALID, Problems, Record, Type
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, Sequence, parse_yaml


def parse_file(path: Path, problems: Problems, notes: Problems | None = None) -> Node | None:
    """The file's node tree; None (and its problems added) when it cannot be read or parsed. What YAML read
    differently from what was most likely meant is added to ``notes``."""
    try:
        return parse_yaml(read_text(path, Location(path), ""), path, notes)
    except BriefkitError as error:
        problems.extend(error.problems)
        return None


def check_record(node: Node | None, path: Path, record_type: RecordType, problems: Problems) -> Record | None:
    """``node`` checked as ``record_type``; None (and the problems added) when it does not follow it. A key written
    under the mapping it belongs in rather than inside it (`alt:` lined up with `image:`, not with `src:`) is said
    as that, once, rather than as an unknown key and a missing one."""
    if node is None:
        return None
    misplaced_keys(node, record_type, "", problems)
    value = record_type.check(node, "", problems)
    if value is INVALID or value is None:
        return None
    if not isinstance(value, Record):
        problems.append(Problem(Location(path, 1, 1), "", f"expected a mapping of keys at the top of {path.name}"))
        return None
    return value


def misplaced_keys(node: Node, of_type: Type, path: str, problems: Problems) -> None:
    """Keys of ``node`` (checked as ``of_type``) that belong in the mapping of the key written just before them,
    as indented one level too little: each is said, and moved where it belongs so that the check that follows
    does not report it again as unknown here and missing there."""
    if isinstance(of_type, Tagged) and isinstance(node, Mapping) and of_type.key in node.entries:
        kind = node.entries[of_type.key][1]
        if isinstance(kind, Scalar) and kind.value in of_type.variants:
            misplaced_keys(node, of_type.variants[kind.value], path, problems)
    elif isinstance(of_type, ListOf) and isinstance(node, Sequence):
        for index, item in enumerate(node.items):
            misplaced_keys(item, of_type.item, f"{path}[{index}]", problems)
    elif isinstance(of_type, MapOf) and isinstance(node, Mapping):
        for key, (_, child) in node.entries.items():
            misplaced_keys(child, of_type.item, f"{path}.{key}" if path else key, problems)
    elif isinstance(of_type, RecordType) and isinstance(node, Mapping):
        known = {f.name: f.type for f in of_type.fields}
        before: str | None = None
        for key in list(node.entries):
            if key not in known and before is not None and _moved(node, before, key, known[before], path, problems):
                continue
            before = key if key in known else None  # an unknown key holds nothing another key could belong to
        for key, (_, child) in node.entries.items():
            if key in known:
                misplaced_keys(child, known[key], f"{path}.{key}" if path else key, problems)


def _moved(node: Mapping, owner: str, key: str, owner_type: Type, path: str, problems: Problems) -> bool:
    """When ``key`` of ``node`` belongs to the record ``owner`` holds (the key written before it) and is not in it:
    said, and moved there."""
    if not isinstance(owner_type, RecordType) or key not in {f.name for f in owner_type.fields}:
        return False
    owner_where, inside = node.entries[owner]
    key_where, value = node.entries[key]
    field_path = f"{path}.{owner}.{key}" if path else f"{owner}.{key}"
    if isinstance(inside, Mapping) and key not in inside.entries and inside.entries:
        if inside.location.line == owner_where.line:  # {src: ..., alt: ...} on the key's own line
            fix = f"write it inside the braces after {owner}: on line {owner_where.line}"
        else:
            first = next(iter(inside.entries))
            fix = f"indent it to column {inside.location.column}, to line it up with {first}:"
        message = f"{key}: is not inside {owner}: (line {owner_where.line}); {fix}"
        inside.entries[key] = (key_where, value)
    elif isinstance(inside, Scalar) and inside.value is not None:
        column = owner_where.column + 2
        holds = _key_for(inside, owner_type, key)
        written = f"{holds}: {inside.value} and " if holds else ""
        message = (
            f"{key}: belongs inside {owner}: (line {owner_where.line}), which holds keys, not text; write {owner}: "
            f"alone on its line and under it, both at column {column}, {written}{key}: {_as_written(value)}"
        )
        if not holds:
            message = message.replace(", both at column", ", at column")
        entries = {holds: (inside.location, inside)} if holds else {}
        node.entries[owner] = (owner_where, Mapping(inside.location, {**entries, key: (key_where, value)}))
    else:
        return False
    problems.append(Problem(key_where, field_path, message))
    del node.entries[key]
    return True


def _key_for(text: Scalar, record_type: RecordType, besides: str) -> str | None:
    """The key of ``record_type`` the text most likely is (an address is src:, a path file:): the first of its keys
    of a particular kind of text (not any text) that takes it."""
    for f in record_type.fields:
        if f.name == besides or type(f.type) is Text:
            continue
        tried: Problems = []
        if f.type.check(text, "", tried) not in (INVALID, None) and not tried:
            return f.name
    return None


def _as_written(node: Node) -> str:
    return node.value if isinstance(node, Scalar) and node.value is not None else "..."

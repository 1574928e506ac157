"""Read one YAML file of the project into located nodes, and check it against the record type it must follow."""

from __future__ import annotations

from pathlib import Path

from briefkit.errors import BriefkitError, Location, Problem
from briefkit.io.files import read_text
from briefkit.manifest.compound_types import RecordType
from briefkit.manifest.types import INVALID, Problems, Record
from briefkit.manifest.yaml_nodes import Node, parse_yaml


def parse_file(path: Path, problems: Problems, notes: Problems | None = None) -> Node | None:
    """The file's node tree; None (and its problems added) when it cannot be read or parsed. What YAML read
    differently from what was most likely meant is added to ``notes``."""
    try:
        return parse_yaml(read_text(path, Location(path), ""), path, notes)
    except BriefkitError as error:
        problems.extend(error.problems)
        return None


def check_record(node: Node | None, path: Path, record_type: RecordType, problems: Problems) -> Record | None:
    """``node`` checked as ``record_type``; None (and the problems added) when it does not follow it."""
    if node is None:
        return None
    value = record_type.check(node, "", problems)
    if value is INVALID or value is None:
        return None
    if not isinstance(value, Record):
        problems.append(Problem(Location(path, 1, 1), "", f"expected a mapping of keys at the top of {path.name}"))
        return None
    return value

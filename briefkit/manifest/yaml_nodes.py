"""Read YAML safely into located nodes: one document, no tags, no aliases, no duplicate keys, scalars kept as written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefkit.errors import BriefkitError, Location, ManifestError, Problem
from briefkit.manifest.yaml_mistakes import INDICATORS, comment_dropped, explain, quoted_example

# Plain scalars that YAML means as "no value".
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

try:  # libyaml when it is there: the pure-Python parser gives the same events, slower.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass
class Scalar:
    """A scalar exactly as written; ``value`` is None for an empty or null plain scalar."""

    value: str | None
    location: Location
    quoted: bool = False


@dataclass
class Mapping:
    """A mapping whose keys are text; each entry keeps its key's location."""

    location: Location
    entries: dict[str, tuple[Location, Node]] = field(default_factory=dict)


@dataclass
class Sequence:
    """A list of nodes."""

    location: Location
    items: list[Node] = field(default_factory=list)


Node = Scalar | Mapping | Sequence


def _where(path: Path, mark: Any) -> Location:
    """A location from a PyYAML mark (of either parser); marks count from 0."""
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _syntax_error(path: Path, error: yaml.YAMLError, text: str) -> BriefkitError:
    if isinstance(error, yaml.MarkedYAMLError):
        mistake = explain(text, error)
        where, what = Location(path, mistake.line, mistake.column), mistake.message
    elif isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        where = Location(path, before.count("\n") + 1, len(before) - before.rfind("\n"))
        char = error.character if isinstance(error.character, str) else chr(error.character)
        what = f"the control character U+{ord(char):04X} is not allowed in a YAML file; delete it"
    else:  # pragma: no cover - PyYAML raises one of the above
        where, what = Location(path), f"this is not valid YAML ({error})"
    return ManifestError.at(where, what)


MAX_DEPTH = 32  # mappings and lists inside each other; a manifest needs fewer than ten


def _events(text: str, path: Path) -> list[yaml.Event]:
    """The parser's events, stopping at the first one nested deeper than MAX_DEPTH (a file made to be slow)."""
    events: list[yaml.Event] = []
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ManifestError.at(
                    _where(path, event.start_mark),
                    f"mappings and lists are nested more than {MAX_DEPTH} deep here; a briefkit file needs far "
                    "fewer, so check the brackets and indentation",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        events.append(event)
    return events


def parse_yaml(text: str, path: Path, notes: list[Problem] | None = None) -> Node:
    """Parse ``text`` (the contents of ``path``) into one located node tree; what YAML read differently from what
    the editor most likely meant, without it being an error, is added to ``notes``."""
    try:
        events = _events(text, path)
    except yaml.YAMLError as error:
        raise _syntax_error(path, error, text) from None
    builder = _Builder(path, text)
    node = builder.build(events)
    if notes is not None:
        notes += builder.notes
    return node


class _Builder:
    """Turns a stream of parser events into nodes, refusing what briefkit files do not allow."""

    def __init__(self, path: Path, text: str = "") -> None:
        self.path = path
        self.lines = text.split("\n")
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.flow: set[int] = set()  # the mappings written between { and }

    def refuse(self, event: yaml.Event, message: str) -> None:
        self.problems.append(Problem(_where(self.path, event.start_mark), "", message))

    def build(self, events: list[yaml.Event]) -> Node:
        stack: list[tuple[Node, str | None, Location | None]] = []
        root: Node | None = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.refuse(event, "a briefkit file holds one YAML document; remove the second '---'")
                continue
            if isinstance(event, yaml.AliasEvent):
                self.refuse(event, f"{INDICATORS['*']}; put the whole value in quotes, like {self._quoted(event)}")
                node: Node = Scalar(None, _where(self.path, event.start_mark))
            elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.anchor is not None:
                    self.refuse(event, f"{INDICATORS['&']}; put the whole value in quotes, like {self._quoted(event)}")
                if event.tag is not None and event.tag != "!":
                    self.refuse(event, f"{INDICATORS['!']}; put the whole value in quotes, like {self._quoted(event)}")
                where = _where(self.path, event.start_mark)
                if isinstance(event, yaml.ScalarEvent):
                    plain = event.implicit[0] and not event.style
                    value = None if plain and event.value in _NULLS else event.value
                    if plain:
                        self._look_at_plain(event, value, stack)
                        self._look_at_flow_comma(event, stack)
                    node = Scalar(value, where, quoted=not plain)
                elif isinstance(event, yaml.MappingStartEvent):
                    node = Mapping(where)
                    if event.flow_style:
                        self.flow.add(id(node))
                else:
                    node = Sequence(where)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node, _, _ = stack.pop()
                if stack:
                    self._attach(stack, node)
                else:
                    root = node
                continue
            else:
                continue
            if isinstance(node, (Mapping, Sequence)):
                stack.append((node, None, None))
            elif stack:
                self._attach(stack, node)
            else:
                root = node
        if self.problems:
            raise ManifestError(self.problems)
        if root is None or (isinstance(root, Scalar) and root.value is None):
            raise ManifestError.at(
                Location(self.path, 1, 1), "the file is empty; see docs/manifest.md for what it holds"
            )
        return root

    def _quoted(self, event: yaml.Event) -> str:
        """The value as written from where ``event`` starts to the end of its line, in double quotes."""
        mark = event.start_mark
        line = self.lines[mark.line] if mark is not None and mark.line < len(self.lines) else ""
        return quoted_example(line[mark.column :] if mark is not None else "")

    def _look_at_plain(self, event: yaml.ScalarEvent, value: str | None, stack: list[Any]) -> None:
        """What a plain (unquoted) value may hide: text after ' #' dropped as a comment, a value that was all
        comment."""
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:  # pragma: no cover - both parsers mark every event
            return
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        is_value = bool(stack) and isinstance(stack[-1][0], Mapping) and stack[-1][1] is not None
        if value and start.line == end.line and is_value:
            dropped = comment_dropped(line, end.column)
            if dropped:
                self.notes.append(
                    Problem(
                        Location(self.path, end.line + 1, end.column + 2),
                        "",
                        f"the text '{dropped}' was left out: YAML reads ' #' as the start of a comment; put the "
                        "whole value in quotes to keep it",
                    )
                )
        if value is None and is_value:
            rest = line[start.column :].lstrip()
            if rest.startswith("#") and rest[1:2] not in ("", " "):
                self.notes.append(
                    Problem(
                        Location(self.path, start.line + 1, start.column + 1),
                        "",
                        f"YAML reads '{rest.split()[0]}' as a comment, so this key has no value; put the value in "
                        "quotes if that is what it is",
                    )
                )

    def _look_at_flow_comma(self, event: yaml.ScalarEvent, stack: list[Any]) -> None:
        """In `{doc: What it is, without quotes}` YAML ends the value at the comma and reads the rest as a key with
        no value: say so at the comma, with the value in quotes."""
        if not stack or id(stack[-1][0]) not in self.flow or stack[-1][1] is None or event.value:
            return
        parent, key, key_where = stack[-1]
        start = event.start_mark
        line = self.lines[start.line] if start is not None and start.line < len(self.lines) else ""
        key_start = key_where.column - 1
        if start is None or start.line + 1 != key_where.line or ":" in line[key_start + len(key) : start.column]:
            return
        comma = line.rfind(",", 0, key_start)
        if not parent.entries or comma < 0:
            return
        before, (_, value) = list(parent.entries.items())[-1]
        if not isinstance(value, Scalar) or value.quoted or value.location.line != key_where.line:
            return
        written = line[value.location.column - 1 : start.column]
        self.problems.append(
            Problem(
                Location(self.path, key_where.line, comma + 1),
                "",
                f"this comma ends the value of '{before}': between {{ and }} YAML reads a comma as the end of a value "
                f"and '{key}' as another key; put the whole value in quotes, like {before}: {quoted_example(written)}",
            )
        )

    def _attach(self, stack: list[tuple[Node, str | None, Location | None]], node: Node) -> None:
        parent, pending_key, key_where = stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        assert isinstance(parent, Mapping)
        if pending_key is None:
            # This node is a key.
            if not isinstance(node, Scalar) or node.value is None:
                self.problems.append(Problem(node.location, "", "a key must be plain text; quote it or rename it"))
                stack[-1] = (parent, "\0invalid", node.location)
                return
            if node.value == "<<" and not node.quoted:
                self.problems.append(
                    Problem(node.location, "", "YAML merge keys (<<) are not allowed; write the keys out")
                )
            stack[-1] = (parent, node.value, node.location)
            return
        stack[-1] = (parent, None, None)
        if pending_key == "\0invalid":
            return
        assert key_where is not None
        if pending_key in parent.entries:
            first = parent.entries[pending_key][0]
            self.problems.append(
                Problem(
                    key_where,
                    "",
                    f"the key '{pending_key}' appears twice in this mapping (first on line {first.line}); "
                    "keep one of them",
                )
            )
            return
        parent.entries[pending_key] = (key_where, node)

"""Field types of text: as written, a line of an email header, an id, text matching a pattern, text whose
surrounding spaces count, and Markdown."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from briefkit.errors import Problem
from briefkit.manifest.addresses import address_problem
from briefkit.manifest.characters import control_characters, header_breakers, misleading_characters
from briefkit.manifest.markdown import link_targets
from briefkit.manifest.types import INVALID, Invalid, Problems, Type, kind_of
from briefkit.manifest.yaml_nodes import Node, Scalar


class Text(Type):
    """Text exactly as written. Single-line text folds line breaks into spaces."""

    label = "text"

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def text(self, node: Node, path: str, problems: Problems) -> str | Invalid | None:
        if not isinstance(node, Scalar):
            problems.append(Problem(node.location, path, f"expected {self.label}, found {kind_of(node)}"))
            return INVALID
        if node.value is None:
            return None
        bad = control_characters(node.value, "\n\t" if self.multiline else "\n\t\r")
        if bad:
            problems.append(Problem(node.location, path, f"contains the control character {', '.join(bad)}; delete it"))
            return INVALID
        hidden = misleading_characters(node.value)
        if hidden:
            many = len(hidden) > 1
            problems.append(
                Problem(
                    node.location,
                    path,
                    f"contains the invisible character{'s' if many else ''} {', '.join(hidden)}, which "
                    f"{'change' if many else 'changes'} how the text reads or {'are' if many else 'is'} no character "
                    f"at all; delete {'them' if many else 'it'} (text pasted from elsewhere often brings them)",
                )
            )
            return INVALID
        if self.multiline:
            return node.value.strip("\n").rstrip()
        return re.sub(r"\s*\n\s*", " ", node.value).strip()

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        return self.text(node, path, problems)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string"}


_ENDS_A_HEADER = " (a line break there would end the header and begin another)"


class HeaderText(Text):
    """Single-line text that becomes part of an email header (Subject, From's name, List-Id): besides what any
    text refuses, it may hold no carriage return, tab, line or paragraph separator. Line breaks written in the
    YAML (a folded `>-` title, or a plain one over several lines) are folded into spaces as for any single line."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        if isinstance(value, str):
            bad = header_breakers(value)
            breaks = any(unicodedata.category(c) in ("Zl", "Zp") or c in "\r\n\x0b\x0c\x85" for c in value)
            if bad:
                problems.append(
                    Problem(
                        node.location,
                        path,
                        f"contains {' and '.join(bad)}, which an email header cannot hold{_ENDS_A_HEADER if breaks else ''}; "
                        f"delete {'them' if len(bad) > 1 else 'it'}, or write a space",
                    )
                )
                return INVALID
        return value


class Identifier(Text):
    """An id as a service writes it: text, or a number (YAML's `list: 3`), kept as text."""

    label = "an id"

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"]}


class Pattern(Text):
    """Text that must match a regular expression; ``hint`` says how to write it."""

    def __init__(self, regex: str, hint: str, label: str = "text") -> None:
        super().__init__()
        self.regex = regex
        self.hint = hint
        self.label = label

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        if isinstance(value, str) and not re.fullmatch(self.regex, value):
            problems.append(Problem(node.location, path, f"'{value}' is not {self.label}; {self.hint}"))
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^(?:{self.regex})$"}


class Spaced(Text):
    """Text whose surrounding spaces count (a separator such as " | ")."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        if isinstance(value, str) and isinstance(node, Scalar) and node.value is not None:
            return node.value.replace("\n", " ")
        return value


class Markdown(Text):
    """Markdown text; raw HTML in it is shown as text, never as markup. Every link it holds, inline or autolink,
    must be an absolute web or mail address."""

    label = "Markdown text"

    def __init__(self) -> None:
        super().__init__(multiline=True)

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        if isinstance(value, str) and any(mark in value for mark in ("](", "]:", "<", "://")):
            for target in link_targets(value):
                if not re.match(r"(https?://[^/\s]|mailto:)", target):
                    problems.append(
                        Problem(
                            node.location,
                            path,
                            f"the link '{target}' is not an absolute address; write the whole address, "
                            "like https://example.org/page",
                        )
                    )
                    return INVALID
                problem = address_problem(target, ("https", "http", "mailto"))
                if problem:
                    problems.append(Problem(node.location, path, f"the link {problem}"))
                    return INVALID
        return value

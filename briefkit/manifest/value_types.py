"""Field types of values that are not free text: web and mail addresses, dates, whole numbers, true or false, and
one of a fixed set of words."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from briefkit.errors import Problem
from briefkit.manifest.addresses import address_problem, ascii_url, mail_address
from briefkit.manifest.characters import printable, shown
from briefkit.manifest.text_types import Pattern, Text
from briefkit.manifest.types import INVALID, Problems, Type, suggest
from briefkit.manifest.yaml_nodes import Node


class Url(Text):
    """An absolute web address."""

    label = "a web address starting with https://"

    def __init__(self, schemes: tuple[str, ...] = ("https", "http")) -> None:
        super().__init__()
        self.schemes = schemes

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        if not isinstance(value, str):
            return value
        problem = address_problem(value, self.schemes)
        if problem:
            problems.append(Problem(node.location, path, problem))
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^(" + "|".join(self.schemes) + "):"}


class HeaderUrl(Url):
    """An address that goes into a header (List-Unsubscribe) as well as the email: one whose host, when it is not
    ASCII, can be written in IDNA (see ascii_url)."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = super().check(node, path, problems)
        if isinstance(value, str):
            try:
                ascii_url(value)
            except ValueError as error:
                problems.append(Problem(node.location, path, f"'{value}': {error}"))
                return INVALID
        return value


class MailAddress(Pattern):
    """One e-mail address, alone: what the standard library's parser reads as exactly one address, its domain
    encoded with IDNA when it is not ASCII. A local part outside ASCII is refused: a message file from it could be
    delivered only by servers that take SMTPUTF8, and few lists' services do."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)  # the pattern is the JSON Schema's: the parser judges here
        if not isinstance(value, str):
            return value
        try:
            local, _ = mail_address(value)
        except ValueError as error:
            problems.append(Problem(node.location, path, f"'{printable(value)}' is not one usable address: {error}"))
            return INVALID
        if not local.isascii():
            problems.append(
                Problem(
                    node.location,
                    path,
                    f"'{value}' has letters outside ASCII before the @, which most mail servers and sending services "
                    "cannot carry (SMTPUTF8); use an ASCII address (a domain outside ASCII is fine)",
                )
            )
            return INVALID
        return value


class Date(Type):
    """A calendar date written as YYYY-MM-DD."""

    label = "a date like 2021-03-31"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = Text().text(node, path, problems)
        if not isinstance(value, str):
            return value
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            problems.append(
                Problem(node.location, path, f"'{value}' is not a date; write it as YYYY-MM-DD, like 2021-03-31")
            )
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class Integer(Type):
    """A whole number within bounds."""

    label = "a whole number"

    def __init__(self, minimum: int, maximum: int) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = Text().text(node, path, problems)
        if not isinstance(value, str):
            return value
        digits = value.lstrip("-")
        if not re.fullmatch(r"-?[0-9]+", value) or len(digits) > 18 or not self.minimum <= int(value) <= self.maximum:
            problems.append(
                Problem(
                    node.location,
                    path,
                    f"{shown(value)} is not allowed; write a whole number from {self.minimum} to {self.maximum}",
                )
            )
            return INVALID
        return int(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Boolean(Type):
    """true or false, written exactly so (yes, no, on and off are refused: they read differently elsewhere)."""

    label = "true or false"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = Text().text(node, path, problems)
        if isinstance(value, str) and value not in ("true", "false"):
            problems.append(Problem(node.location, path, f"'{value}' is not allowed; write true or false"))
            return INVALID
        return value == "true" if isinstance(value, str) else value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Choice(Type):
    """One of a fixed set of words."""

    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.label = "one of " + ", ".join(choices)

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = Text().text(node, path, problems)
        if isinstance(value, str) and value not in self.choices:
            problems.append(Problem(node.location, path, f"'{value}' is not allowed; {suggest(value, self.choices)}"))
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}

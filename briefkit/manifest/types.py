"""Field types that check located YAML nodes, report every problem with its place, and describe themselves as JSON Schema."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from email.errors import HeaderParseError, MessageDefect
from email.headerregistry import Address
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from briefkit.errors import Location, Problem
from briefkit.manifest.markdown import link_targets
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, Sequence


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


def _kind_of(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping of keys"
    if isinstance(node, Sequence):
        return "a list"
    return "text"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's Cc category, exactly


def _control_characters(text: str, keep: str) -> list[str]:
    if not _CONTROL.search(text):  # the usual case, without looking at each character in Python
        return []
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc" and c not in keep})


# Characters that make text display differently from what it holds ("Invoice \u202egpj.exe" shows as
# "Invoice exe.jpg"), and non-characters, which no text may hold: refused in manifests, removed from feeds.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that hide inside a word: reported in titles (the joiner U+200D stays: emoji need it).
ZERO_WIDTH = frozenset("\u200b\u200c\u2060\ufeff\u00ad\u180e")


def shown(value: str, room: int = 60) -> str:
    """A value quoted for a message; a long one cut, with its length."""
    if len(value) <= room:
        return f"'{value}'"
    return f"'{value[: room - 3]}...' ({len(value):,} characters)"


_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
MISLEADING = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + _NONCHARACTERS + "]")


def misleading_characters(text: str) -> list[str]:
    """The bidi controls and non-characters in ``text``, as U+XXXX, once each."""
    return sorted({f"U+{ord(match.group(0)):04X}" for match in MISLEADING.finditer(text)})


class Type:
    """One kind of value a field can hold."""

    label = "a value"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Text(Type):
    """Text exactly as written. Single-line text folds line breaks into spaces."""

    label = "text"

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def text(self, node: Node, path: str, problems: Problems) -> str | Invalid | None:
        if not isinstance(node, Scalar):
            problems.append(Problem(node.location, path, f"expected {self.label}, found {_kind_of(node)}"))
            return INVALID
        if node.value is None:
            return None
        bad = _control_characters(node.value, "\n\t" if self.multiline else "\n\t\r")
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


# What a header line cannot hold: a line break of any kind (CR, LF, NEL, U+2028, U+2029) ends the header there, or
# makes it something else in the next program that reads it; the other controls (tab and NUL included) have no place
# in a header either. Unicode's Cc, Zl and Zp categories, all of them.
_BREAKS_A_HEADER = {"Cc", "Zl", "Zp"}
_NAMED = {
    "\r": "a carriage return (U+000D)",
    "\n": "a line break (U+000A)",
    "\t": "a tab (U+0009)",
    "\x00": "a NUL (U+0000)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}


_ENDS_A_HEADER = " (a line break there would end the header and begin another)"


def header_breakers(text: str) -> list[str]:
    """The characters of ``text`` that no message header may hold, named, once each, in order of first place."""
    found: list[str] = []
    for character in text:
        if unicodedata.category(character) in _BREAKS_A_HEADER:
            name = _NAMED.get(character, f"the control character U+{ord(character):04X}")
            if name not in found:
                found.append(name)
    return found


def printable(text: str) -> str:
    """``text`` for a message on a terminal: controls and line breaks written as escapes, never as themselves."""
    return "".join(
        character if unicodedata.category(character) not in _BREAKS_A_HEADER else repr(character)[1:-1]
        for character in text
    )


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


# A domain name as DNS writes it (letters, digits and hyphens; at least two labels), after IDNA for a non-ASCII one.
DOMAIN = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
_NOT_ALONE = re.compile(r"[\s<>()\[\]\"]")  # a name, a comment, a quoted or bracketed part: not an address alone


def ascii_domain(domain: str) -> str:
    """``domain`` as it travels in headers and SMTP: itself when ASCII, its IDNA form (xn--...) otherwise. Raises
    ValueError, with the reason and the fix, for a name that is not a domain, or one IDNA would turn into another
    name (straße.de becomes strasse.de, a full-width letter its plain one): that would send to someone else."""
    if domain.isascii():
        encoded = domain
    else:
        try:
            encoded = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"the domain '{domain}' cannot be written in ASCII (IDNA); check its spelling") from None
        if encoded.encode("ascii").decode("idna").lower() != domain.lower():
            raise ValueError(
                f"the domain '{domain}' would be sent as {encoded}, which is another name; write the domain in its "
                "ASCII form (xn--...) as its owner gives it"
            )
    if not re.fullmatch(DOMAIN, encoded) or len(encoded) > 253:
        raise ValueError(f"'{domain}' is not a domain name; write it like example.org")
    return encoded


def mail_address(value: str) -> tuple[str, str]:
    """``value`` as exactly one e-mail address, alone (editor@example.org: no name, no <>, no second address): its
    local part, and its domain as it travels (ascii_domain). Raises ValueError with the reason and the fix. A local
    part outside ASCII is returned as it is: whether it can be sent depends on the server (SMTPUTF8)."""
    bad = header_breakers(value)
    if bad:
        raise ValueError(f"it holds {' and '.join(bad)}, which no address can; write the address alone")
    if not value:
        raise ValueError("it is empty; write an address like editor@example.org")
    for separator in ",;":
        if separator in value:
            raise ValueError(
                f"'{separator}' makes it more than one address, or none; give one address at a time, like "
                "editor@example.org"
            )
    if _NOT_ALONE.search(value):
        raise ValueError(
            "it holds a name, a space, brackets or quotes; write the address alone, like editor@example.org"
        )
    if value.count("@") != 1:
        many = "more than one @" if value.count("@") > 1 else "no @"
        raise ValueError(f"it has {many}; write one address, like editor@example.org")
    local, domain = value.split("@")
    if not local:
        raise ValueError("nothing comes before the @; write the whole address, like editor@example.org")
    if not domain:
        raise ValueError("nothing comes after the @; write the whole address, like editor@example.org")
    encoded = ascii_domain(domain)
    # The standard library's parser judges the local part (dot-atom: no leading, trailing or double dot; no
    # specials); letters outside ASCII stand in as x, which RFC 6532 allows where ASCII letters are.
    spec = "".join(c if c.isascii() else "x" for c in local) + "@" + encoded
    try:
        parsed = Address(addr_spec=spec)
    except (ValueError, IndexError, HeaderParseError, MessageDefect):
        parsed = None
    if parsed is None or parsed.addr_spec != spec:
        raise ValueError(
            f"'{local}' cannot stand before the @ (a dot at its start or end, two dots together, or a character "
            "an address cannot hold); check the address"
        )
    return local, encoded


class Identifier(Text):
    """An id as a service writes it: text, or a number (YAML's `list: 3`), kept as text."""

    label = "an id"

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "integer"]}


# What an address (RFC 3986) cannot hold as it is: white space, controls, and " < > \\ ^ ` { | }.
_NOT_IN_ADDRESS = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')
_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def address_problem(value: str, schemes: tuple[str, ...]) -> str | None:
    """What is wrong with ``value`` as an absolute address in one of ``schemes``, or None. The one rule for item
    addresses and for every link in Markdown, inline or autolink."""
    first = schemes[0]
    whole = f"expected an absolute address starting with {first}:{'//' if first.startswith('http') else ''}"
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return f"'{value}' is not a web address (its host or port cannot be read); write the whole address"
    if parts.scheme not in schemes or (parts.scheme in ("http", "https") and not parts.hostname):
        return f"{whole}, found '{value}'; write the whole address"
    bad = _NOT_IN_ADDRESS.search(value)
    if bad:
        shown = repr(bad.group(0))[1:-1] if bad.group(0) != " " else "a space"
        return f"'{value}' holds {shown}, which an address cannot; write it as %{ord(bad.group(0)):02X} or remove it"
    if _BARE_PERCENT.search(value):
        return f"'{value}' has a % not followed by two hex digits; write a percent sign as %25"
    if not port_ok:
        return f"'{value}' has port 0; remove the port"
    return None


# Every printable ASCII character: what an address keeps as it is when letters outside ASCII are percent-encoded.
_ASCII_PRINTABLE = "".join(chr(code) for code in range(0x21, 0x7F))


def ascii_url(value: str) -> str:
    """An absolute address as a header carries it (List-Unsubscribe): itself when ASCII; otherwise its host in IDNA
    (a mailto: address's domain too) and every other letter outside ASCII percent-encoded as UTF-8 (RFC 3987). Raises
    ValueError, with the reason and the fix, when the host cannot be written so."""
    if value.isascii():
        return value
    parts = urlsplit(value)
    if parts.scheme == "mailto":
        local, at, domain = parts.path.rpartition("@")
        path = quote(local, safe=_ASCII_PRINTABLE) + at + (ascii_domain(domain) if at else quote(domain))
        netloc = parts.netloc
    else:
        userinfo, at, hostinfo = parts.netloc.rpartition("@")
        if not hostinfo.isascii():
            hostinfo = ascii_domain(parts.hostname or "") + (f":{parts.port}" if parts.port is not None else "")
        netloc = quote(userinfo + at, safe=_ASCII_PRINTABLE) + hostinfo
        path = quote(parts.path, safe=_ASCII_PRINTABLE)
    query = quote(parts.query, safe=_ASCII_PRINTABLE)
    fragment = quote(parts.fragment, safe=_ASCII_PRINTABLE)
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


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
                Problem(node.location, path, f"expected a list, found {_kind_of(node)}; start each entry with '- '")
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
            problems.append(Problem(node.location, path, f"expected a mapping of names, found {_kind_of(node)}"))
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


@dataclass(frozen=True)
class Field:
    """A key of a record: its type, whether it must be given, its default and what it means."""

    name: str
    type: Type
    doc: str
    required: bool = False
    default: Any = None


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(choices)


@dataclass
class RecordType(Type):
    """A mapping with known keys. ``waived_by`` names a key whose presence lifts ``required``."""

    title: str
    doc: str
    fields: list[Field]
    waived_by: str | None = None
    exclusive: list[tuple[str, str]] = field(default_factory=list)
    extra_check: Callable[[Record, str, Problems], None] | None = None

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
                Problem(node.location, path, f"expected a mapping of keys ({self.title}), found {_kind_of(node)}")
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
        ``waived_by`` lifts ``required`` when its key is there, and ``exclusive`` pairs may not both be given."""
        properties: dict[str, Any] = {}
        for f in self.fields:
            value = f.type.json_schema()
            if not f.required:
                value = {"anyOf": [value, {"type": "null"}]}
            properties[f.name] = {**value, "description": f.doc}
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
        return schema


@dataclass
class Tagged(Type):
    """A mapping whose ``key`` names which record type the rest of it follows."""

    key: str
    variants: dict[str, RecordType]
    label: str = "a mapping of keys"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if not isinstance(node, Mapping):
            problems.append(
                Problem(node.location, path, f"expected a mapping with '{self.key}:', found {_kind_of(node)}")
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

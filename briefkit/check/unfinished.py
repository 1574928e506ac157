"""The checks that stop an unfinished edition: text `briefkit new` wrote for the editor to replace and left as it
was (`placeholder`), a name reserved for examples and tests in an address that reaches readers (`reserved-name`),
and an edition still marked as a draft (`draft`). Each is an error, placed where the text is written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefkit.check.findings import ERROR, Finding, Places
from briefkit.edition.prepare import Prepared
from briefkit.errors import Location
from briefkit.manifest.checked_file import parse_file
from briefkit.manifest.types import Problems
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar, Sequence
from briefkit.render.email_measure import EmailParts
from briefkit.scaffold.edition import placeholder_texts

# RFC 2606 and RFC 6761: names that lead to no real host, whatever is asked of them.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "localhost")
RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")
# Settings for briefkit's own use, whose addresses no reader sees (a listmonk on this machine, a local feed).
NOT_FOR_READERS = frozenset({"delivery", "smtp", "feeds", "feed", "pdf"})

URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>()\[\]\"'`]+")
EMAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def reserved(host: str) -> bool:
    """Whether ``host`` is, or is under, a name reserved for examples and tests."""
    name = host.lower().rstrip(".")
    return name.rsplit(".", 1)[-1] in RESERVED_TOP_LEVEL or any(
        name == domain or name.endswith("." + domain) for domain in RESERVED_DOMAINS
    )


def addresses_in(text: str) -> Iterator[tuple[str, str]]:
    """Each web or mail address written in ``text``, with its host: in Markdown links, autolinks or bare."""
    for match in URL.finditer(text):
        address = match.group().rstrip(".,;:!?")
        try:
            host = urlsplit(address).hostname or ""
        except ValueError:
            continue
        yield address, host
    for match in EMAIL_ADDRESS.finditer(URL.sub(" ", text)):
        yield match.group().removeprefix("mailto:"), match.group(1)


@dataclass(frozen=True)
class Written:
    """A text value as written in a file: where it starts, and the last line it may run on to."""

    value: str
    where: Location
    last_line: int


def written_values(path: Path) -> list[Written]:
    """Every text value of ``path`` (a checked manifest or series file), in order, but those of NOT_FOR_READERS."""
    problems: Problems = []
    node = parse_file(path, problems)
    scalars: list[Scalar] = []
    starts: list[tuple[int, int]] = []
    _gather(node, scalars, starts)
    starts.sort()
    found = []
    for scalar in scalars:
        here = (scalar.location.line, scalar.location.column)
        after = [line for line, column in starts if (line, column) > here]
        last = max(here[0], after[0] - 1) if after else here[0] + 10_000
        found.append(Written(scalar.value or "", scalar.location, last))
    return found


def _gather(node: Node | None, scalars: list[Scalar], starts: list[tuple[int, int]]) -> None:
    if isinstance(node, Scalar):
        starts.append((node.location.line, node.location.column))
        if node.value:
            scalars.append(node)
    elif isinstance(node, Mapping):
        for key, (where, child) in node.entries.items():
            starts.append((where.line, where.column))
            if key not in NOT_FOR_READERS:
                _gather(child, scalars, starts)
    elif isinstance(node, Sequence):
        for child in node.items:
            _gather(child, scalars, starts)


def unfinished(prepared: Prepared, email: EmailParts, places: Places) -> list[Finding]:
    """The placeholder, reserved-name and draft errors of one edition (its manifest, then its series file)."""
    manifest = prepared.manifest
    found: list[Finding] = []
    if manifest.edition["status"] == "draft":
        found.append(
            Finding(
                manifest.edition.where("status"),
                "draft",
                "the edition is still marked as a draft; set status: published, or remove status:, before sending",
                ERROR,
            )
        )
    texts = placeholder_texts(manifest.types)
    hosts: set[str] = set()
    for path in places.files:
        lines = places.lines(path)
        for written in written_values(path):
            found += _placeholders(written, texts, lines)
            for address, host in dict.fromkeys(addresses_in(written.value)):
                if reserved(host):
                    hosts.add(host.lower())
                    found.append(_reserved(_placed(written, address, lines), address, host))
    # What reaches the email from elsewhere (an item taken from a feed, a link in the theme's templates).
    for address in dict.fromkeys([href for href, _ in email.links] + [src for src, _ in email.pictures]):
        for _, host in addresses_in(address):
            if reserved(host) and host.lower() not in hosts:
                hosts.add(host.lower())
                found.append(_reserved(places.of(address), address, host))
    return found


def _placeholders(written: Written, texts: tuple[str, ...], lines: list[str]) -> Iterator[Finding]:
    """One error for each text of the scaffold that still stands in the value, where it stands."""
    value = " ".join(written.value.split())
    left = [text for text in texts if text in value]
    for text in sorted(left, key=lambda text: value.index(text)):
        yield Finding(
            _placed(written, text, lines),
            "placeholder",
            f"'{text}' is what `briefkit new` wrote here as an example; replace it before sending",
            ERROR,
        )


def _reserved(where: Location, address: str, host: str) -> Finding:
    return Finding(
        where,
        "reserved-name",
        f"{address}: {host} is a name reserved for examples and tests (RFC 2606, RFC 6761), which reaches no "
        "reader; give the real address",
        ERROR,
    )


def _placed(written: Written, text: str, lines: list[str]) -> Location:
    """Where ``text`` stands in the value as written: its line and column, else where the value starts."""
    start = written.where
    for number in range(start.line, min(written.last_line, len(lines)) + 1):
        column = lines[number - 1].find(text, start.column - 1 if number == start.line else 0)
        if column >= 0:
            return Location(start.path, number, column + 1)
    return start

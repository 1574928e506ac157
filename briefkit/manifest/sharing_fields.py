"""The series' keys for what the email carries out into the world: the query parameters added to its links
(`link_tags:`), the "Forwarded this? Subscribe at ..." line (`forward:`) and the share links (`share:`)."""

from __future__ import annotations

import re
from typing import Any

from briefkit.errors import Problem
from briefkit.manifest.compound_types import ListOf, MapOf, RecordType
from briefkit.manifest.text_types import Pattern, Text
from briefkit.manifest.types import INVALID, Field, Problems
from briefkit.manifest.value_types import Boolean, Url
from briefkit.manifest.yaml_nodes import Mapping, Node, Scalar

TAG_PLACEHOLDERS = ("slug", "date", "section")
SHARE_PLACEHOLDERS = ("url", "title")
# A placeholder: a name between single braces ({slug}); braces doubled ({{x}}) or round other text are kept as written.
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_]+)\}(?!\})")
# Services a share link may name by a word alone; their addresses are in briefkit/edition/share.py.
SHARE_SERVICES = ("email", "linkedin", "bluesky", "x", "facebook", "threads", "reddit")


def unknown_placeholders(text: str, known: tuple[str, ...]) -> list[str]:
    return [name for name in PLACEHOLDER.findall(text) if name not in known]


def _placeholder_problem(value: str, known: tuple[str, ...]) -> str | None:
    unknown = unknown_placeholders(value, known)
    if not unknown:
        return None
    names = ", ".join(f"{{{name}}}" for name in known)
    return f"{{{unknown[0]}}} is not a placeholder here; the placeholders are {names}"


class TagValue(Text):
    """The value of a query parameter added to the email's links: text, with {slug}, {date} and {section}."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        problem = _placeholder_problem(value, TAG_PLACEHOLDERS) if isinstance(value, str) else None
        if problem:
            problems.append(Problem(node.location, path, f"{problem} (write a brace as it is by doubling it: {{{{)"))
            return INVALID
        return value


class LinkTags(MapOf):
    """`link_tags:`: query parameters by name, or `false` (an edition that sends its links as they are)."""

    def __init__(self) -> None:
        super().__init__(
            TagValue(),
            r"[A-Za-z0-9_.\-\[\]]+",
            "a query parameter's name holds letters, digits, '_', '-', '.' or brackets, like utm_source",
        )
        self.label = "a mapping of query parameters to their values, or false"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if isinstance(node, Scalar) and node.value in ("false", "true"):
            if node.value == "true":
                problems.append(
                    Problem(node.location, path, "true says no parameters; write them (utm_source: ...) or false")
                )
                return INVALID
            return False
        return super().check(node, path, problems)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"const": False}, super().json_schema()]}


class ShareAddress(Url):
    """A share service's address, with {url} (the edition's archive address) and {title} in it, URL-encoded."""

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        value = self.text(node, path, problems)
        if not isinstance(value, str):
            return value
        problem = _placeholder_problem(value, SHARE_PLACEHOLDERS)
        if problem is None and "{url}" not in value:
            problem = f"'{value}' has no {{url}}; write where the edition's address goes, like ...?url={{url}}"
        if problem is None:
            filled = value.replace("{url}", "u").replace("{title}", "t")
            checked = Url(self.schemes).check(Scalar(filled, node.location), path, problems)
            return INVALID if checked is INVALID else value
        problems.append(Problem(node.location, path, problem))
        return INVALID


HOST = Pattern(
    r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+",
    "write the instance's host name like mastodon.social, without https:// or a path",
    "a host name",
)

MASTODON = RecordType(
    "Mastodon share link",
    "Share on Mastodon: Mastodon has no one address, so name the instance your readers are on.",
    [Field("mastodon", HOST, "The Mastodon instance, like mastodon.social.", required=True)],
)

OWN_SHARE = RecordType(
    "Share link",
    "A share service briefkit does not know by name: its name and its address.",
    [
        Field("name", Text(), "The service's name, shown as 'Share on <name>'.", required=True),
        Field(
            "address",
            ShareAddress(("https",)),
            "Its share address, with {url} where the edition's archive address goes and {title} for its title "
            "(both URL-encoded), like https://share.example/?u={url}&t={title}.",
            required=True,
        ),
    ],
)


class ShareEntry(RecordType):
    """One entry of `share:`: a service's word (email, linkedin, bluesky, x, ...), `mastodon: <instance>`, or a
    service of your own (`name:` and `address:`)."""

    def __init__(self) -> None:
        super().__init__(
            "Share entry",
            "One share link: a service's word (email, linkedin, ...), `mastodon: <instance>`, or a service of your own "
            "(`name:` and `address:`).",
            [*MASTODON.fields, *OWN_SHARE.fields],
        )

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"one of {', '.join(SHARE_SERVICES)}, mastodon: <instance>, or name: and address:"

    def check(self, node: Node, path: str, problems: Problems) -> Any:
        if isinstance(node, Mapping):
            return (MASTODON if "mastodon" in node.entries else OWN_SHARE).check(node, path, problems)
        value = Text().text(node, path, problems)
        if value == "mastodon":
            problems.append(
                Problem(
                    node.location,
                    path,
                    "Mastodon has no one share address; name your readers' instance: '- mastodon: mastodon.social'",
                )
            )
            return INVALID
        if isinstance(value, str) and value not in SHARE_SERVICES:
            problems.append(
                Problem(
                    node.location,
                    path,
                    f"'{value}' is not a share service briefkit knows ({', '.join(SHARE_SERVICES)}, mastodon: "
                    "<instance>); for another, write '- {name: ..., address: https://...{url}...}'",
                )
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"enum": list(SHARE_SERVICES)}, MASTODON.json_schema(), OWN_SHARE.json_schema()]}


FORWARD = RecordType(
    "Forward line",
    "A line for readers the email was forwarded to, with the sign-up page: 'Forwarded this? Subscribe at ...'.",
    [
        Field(
            "text", Text(), "The words before the address; 'Forwarded this? Subscribe at' in the edition's language."
        ),
        Field("url", Url(), "The sign-up page.", required=True),
    ],
)

SHARING_FIELDS = [
    Field(
        "link_tags",
        LinkTags(),
        "Query parameters added to the email's outgoing web links (not its unsubscribe address, mailto: links, "
        "the service's placeholders, the PDF, the feeds or the archive), like utm_source: newsletter; {slug}, "
        "{date} and {section} stand for the edition's slug, its date and the section a link is in. false in an "
        "edition sends its links as they are.",
    ),
    Field("forward", FORWARD, "A 'Forwarded this? Subscribe at ...' line in the email and the archive page."),
    Field(
        "share",
        ListOf(ShareEntry()),
        "Share links in the email and the archive page, each carrying the edition's archive address: email, "
        "linkedin, bluesky, x, facebook, threads, reddit, mastodon: <instance>, or {name: ..., address: ...}.",
    ),
    Field(
        "share_in_pdf",
        Boolean(),
        "Whether the PDF shows the forward line and share links too.",
    ),
]

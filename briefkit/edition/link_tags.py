"""The series' `link_tags:` added to the email's links: the edition as the email's templates get it, each outgoing
web address in it (an item's, a call to action's, the logo's, a link in Markdown, the forward line's) with the
query parameters the series asks for, and {slug}, {date} and {section} filled in.

Decided here, on the model, not by searching the finished HTML: the templates place what they are given. Left as
they are: the unsubscribe address and the view-online link (where the delivering service's placeholders go), mailto:
and any other address that is not http(s), pictures, and the share links (the share services see the edition's own
address). Only the email gets the tagged edition; the PDF, the feeds and the archive are made from the edition as it
is. A parameter the link already has is kept as the link has it; the link's own query and fragment stay as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefkit.edition.model import Declared, DeclaredSection, Edition
from briefkit.manifest.markdown import Rich, new_parser
from briefkit.manifest.sharing_fields import PLACEHOLDER

Params = tuple[tuple[str, str], ...]


def filled(params: Params, slug: str, date: str, section: str) -> Params:
    """The parameters with their placeholders filled in (and a doubled brace written once)."""
    values = {"slug": slug, "date": date, "section": section}

    def fill(text: str) -> str:
        parts = PLACEHOLDER.split(text)  # text, name, text, name, ..., text
        return "".join(
            values[part] if i % 2 else part.replace("{{", "{").replace("}}", "}") for i, part in enumerate(parts)
        )

    return tuple((name, fill(value)) for name, value in params)


def tagged(url: str, params: Params) -> str:
    """``url`` with ``params`` added to its query, when it is a web address; the parameters it has already, its
    own query and its fragment are kept as written."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not params:
        return url
    have = {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    added = [(name, value) for name, value in params if name not in have]
    if not added:
        return url
    query = f"{parts.query}&{urlencode(added)}" if parts.query else urlencode(added)
    return urlunsplit(parts._replace(query=query))


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return new_parser(False)  # rendering tokens does not depend on the typography they were parsed with


def _relinked(token: Token, change: Callable[[str], str]) -> Token:
    copy = token.copy()
    if token.type == "link_open" and isinstance(token.attrs.get("href"), str):
        copy.attrs = {**token.attrs, "href": change(str(token.attrs["href"]))}
    if token.children is not None:
        copy.children = [_relinked(child, change) for child in token.children]
    return copy


def rich_tagged(rich: Rich, change: Callable[[str], str]) -> Rich:
    """The Markdown with ``change`` made to each link's address, its HTML made anew; ``rich`` when none changes."""
    hrefs = [
        str(child.attrs["href"])
        for token in rich.tokens
        for child in token.children or []
        if child.type == "link_open" and isinstance(child.attrs.get("href"), str)
    ]
    if all(change(href) == href for href in hrefs):
        return rich
    tokens = [_relinked(token, change) for token in rich.tokens]
    parser = _renderer()
    return Rich(rich.source, tuple(tokens), parser.renderer.render(tokens, parser.options, {}))


# The fields of items and sections that hold where a link leads (never a picture's, nor an event's calendar file,
# which the web archive serves): an item's page, a logo's link, an event's address to join it online.
_LINK_FIELDS = ("url", "href", "online")


def _linked(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` made to the addresses it links to: its link fields and Markdown, however deep; an
    item that says `link_tags: false` as it is."""
    if isinstance(value, Rich):
        return rich_tagged(value, change)
    if isinstance(value, tuple):
        return tuple(_linked(item, change) for item in value)
    if isinstance(value, DeclaredSection):
        values = Declared({name: _declared(name, getattr(value, name), change) for name in value.names()})
        lead_in = None if value.lead_in is None else rich_tagged(value.lead_in, change)
        return DeclaredSection(value.kind, value.heading, values, lead_in)
    if isinstance(value, Declared):
        return Declared({name: _declared(name, getattr(value, name), change) for name in value.names()})
    if is_dataclass(value) and not isinstance(value, type):
        if getattr(value, "link_tags", True) is False:
            return value
        changes = {}
        for f in fields(value):
            current = getattr(value, f.name)
            made = change(current) if f.name in _LINK_FIELDS and isinstance(current, str) else _linked(current, change)
            if made is not current and made != current:
                changes[f.name] = made
        return replace(value, **changes) if changes else value
    return value


def _declared(name: str, value: Any, change: Callable[[str], str]) -> Any:
    """A value of a key a theme declares: an address when its name says so (url, href, or ending in _url)."""
    if isinstance(value, str):
        return change(value) if name in _LINK_FIELDS or name.endswith("_url") else value
    return _linked(value, change)


def for_email(edition: Edition) -> Edition:
    """The edition as the email's templates get it: the series' link_tags added to its outgoing web links."""
    if not edition.link_tags:
        return edition
    date = edition.date.isoformat()

    def change_for(section: str) -> Callable[[str], str]:
        params = filled(edition.link_tags, edition.slug, date, section)
        return lambda url: tagged(url, params)

    header, intro, footer = change_for("header"), change_for("intro"), change_for("footer")
    sections = tuple(_linked(section, change_for(section.kind)) for section in edition.sections)
    logo = edition.logo
    if logo is not None and logo.href:
        logo = replace(logo, href=header(logo.href))
    versions = tuple(
        replace(v, web_url=header(v.web_url)) if v.web_url and not v.current else v for v in edition.versions
    )
    cta = edition.call_to_action
    if cta is not None and cta.url:
        cta = replace(cta, url=intro(cta.url))
    forward = edition.forward
    if forward is not None:
        forward = replace(forward, url=footer(forward.url))
    return replace(
        edition,
        intro=None if edition.intro is None else rich_tagged(edition.intro, intro),
        call_to_action=cta,
        sections=sections,
        logo=logo,
        versions=versions if versions != edition.versions else edition.versions,
        forward=forward,
    )

"""Markdown fields: parsed once, with raw HTML shown as text; their link addresses and plain text; the raw HTML
written in them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token


def new_parser(smart: bool = False) -> MarkdownIt:
    """CommonMark with raw HTML shown as text and no inline images (a picture needs alt text and an absolute
    address: use `image:`). ``smart``: markdown-it's typographer makes curly quotes, en and em dashes and
    ellipses in prose (never in code or link addresses)."""
    parser = MarkdownIt("commonmark", {"html": False, "typographer": smart}).disable("image")
    if smart:
        parser.enable(["replacements", "smartquotes"])
    return parser


_parser = lru_cache(maxsize=2)(new_parser)


@lru_cache(maxsize=1)
def _html_reader() -> MarkdownIt:
    """The same CommonMark with raw HTML read as HTML: only to find what was written as HTML."""
    return MarkdownIt("commonmark", {"html": True}).disable("image")


def raw_html(source: str) -> list[str]:
    """The raw HTML written in ``source`` (tags, comments, HTML blocks), each once, in order: CommonMark reads it
    as HTML, but briefkit shows it to readers as the text it is. Code spans and autolinks are not HTML."""
    if "<" not in source:
        return []
    found: list[str] = []
    for token in _html_reader().parse(source):
        if token.type == "html_block":  # its first line: a block runs on to the next blank line
            found.append(token.content.strip().split("\n", 1)[0])
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child.content.strip())
    return list(dict.fromkeys(found))


@dataclass(frozen=True, eq=False)
class Rich:
    """A Markdown field parsed once: its source, its tokens (for text) and its HTML (escaped, safe)."""

    source: str
    tokens: tuple[Any, ...]
    html: str

    def __str__(self) -> str:
        """Its Markdown as written: what a template joins to other text (`summary ~ " — " ~ by`) before a markdown
        filter reads the whole again."""
        return self.source


def parse(source: str, smart: bool = False) -> Rich:
    """Parse ``source`` once for every renderer; any HTML written in it comes out escaped. ``smart``: with the
    house typography (see new_parser)."""
    parser = _parser(smart)
    tokens = parser.parse(source)
    html: str = parser.renderer.render(tokens, parser.options, {})
    return Rich(source, tuple(tokens), html)


def _changed(token: Token, change: Callable[[str], str]) -> Token:
    copy = token.copy()  # markdown-it's copy keeps the children's list; they are replaced below
    copy.content = change(token.content)
    copy.info = change(token.info)
    copy.attrs = {name: change(value) if isinstance(value, str) else value for name, value in token.attrs.items()}
    if token.children is not None:
        copy.children = [_changed(child, change) for child in token.children]
    return copy


def _texts(token: Token) -> Iterator[str]:
    yield token.content
    yield token.info
    yield from (value for value in token.attrs.values() if isinstance(value, str))
    for child in token.children or []:
        yield from _texts(child)


def with_text(rich: Rich, change: Callable[[str], str]) -> Rich:
    """The same Markdown with ``change`` made to every text it shows and every address it links to (its markup
    stays as parsed), and its HTML made anew from that; ``rich`` itself when ``change`` changes none of them."""
    if all(change(text) == text for token in rich.tokens for text in _texts(token)) and change(rich.source) == (
        rich.source
    ):
        return rich
    tokens = [_changed(token, change) for token in rich.tokens]
    parser = _parser(False)  # rendering tokens does not depend on the typography they were parsed with
    html: str = parser.renderer.render(tokens, parser.options, {})
    return Rich(change(rich.source), tuple(tokens), html)


def escape(text: str) -> str:
    """Plain text (from a feed, say) written so that Markdown shows it as it is: no links, emphasis or lists."""
    escaped = re.sub(r"([\\`*_\[\]<>#!|~&])", r"\\\1", text)
    escaped = re.sub(r"^(\s*)([-+=])", r"\1\\\2", escaped)  # a list item or underline
    return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", escaped)  # a numbered list item


def inline_text(token: Token, link_mark: Callable[[str], str] | None = None) -> str:
    """An inline token's text without markup; ``link_mark``, when given, says what follows each link's text."""
    out: list[str] = []
    pending: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "link_open":
            pending.append(str(child.attrs.get("href", "")))
        elif child.type == "link_close":
            href = pending.pop() if pending else ""
            if link_mark is not None and href:
                out.append(link_mark(href))
    return "".join(out)


def link_targets(source: str) -> list[str]:
    """Every link address written in ``source``, as the parser reads it (unsafe schemes are already dropped)."""
    targets = []
    for token in _parser().parse(source):
        for child in token.children or []:
            if child.type == "link_open":
                targets.append(str(child.attrs.get("href", "")))
    return targets


def to_plain(rich: Rich) -> str:
    """The text without markup or link addresses, paragraphs joined by spaces."""
    return " ".join(inline_text(t).replace("\n", " ") for t in rich.tokens if t.type == "inline")

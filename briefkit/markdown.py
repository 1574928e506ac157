"""Markdown as HTML for the email, as HTML with printed link addresses for the PDF, and as wrapped plain text."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


def _new_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML shown as text, no typographic replacements, and no
    # inline images (a picture needs alt text and an absolute address: use `image:`).
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")


_parser = lru_cache(maxsize=1)(_new_parser)


@dataclass(frozen=True, eq=False)
class Rich:
    """A Markdown field parsed once: its source, its tokens (for text) and its HTML (escaped, safe)."""

    source: str
    tokens: tuple[Any, ...]
    html: str


def parse(source: str) -> Rich:
    """Parse ``source`` once for every renderer; any HTML written in it comes out escaped."""
    parser = _parser()
    tokens = parser.parse(source)
    html: str = parser.renderer.render(tokens, parser.options, {})
    return Rich(source, tuple(tokens), html)


@lru_cache(maxsize=1)
def _print_parser() -> MarkdownIt:
    from markdown_it.common.utils import escapeHtml

    parser = _new_parser()  # the same Markdown, with its own rules for rendering links

    def link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        env.setdefault("hrefs", []).append(str(tokens[idx].attrs.get("href", "")))
        return str(self.renderToken(tokens, idx, options, env))

    def link_close(self: Any, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        href = env["hrefs"].pop()
        return f'</a><span class="link-note">{escapeHtml(href)}</span>'

    parser.add_render_rule("link_open", link_open)
    parser.add_render_rule("link_close", link_close)
    return parser


def to_print_html(rich: Rich) -> str:
    """HTML for paper: each link is followed by a `span.link-note` holding its address (the print theme's footnote)."""
    parser = _print_parser()
    html: str = parser.renderer.render(list(rich.tokens), parser.options, {})
    return html


def escape(text: str) -> str:
    """Plain text (from a feed, say) written so that Markdown shows it as it is: no links, emphasis or lists."""
    escaped = re.sub(r"([\\`*_\[\]<>#!|~&])", r"\\\1", text)
    escaped = re.sub(r"^(\s*)([-+=])", r"\1\\\2", escaped)  # a list item or underline
    return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", escaped)  # a numbered list item


class LinkRefs:
    """Numbers link addresses in the order they are first met; the same address keeps its number."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def mark(self, url: str) -> str:
        if url not in self.urls:
            self.urls.append(url)
        return f"[{self.urls.index(url) + 1}]"


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> str:
    """Wrap one paragraph greedily at spaces; words (and hyphenated names, and addresses) are never broken."""
    rest = indent if hanging is None else hanging
    lines: list[str] = []
    line = indent
    empty = True
    for word in text.split():
        if not empty and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, empty = rest, True
        line = line + word if empty else f"{line} {word}"
        empty = False
    lines.append(line)
    return "\n".join(lines)


def _inline(token: Token, refs: LinkRefs | None) -> str:
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
            if refs is not None and href:
                out.append(" " + refs.mark(href))
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
    return " ".join(_inline(t, None).replace("\n", " ") for t in rich.tokens if t.type == "inline")


def to_text(rich: Rich, refs: LinkRefs, width: int) -> str:
    """Markdown as wrapped plain text: blank lines between blocks, lists with bullets, links numbered."""
    blocks: list[str] = []
    prefixes: list[str] = []
    counters: list[int] = []
    item_marker: str | None = None
    list_start: int | None = None  # where the outermost list's block begins
    for token in rich.tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open") and not counters:
            list_start = len(blocks)
        if kind == "bullet_list_open":
            counters.append(0)
            prefixes.append("-")
        elif kind == "ordered_list_open":
            counters.append(int(token.attrs.get("start", 1) or 1) - 1)
            prefixes.append("#")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
            prefixes.pop()
        elif kind == "list_item_open":
            counters[-1] += 1
            item_marker = "- " if prefixes[-1] == "-" else f"{counters[-1]}. "
        elif kind == "blockquote_open":
            prefixes.append(">")
        elif kind == "blockquote_close":
            prefixes.pop()
        elif kind in ("fence", "code_block"):
            blocks.append(textwrap.indent(token.content.rstrip("\n"), "    "))
        elif kind == "hr":
            blocks.append("* * *")
        elif kind == "inline":
            depth = sum(1 for p in prefixes if p in "-#")
            quote = "> " if ">" in prefixes else ""
            indent = quote + "   " * max(depth - 1, 0)
            lines = _inline(token, refs).split("\n")
            first = indent + (item_marker or "")
            rest = indent + (" " * len(item_marker or ""))
            wrapped = [wrap(lines[0], width, first, rest)]
            wrapped += [wrap(line, width, rest, rest) for line in lines[1:]]
            if depth and list_start is not None and len(blocks) > list_start:
                blocks[-1] += "\n" + "\n".join(wrapped)  # a list stays one block, one line per item
            else:
                blocks.append("\n".join(wrapped))
            item_marker = None
    return "\n\n".join(blocks)

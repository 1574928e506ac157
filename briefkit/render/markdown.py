"""Markdown fields rendered for each output: HTML with printed link addresses for the PDF, wrapped plain text."""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from briefkit.manifest.markdown import Rich, inline_text, new_parser


@lru_cache(maxsize=1)
def _print_parser() -> MarkdownIt:
    parser = new_parser()  # the same Markdown, with its own rules for rendering links

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


class LinkRefs:
    """Numbers link addresses in the order they are first met; the same address keeps its number."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def mark(self, url: str) -> str:
        if url not in self.urls:
            self.urls.append(url)
        return f"[{self.urls.index(url) + 1}]"


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> str:
    """One paragraph wrapped at spaces; words (and hyphenated names, and addresses) are never broken. Runs of white
    space count as one space. ``hanging`` indents the lines after the first (``indent`` when not given)."""
    words = " ".join(text.split())
    if len(indent) + len(words) <= width:  # fits on one line, as most titles and bylines do
        return indent + words
    rest = indent if hanging is None else hanging
    filled = textwrap.fill(
        words, width, initial_indent=indent, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    )
    return filled or indent


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
            lines = inline_text(token, lambda href: " " + refs.mark(href)).split("\n")
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

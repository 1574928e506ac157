"""The filters themes use: Markdown as safe HTML for the email and the PDF, wrapping and numbered links for the text.

The Markdown filters take any text a template holds, not only a Markdown field: a template's own words, a text
field, a field with an attribution joined to it (`(quote.text ~ " — " ~ quote.by) | markdown`). Such text is read
as Markdown with raw HTML shown as text, like every Markdown field: its words stay data, never markup, and the
delivering service's stand-ins in them (delivery.py) pass through as the letters they are.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from briefkit.manifest import markdown as parsed
from briefkit.manifest.markdown import Rich
from briefkit.render import markdown

_EMPTY = parsed.parse("")


@lru_cache(maxsize=512)
def _parse_text(text: str) -> Rich:
    return parsed.parse(text)


def as_rich(value: Rich | str | None) -> Rich:
    """A Markdown field as parsed, or any other text (HTML included: it is shown as text) parsed now; nothing for
    None (a field not given)."""
    if isinstance(value, Rich):
        return value
    if value is None:
        return _EMPTY
    return _parse_text(str(value))


def markdown_html(value: Rich | str | None) -> Markup:
    """The text's Markdown as HTML; markdown-it escapes any HTML written in the source, so it is safe markup."""
    return Markup(as_rich(value).html)


def markdown_print(value: Rich | str | None) -> Markup:
    """The text's Markdown as HTML for paper, each link followed by its address in a `span.link-note`."""
    return Markup(markdown.to_print_html(as_rich(value)))


# Link numbering belongs to one render: text filters take it from the render's context (`refs`, `width`).
@pass_context
def markdown_text(context: Any, value: Rich | str | None) -> str:
    return markdown.to_text(as_rich(value), context["refs"], context["width"])


@pass_context
def link_number(context: Any, url: str) -> str:
    refs: markdown.LinkRefs = context["refs"]
    return refs.mark(url)


@pass_context
def wrap(context: Any, text: str, indent: str = "") -> str:
    return markdown.wrap(text, context["width"], indent)


MARKUP = {"markdown": markdown_html, "markdown_print": markdown_print}
TEXT = {"md": markdown_text, "ref": link_number, "wrap": wrap}

"""The filters themes use: Markdown as safe HTML for the email and the PDF, wrapping and numbered links for the text."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from briefkit.manifest.markdown import Rich
from briefkit.render import markdown


def markdown_html(rich: Rich) -> Markup:
    """A Markdown field's HTML; markdown-it escapes any HTML written in the source, so it is safe markup."""
    return Markup(rich.html)


def markdown_print(rich: Rich) -> Markup:
    """A Markdown field's HTML for paper, each link followed by its address in a `span.link-note`."""
    return Markup(markdown.to_print_html(rich))


# Link numbering belongs to one render: text filters take it from the render's context (`refs`, `width`).
@pass_context
def markdown_text(context: Any, rich: Rich) -> str:
    return markdown.to_text(rich, context["refs"], context["width"])


@pass_context
def link_number(context: Any, url: str) -> str:
    refs: markdown.LinkRefs = context["refs"]
    return refs.mark(url)


@pass_context
def wrap(context: Any, text: str, indent: str = "") -> str:
    return markdown.wrap(text, context["width"], indent)


MARKUP = {"markdown": markdown_html, "markdown_print": markdown_print}
TEXT = {"md": markdown_text, "ref": link_number, "wrap": wrap}

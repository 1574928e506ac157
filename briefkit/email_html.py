"""Render an edition as responsive email HTML: the theme's MJML template, then MJML compiled to HTML."""

from __future__ import annotations

from markupsafe import Markup

from briefkit import markdown
from briefkit.mjml_compile import compile_mjml
from briefkit.model import Edition
from briefkit.theme import Theme

TEMPLATE = "email.mjml"


def _markdown_filter(rich: markdown.Rich) -> Markup:
    # markdown-it escapes any HTML written in the source, so its output is safe markup.
    return Markup(rich.html)


def render_mjml(edition: Edition, theme: Theme) -> str:
    """The theme's MJML for ``edition``, every value escaped."""
    env = theme.markup
    env.filters["markdown"] = _markdown_filter
    return env.get_template(TEMPLATE).render(edition=edition)


def render_email_html(edition: Edition, theme: Theme) -> str:
    """The email's HTML."""
    return compile_mjml(render_mjml(edition, theme))

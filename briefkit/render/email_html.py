"""Render an edition as responsive email HTML: the theme's MJML template, then MJML compiled to HTML."""

from __future__ import annotations

from briefkit.edition.model import Edition
from briefkit.render.mjml import compile_mjml
from briefkit.render.templates import Theme

TEMPLATE = "email.mjml"


def render_mjml(edition: Edition, theme: Theme, scheme: str = "", proof: bool = False) -> str:
    """The theme's MJML for ``edition``, every value escaped. ``scheme``: "" (the reader's mail app chooses light
    or dark), or "dark" (the theme's dark rules hold whatever the app asks: the proof's dark frames). ``proof``:
    the copy a proof's frame shows (its links open a new window, and a line marks where the email ends)."""
    return theme.markup.get_template(TEMPLATE).render(edition=edition, scheme=scheme, proof=proof)


def render_email_html(edition: Edition, theme: Theme, scheme: str = "", proof: bool = False) -> str:
    """The email's HTML (``scheme``, ``proof``: see render_mjml)."""
    return compile_mjml(render_mjml(edition, theme, scheme, proof), theme, TEMPLATE)

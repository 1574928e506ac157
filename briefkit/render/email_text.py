"""Render an edition as the email's plain-text alternative, from the model (not from the HTML)."""

from __future__ import annotations

import re

from briefkit.edition.model import Edition
from briefkit.render import markdown
from briefkit.render.templates import Theme

TEMPLATE = "email.txt"
WIDTH = 76


def render_email_text(edition: Edition, theme: Theme) -> str:
    """Plain text wrapped at 76 columns, links as numbered references listed at the end."""
    template = theme.text.get_template(TEMPLATE)
    text = template.render(edition=edition, refs=markdown.LinkRefs(), width=WIDTH)
    lines = "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", lines) + "\n"
